# Two commands do all the set-up: `make serve` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: serve site check test test-unit bench browser java words lock clean

# The virtual environment, from the exact versions in requirements.lock
# (regenerate it with `make lock` after changing pyproject.toml).
$(STAMP): pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

serve: $(STAMP)
	$(PY) build.py serve

site: $(STAMP)
	$(PY) build.py build

check: $(STAMP)
	$(PY) build.py check

# Browser tests drive Debian's Chromium, the HTML checker needs Java: install
# them where they are missing (apt-get: as root, as on CI).
browser: $(CHROMIUM)
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

java:
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless)

# The Danish word list that `build.py import` repairs OCR text against (Debian's wdanish).
DANISH_WORDS := /usr/share/dict/danish
words: $(DANISH_WORDS)
$(DANISH_WORDS):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wdanish

# axe-core (accessibility), vnu-jar (Nu Html Checker) and lighthouse, exact versions from package-lock.json.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(STAMP) browser java words $(NODE_STAMP)
	$(PY) -m pytest

test-unit: $(STAMP)
	$(PY) -m pytest -m "not browser"

# Speed and memory next to plain mkdocs-material + Pagefind (SIZES=100,300,1000,3000 for more).
SIZES ?= 100
bench: $(STAMP)
	$(PY) tools/benchmark.py --sizes $(SIZES)

lock:
	$(PY) -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) site .site.new .site.old .site.cache .preview
