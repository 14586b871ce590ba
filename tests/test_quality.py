"""Quality gates on the built site: accessibility (axe-core in Chromium),
valid HTML (Nu Html Checker), nothing loaded from another host, no harvestable
e-mail addresses, the accessibility statement on every page."""
import gzip
import html
import re
import subprocess
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT, serve_folder

from archive.markup import EMAIL

AXE = ROOT / "node_modules/axe-core/axe.min.js"
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STATEMENT = "https://www.was.digst.dk/moedearkiv-kd-net-kkr-midtjylland"

# One page of every kind (the attachment page comes from the tiny archive).
PAGE_KINDS = {
    "home": "/", "committee": "/kd-net/", "committee-year": "/kd-net/2021/", "meeting-agenda": "/kd-net/2021-04-09/",
    "meeting-minutes": "/kd-net/2021-08-20/", "meeting-kkr": "/kkr-midtjylland/2019-09-06/",
    "item": "/kd-net/2021-04-09/5/", "item-minutes": "/kd-net/2020-05-29/7/",
    "person": "/personer/flemming-storgaard/", "organisation": "/organisationer/viborg-kommune/",
    "topic": "/emner/govtech-midtjylland/", "case": "/sager/sag-2019-03640/", "people": "/personer/",
    "search-results": "/soeg/?q=klima&udvalg=kd-net", "404": "/404.html",
}


def html_files(*sites: Path) -> list[Path]:
    return sorted(p for site in sites for p in site.rglob("*.html"))


# ------------------------------------------------------------------ accessibility

def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]} — {v['help']}"
            for v in result["violations"]]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_wcag_a_or_aa_violation(served, page, kind, scheme):
    """In the reader's light and dark colour scheme alike (archive.css follows it)."""
    assert AXE.exists(), "node_modules missing: run `make test`, which installs axe-core"
    page.emulate_media(color_scheme=scheme)
    foreign = []
    page.on("request", lambda r: None if r.url.startswith(served) else foreign.append(r.url))
    page.goto(served + PAGE_KINDS[kind])
    if kind.startswith("search"):
        page.wait_for_function("document.querySelector('#ma-status').textContent.includes('resultat')")
    assert axe_violations(page) == []
    assert foreign == []


@pytest.mark.browser
def test_attachment_page_has_no_violation(tiny_site, page):
    with serve_folder(tiny_site) as base:
        page.goto(f"{base}/kd-net/2021-04-09/bilag/notat/")
        assert page.locator("h1").inner_text() == "Notat om kommunal involvering"
        assert axe_violations(page) == []


@pytest.mark.browser
def test_search_works_with_the_keyboard_and_announces_results(served, page):
    page.goto(f"{served}/soeg/")
    page.wait_for_selector("#ma-search[data-ready]")
    page.keyboard.press("Tab")  # skip link or header search first: tab until the query field
    for _ in range(15):
        if page.evaluate("document.activeElement.id") == "ma-q":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ma-q"
    page.keyboard.type("human first")
    page.keyboard.press("Enter")
    status = page.locator("#ma-status")
    assert status.get_attribute("role") == "status"  # announced by screen readers
    page.wait_for_function("document.querySelector('#ma-status').textContent.includes('resultat')")
    assert page.get_by_label("Søgeord").input_value() == "human first"


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels, self.lang = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def test_every_page_is_danish_with_one_h1_and_headings_in_order(site, tiny_site):
    problems = []
    for path in html_files(site, tiny_site):
        parser = _Headings()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.lang != "da":
            problems.append(f"{path}: lang={parser.lang!r}")
        if parser.levels.count(1) != 1 or parser.levels[0] != 1:
            problems.append(f"{path}: h1s {parser.levels[:3]}")
        for before, after in pairwise(parser.levels):
            if after > before + 1:
                problems.append(f"{path}: h{before} → h{after}")
                break
    assert not problems, "\n".join(problems[:20])


def test_accessibility_statement_on_every_page_and_at_was(site):
    pages = [p for p in html_files(site) if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    missing = [p for p in pages if f'<a href="{STATEMENT}">Tilgængelighedserklæring</a>'
               not in p.read_text(encoding="utf-8")]
    assert len(pages) > 250 and not missing, missing[:5]
    was = (site / "was/index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url={STATEMENT}">' in was
    assert f'<link rel="canonical" href="{STATEMENT}">' in was


# ------------------------------------------------------------------ valid HTML

def test_nu_html_checker_finds_no_error(site, tiny_site):
    assert VNU.exists(), "node_modules missing: run `make test`, which installs vnu-jar"
    files = html_files(site, tiny_site)
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *map(str, files)],
                            capture_output=True, text=True)
    assert len(files) > 290
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr[:3000]


# ------------------------------------------------------------------ private

class _Loads(HTMLParser):
    """Everything a page makes the browser fetch by itself."""

    LOADING_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                     "apple-touch-icon", "dns-prefetch", "preconnect"}

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "frame", "embed", "source", "audio", "video", "track", "input"):
            self.urls += [a[k] for k in ("src", "poster") if a.get(k)]
        if a.get("srcset"):
            self.urls += [part.split()[0] for part in a["srcset"].split(",") if part.strip()]
        if tag == "link" and set((a.get("rel") or "").split()) & self.LOADING_LINKS:
            self.urls.append(a.get("href", ""))
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        if a.get("style"):
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", a["style"])


def test_nothing_is_loaded_from_another_host(site):
    foreign = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            parser = _Loads()
            text = path.read_text(encoding="utf-8")
            parser.feed(text)
            urls = parser.urls + re.findall(r"url\(\s*['\"]?([^'\")]+)", " ".join(re.findall(r"<style[^>]*>(.*?)</style>", text, re.S)))
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
        else:
            continue
        foreign += [f"{path.relative_to(site)}: {u}" for u in urls
                    if urlparse(html.unescape(u)).netloc or u.strip().startswith("//")]
    assert not foreign, "\n".join(foreign[:20])


def test_email_addresses_of_the_records_are_not_published(site):
    addresses = {f"{m.group(1)}@{m.group(2)}".lower()
                 for path in (ROOT / "content").rglob("*") if path.suffix in (".md", ".yaml")
                 for m in EMAIL.finditer(path.read_text(encoding="utf-8"))}
    assert "brian.hoyer.lorentsen@randers.dk" in addresses  # the seeds do contain one
    leaks = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".pf_fragment":
            data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        text = data.decode("utf-8", "ignore").lower()
        leaks += [f"{path.relative_to(site)}: {a}" for a in addresses if a in text]
    assert not leaks, leaks[:10]
    page = (site / "kd-net/2021-04-09/index.html").read_text(encoding="utf-8")
    assert "Brian.Hoyer.Lorentsen (snabel-a) randers.dk" in page


@pytest.mark.browser
def test_email_becomes_a_mailto_link_in_the_browser(served, page):
    page.goto(f"{served}/kd-net/2021-04-09/")
    link = page.locator(".ma-email a")
    assert link.get_attribute("href") == "mailto:Brian.Hoyer.Lorentsen@randers.dk"
