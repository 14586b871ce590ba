"""Lighthouse (performance, accessibility, best practices, SEO) on four kinds of
page of the bundled site, as a phone on a slow 4G line would see them.

Run with `-s` to see each page's scores; the full reports are kept in pytest's
temporary directory (the path is printed)."""
import json
import os
import subprocess
from urllib.parse import urlparse

import pytest
from conftest import CHROMIUM, ROOT, serve_folder

LIGHTHOUSE = ROOT / "node_modules/lighthouse/cli/index.js"  # exact version: package-lock.json

PAGES = {"home": "/", "meeting": "/kd-net/2021-04-09/", "item": "/kd-net/2021-04-09/5/",
         "search": "/soeg/?q=klima"}

# Debian's Chromium, headless, as root (no sandbox) and with nothing of its own
# on the network (no updates, sync or QUIC probes): only the site is fetched.
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync "
                "--disable-dev-shm-usage")

# The lowest acceptable score of each category (Lighthouse scores are 0–1).
# The site is served as static hosts serve it, text gzipped (see
# `served_like_a_host`); it sends no cache headers, which a host may add.
MINIMUM = {"performance": 0.95, "accessibility": 1, "best-practices": 1, "seo": 0.95}


def run_lighthouse(url: str, output) -> dict:
    """Lighthouse's default run: the mobile profile with simulated throttling
    (Moto G Power, slow 4G, 4× CPU slowdown)."""
    result = subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--only-categories=performance,accessibility,best-practices,seo",
         "--output=json", f"--output-path={output}", "--quiet",
         "--no-enable-error-reporting",  # never send anything to Lighthouse's makers
         f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(output.read_text(encoding="utf-8"))
    assert not report.get("runtimeError"), report["runtimeError"]
    return report


def named(audit: dict) -> list[str]:
    """The first few elements or files an audit's details name."""
    items = (audit.get("details") or {}).get("items")
    names = []
    for item in (items if isinstance(items, list) else [])[:3]:  # a checklist's items are a dict
        if not isinstance(item, dict):
            continue
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        name = node.get("selector") or item.get("url")
        names += [f"{name} {node.get('snippet', '')}".strip()] if name else []
    return names


def failing_audits(report: dict) -> list[str]:
    """Every audit of the four categories that is not fully passed, with its
    weight in the category's score: what a developer has to fix."""
    lines = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if audit["scoreDisplayMode"] in ("informative", "notApplicable", "manual"):
                continue
            if audit["score"] is None or audit["score"] < 1:
                found = [audit.get("displayValue"), audit.get("explanation"), *named(audit)]
                lines.append(f"  [{category['id']}, weight {ref['weight']}] {audit['id']} ({audit['title']}):"
                             f" score {audit['score']}; " + "; ".join(f for f in found if f))
    # A small shift still scores 1, and "layout-shifts" is informative: name
    # the elements that moved here.
    if report["audits"]["cumulative-layout-shift"]["numericValue"]:
        lines.append("  layout-shifts (elements that moved): " + "; ".join(named(report["audits"]["layout-shifts"])))
    return lines


@pytest.fixture(scope="module")
def served_like_a_host(site):
    """The bundled site with its text gzipped, as every static host serves
    it (the README's hosting section): a slow 4G phone fetches 139 kB of
    Material's stylesheet uncompressed, 22 kB compressed."""
    with serve_folder(site, compress=True) as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(PAGES))
def test_lighthouse_scores(served_like_a_host, tmp_path, kind):
    served = served_like_a_host
    assert LIGHTHOUSE.exists(), "node_modules missing: run `make test`, which installs lighthouse"
    output = tmp_path / f"lighthouse-{kind}.json"
    report = run_lighthouse(served + PAGES[kind], output)
    scores = {name: category["score"] for name, category in report["categories"].items()}
    shift = report["audits"]["cumulative-layout-shift"]["numericValue"]
    summary = json.dumps({"page": kind, **scores, "cls": shift})
    print(f"\n{summary}  (report: {output})")

    # The site loads nothing from another host: nor may the page in Lighthouse.
    origin = urlparse(served).netloc
    foreign = [r["url"] for r in report["audits"]["network-requests"]["details"]["items"]
               if urlparse(r["url"]).scheme in ("http", "https") and urlparse(r["url"]).netloc != origin]
    assert foreign == [], foreign

    too_low = {name: score for name, score in scores.items() if score is None or score < MINIMUM[name]}
    # Nothing may move once shown: a layout shift of 0, not merely a "good" one.
    assert not too_low and shift == 0, "\n".join(
        [f"{kind} {PAGES[kind]}: {summary}", "Audits not passed:", *failing_audits(report)])
