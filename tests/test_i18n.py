"""One text catalogue: every interface string comes from the gettext
catalogues, Danish by default, English with `theme.language: en`."""
from __future__ import annotations

import html
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from conftest import FIXTURES, ROOT, run_cli, search_shards

from archive.i18n import catalogue_path, languages

sys.path.insert(0, str(ROOT / "tools"))
import messages  # noqa: E402  (tools/messages.py)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_catalogue_has_every_message_translated(language):
    assert language in languages()
    assert messages.problems(language) == []


def english_config(target: Path) -> Path:
    """mkdocs.yml with theme.language: en, written beside the test's files."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["language"] = "en"
    # The body's own name and description are its configuration, not interface text.
    config["site_name"] = "Meeting archive of KD-Net"
    config["site_description"] = "Agendas and minutes of the municipal directors' network."
    config["docs_dir"] = str(ROOT / config["docs_dir"])
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config["watch"] = [str(ROOT / path) for path in config.get("watch", [])]
    path = target / "mkdocs-en.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def english_site(tmp_path_factory) -> Path:
    """The tiny fixture archive built in English."""
    root = tmp_path_factory.mktemp("english")
    shutil.copytree(FIXTURES / "tiny", root / "content")
    result = run_cli("--config", str(english_config(root)), "--content", str(root / "content"),
                     "build", "--site", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return root / "site"


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_]{3,}", text)}


def danish_interface_words() -> set[str]:
    """Words of the Danish catalogue that neither the English catalogue nor
    the fixture's records use: seeing one in the English site means a Danish
    interface string that did not come from the catalogue."""
    def catalogue_words(language):
        with catalogue_path(language).open("rb") as po:
            entries = list(read_po(po))[1:]
        texts = [s for e in entries for s in ((e.string,) if isinstance(e.string, str) else e.string)]
        return _words(re.sub(r"%\(\w+\)s|<[^>]+>", " ", " ".join(texts)))
    records = " ".join(p.read_text(encoding="utf-8") for p in (FIXTURES / "tiny").rglob("*") if p.is_file())
    # Danish dates as the interface wrote them, and Material's own Danish.
    extra = {"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "januar", "februar", "marts", "maj", "juni",
             "juli", "oktober", "indhold", "forside"}
    return (catalogue_words("da") | extra) - catalogue_words("en") - _words(records)


def visible_text(page: str) -> str:
    """Text a reader sees or hears: text nodes and the attributes that are read out."""
    page = re.sub(r"<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>|<svg\b.*?</svg>", " ", page, flags=re.S)
    attributes = [value for value in re.findall(r'\b(?:aria-label|title|placeholder|alt|content)="([^"]*)"', page)
                  if not value.startswith(("http://", "https://"))]  # addresses are not words
    text = html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(attributes))
    return re.sub(r"https?://\S+", " ", text)  # printed addresses are not words


def test_the_english_site_has_no_danish_interface_word(english_site):
    danish = danish_interface_words()
    assert {"punkt", "søg", "fremlægges", "henvisning", "sagsforløb", "kopiér", "tilgængelighedserklæring"} <= danish
    found = {}
    for path in english_site.rglob("*.html"):
        words = _words(visible_text(path.read_text(encoding="utf-8"))) & danish
        if words:
            found[path.relative_to(english_site).as_posix()] = sorted(words)
    assert not found, f"Danish interface words in the English site: {found}"


def test_the_english_site_speaks_english(english_site):
    item = (english_site / "kd-net/2021-04-09/5/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in item
    assert "Item 5 · Friday 9 April 2021" in item
    assert '<meta property="og:locale" content="en_GB">' in item
    assert 'data-citation="KD-Net, meeting 9 April 2021, item 5: Beslutning om deltagelse i Human First – ' in item
    assert ">Copy citation</button>" in item
    # Section headings are the body's own words (archive.yaml), like record text.
    assert ">Indstilling</a></h2>" in item
    data = json.loads(re.search(r'<script type="application/json" id="ma-script-data">(.*?)</script>',
                                item).group(1))
    assert data["messages"]["results"] == {"one": "%(n)s result", "other": "%(n)s results"}
    meeting = (english_site / "kd-net/2021-04-09/index.html").read_text(encoding="utf-8")
    assert "KD-Net: agenda for the meeting of 9 April 2021" in meeting
    home = (english_site / "index.html").read_text(encoding="utf-8")
    assert "Agendas and minutes of 1 meeting with 2 items." in home
    search = (english_site / "soeg/index.html").read_text(encoding="utf-8")
    assert "<h1>Search the archive</h1>" in search and "<legend>Committee</legend>" in search
    # Pagefind indexed the pages as English, the feeds say English.
    [entry] = search_shards(english_site).values()
    assert list(entry["languages"]) == ["en"]
    assert "X-WR-CALNAME:Meetings: KD-Net" in (english_site / "kalender/kd-net.ics").read_text(encoding="utf-8")
    assert 'xml:lang="en"' in (english_site / "nyt.atom").read_text(encoding="utf-8")


def test_the_danish_site_is_danish(tiny_site):
    item = (tiny_site / "kd-net/2021-04-09/5/index.html").read_text(encoding="utf-8")
    assert '<html lang="da"' in item and "Punkt 5 · fredag den 9. april 2021" in item
    assert 'data-citation="KD-Net, møde 9. april 2021, punkt 5: Beslutning om deltagelse i Human First – ' in item
    [entry] = search_shards(tiny_site).values()
    assert list(entry["languages"]) == ["da"]


@pytest.mark.browser
def test_the_english_search_page_and_copy_buttons_speak_english(english_site, page):
    """The scripts take their words from the catalogue too (the page's JSON block)."""
    from conftest import serve_folder

    with serve_folder(english_site) as base:
        page.goto(f"{base}/soeg/?q=human")
        page.wait_for_function("document.querySelector('#ma-status').textContent.includes('result')")
        status = page.inner_text("#ma-status")
        assert status.startswith(("1 result for »human«", "2 results for »human«")), status
        assert "item 5" in page.inner_text("#ma-results")
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.goto(f"{base}/kd-net/2021-04-09/5/")
        page.click("button[data-copy=citation]")
        page.wait_for_function("document.querySelector('.ma-cite__status').textContent !== ''")
        assert page.inner_text(".ma-cite__status") == "Citation copied"
