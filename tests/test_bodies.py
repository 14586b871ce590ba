"""Any Danish public body: the Aarhus archive (examples/aarhus, Byråd 27
August 2025 and Teknisk Udvalg 1 October 2025 from FirstAgenda) built end to
end — its own sections and case numbers, the path of a case through bodies,
closed items, positions — and the body's configuration."""
from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, check, run_cli

AARHUS = ROOT / "examples" / "aarhus"
BYRAAD = "meetings/aarhus-byraad/2025-08-27"
CLOSED = f"{BYRAAD}/21-koeb-af-landbrugsejendom.md"
SECRET = "Lodsejeren Hemmeligsen kræver 41 mio. kr. for ejendommen"


@pytest.fixture(scope="module")
def aarhus_site(tmp_path_factory) -> Path:
    """The Aarhus archive, with a sentence planted in every part of its closed
    item (body, frontmatter, steps, positions, attachment), built once."""
    root = tmp_path_factory.mktemp("aarhus")
    content = root / "content"
    shutil.copytree(AARHUS, content)
    closed = content / CLOSED
    text = closed.read_text(encoding="utf-8")
    text = text.replace("closed: true\n", "closed: true\npresenters: [viggo-jonasen]\ntopics: [aarhus-oe]\n"
                        "positions:\n  - stance: against\n    parties: [venstre]\n    note: " + SECRET + " (note)\n"
                        "steps:\n  - committee: magistraten\n    date: 2025-08-19\n    number: \"99\"\n"
                        "    decision: " + SECRET + " (step)\n"
                        "attachments:\n  - title: " + SECRET + " (bilag)\n  - title: Notat\n"
                        "    file: bilag/hemmeligt-notat.md\n")
    (closed.parent / "bilag" / "hemmeligt-notat.md").write_text(f"{SECRET} (notat).\n", encoding="utf-8")
    text += f"\n## Resume\n\n{SECRET} (resume). Se byrådets møde den 27. august 2025 og Jesper Kjeldsen.\n"
    closed.write_text(text, encoding="utf-8")
    result = run_cli("--content", str(content), "build", "--site", str(root / "site"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "site"


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", page).split())


def test_the_aarhus_archive_is_valid():
    d = check(AARHUS)
    assert d.errors == [], d.report()
    assert d.warnings == [], d.report()


def test_every_item_of_both_meetings_is_there(aarhus_site):
    byraad = read(aarhus_site, "aarhus-byraad/2025-08-27")
    assert [int(n) for n in re.findall(r'id="punkt-(\d+)"', byraad)] == list(range(1, 22))
    tu = read(aarhus_site, "teknisk-udvalg/2025-10-01")
    assert [int(n) for n in re.findall(r'id="punkt-(\d+)"', tu)] == list(range(1, 7))


def test_the_bodys_configuration_names_the_site(aarhus_site):
    home = read(aarhus_site, "")
    assert "<title>Forside · Aarhus Kommune – dagsordener og referater</title>" in home
    assert 'href="https://www.was.digst.dk/aarhus-dk">Tilgængelighedserklæring</a>' in home


def test_sections_of_the_bodys_own_documents_with_their_roles(aarhus_site):
    page = read(aarhus_site, "teknisk-udvalg/2025-10-01/3")
    headings = re.findall(r'<section class="ma-section ma-section--(\w+)" data-pagefind-weight="(\d+)">\s*'
                          r'<h2 id="([^"]+)"[^>]*><a href="#\3">([^<]+)</a></h2>', page)
    # A section with a role has that role's address in every archive
    # (#beslutning, whatever the body calls it); the others their name's.
    assert headings[:5] == [("decision", "5", "beslutning", "Beslutninger"), ("plain", "1", "indledning", "Indledning"),
                            ("summary", "2", "resume", "Resume"),
                            ("recommendation", "3", "indstilling", "Beslutningspunkter"),
                            ("plain", "1", "borgmesterens-afdelings-paategning", "Borgmesterens Afdelings påtegning")]


def test_the_kattrup_local_plan_links_its_path_both_ways(aarhus_site):
    """Lokalplan 1221: Magistraten → Byråd 27 August item 10 → Teknisk Udvalg
    1 October item 3; both items are in the archive and link each other."""
    tu = read(aarhus_site, "teknisk-udvalg/2025-10-01/3")
    path = tu.split('ma-section--path', 1)[1].split("</section>", 1)[0]
    assert 'href="../../../aarhus-byraad/2025-08-27/10/"' in path
    assert "Magistraten, 19. august 2025, punkt 7" in text_of(path)
    assert "Teknisk Udvalg, 22. september 2025, punkt 4" in text_of(path)
    assert "Deltog ikke i behandlingen: Jesper Kjeldsen" in text_of(path)
    byraad = read(aarhus_site, "aarhus-byraad/2025-08-27/10")
    back = byraad.split('ma-section--path', 1)[1].split("</section>", 1)[0]
    assert 'href="../../../teknisk-udvalg/2025-10-01/3/"' in back
    # "byrådets møde den 27. august 2025" in Teknisk Udvalg's text is the Byråd's meeting.
    assert re.search(r'<a class="ma-mention" href="\.\./\.\./\.\./aarhus-byraad/2025-08-27/">byrådets møde den '
                     r'27\. august 2025</a>', tu)
    case = text_of(read(aarhus_site, "sager/emn-2025-008468").split("Sagens behandling</h2>", 1)[1])
    order = [case.index(s) for s in ("Magistraten, 19. august 2025, punkt 7", "Aarhus Byråd, 27. august 2025, punkt 10",
                                     "Teknisk Udvalg, 22. september 2025, punkt 4",
                                     "Teknisk Udvalg, 1. oktober 2025, punkt 3")]
    assert order == sorted(order)


def test_havnens_perle_with_its_reservations(aarhus_site):
    page = read(aarhus_site, "aarhus-byraad/2025-08-27/2")
    assert "Fremsendes til Teknisk Udvalg til behandling" in page
    path = text_of(page.split('ma-section--path', 1)[1].split("</section>", 1)[0])
    assert "Tog forbehold: Socialdemokratiet (A)" in path
    assert "Deltog ikke i behandlingen: Jesper Kjeldsen" in path
    party = text_of(read(aarhus_site, "organisationer/socialdemokratiet"))
    assert "Parti (A)" in party


def test_positions_on_the_item_person_and_party_pages(aarhus_site):
    item = text_of(read(aarhus_site, "teknisk-udvalg/2025-10-01/2"))
    assert "Kunne tiltræde: Jesper Kjeldsen, Steffen Wich, Gert Bjerregaard (V), Metin Lindved Aydin (B)" in item
    assert "Tog forbehold: Jakob Søgaard Clausen (Æ)" in item
    assert "Kunne ikke tiltræde: Solveig Munk (Ø)" in item
    assert "Deltog ikke i behandlingen: Liv Gro Jensen" in item
    person = text_of(read(aarhus_site, "personer/solveig-munk"))
    assert "Kunne ikke tiltræde: Udviklingsplan Aarhus Ø - endelig vedtagelse" in person
    absent = text_of(read(aarhus_site, "personer/jesper-kjeldsen").split("Deltog ikke i behandlingen af", 1)[1])
    assert "Lokalplan 1221 (tillæg 2 til lokalplan 411)" in absent and "Magistraten, 19. august 2025, punkt 7" in absent
    party = text_of(read(aarhus_site, "organisationer/socialistisk-folkeparti"))
    assert "Kunne ikke tiltræde" in party and "Svar på forslag fra KF og M om at halvere prisen" in party


def _published_text(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind's index and fragments are gzip-compressed
        data = gzip.decompress(data)
    return data.decode("utf-8", "ignore")


def test_nothing_of_a_closed_item_but_number_and_title_is_published(aarhus_site):
    files = [p for p in aarhus_site.rglob("*") if p.is_file()]
    assert len(files) > 100 and any(p.suffix == ".pf_fragment" for p in files)
    words = ("Hemmeligsen", "hemmeligsen", "41 mio")
    leaks = [str(p.relative_to(aarhus_site)) for p in files if any(w in _published_text(p) for w in words)]
    assert leaks == [], leaks
    page = read(aarhus_site, "aarhus-byraad/2025-08-27/21")
    assert "<h1" in page and "Køb af landbrugsejendom" in page
    assert "Lukket punkt: kun nummer og titel offentliggøres." in page
    assert "EMN-2025-007940" not in page and "data-pagefind-body" not in page
    assert not (aarhus_site / "sager/emn-2025-007940").exists()
    assert "Køb af landbrugsejendom" not in text_of(read(aarhus_site, "personer/viggo-jonasen"))
    assert "Køb af landbrugsejendom" not in text_of(read(aarhus_site, "emner/aarhus-oe"))


# ------------------------------------------------------------------ quality of the new page parts

AARHUS_PAGES = {"item-with-path-and-positions": "/teknisk-udvalg/2025-10-01/2/",
                "item-with-reservations": "/aarhus-byraad/2025-08-27/2/", "closed-item": "/aarhus-byraad/2025-08-27/21/",
                "case-path": "/sager/emn-2025-008468/", "party": "/organisationer/socialistisk-folkeparti/",
                "person-stances": "/personer/solveig-munk/", "meeting": "/aarhus-byraad/2025-08-27/"}


@pytest.mark.browser
@pytest.mark.parametrize("kind", sorted(AARHUS_PAGES))
def test_no_wcag_violation_on_the_new_page_parts(aarhus_site, page, kind):
    from conftest import serve_folder
    from test_quality import axe_violations

    with serve_folder(aarhus_site) as base:
        page.goto(base + AARHUS_PAGES[kind])
        assert axe_violations(page) == []


def test_the_aarhus_site_is_valid_html_with_headings_in_order(aarhus_site):
    import subprocess

    from test_quality import VNU, _Headings, html_files

    files = html_files(aarhus_site)
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *map(str, files)],
                            capture_output=True, text=True)
    assert len(files) > 90
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr[:3000]
    for path in files:
        parser = _Headings()
        parser.feed(path.read_text(encoding="utf-8"))
        levels = parser.levels
        assert levels.count(1) == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), (path, levels)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def test_the_bodys_logo_is_shipped_and_shown_and_an_svg_is_refused(tiny, tmp_path):
    (tiny / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    config = tiny / "archive.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "logo: logo.svg\n", encoding="utf-8")
    [error] = check(tiny).errors
    assert (error.field, error.path) == ("logo", "content/archive.yaml")
    assert "a logo is a .png, .jpg or .webp image" in error.message
    (tiny / "logo.png").write_bytes(PNG)
    config.write_text(config.read_text(encoding="utf-8").replace("logo.svg", "logo.png"), encoding="utf-8")
    result = run_cli("--content", str(tiny), "build", "--site", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/assets/logo.png").read_bytes() == PNG
    assert 'src="../assets/logo.png"' in (tmp_path / "site/kd-net/index.html").read_text(encoding="utf-8")


def test_the_export_carries_decisions_as_recorded_and_nothing_of_the_closed_item(aarhus_site):
    from test_feeds import read_export

    _, meetings = read_export(aarhus_site)
    tu = next(m for m in meetings if m["committee"] == "teknisk-udvalg")
    item = tu["items"][1]
    assert item["outcome"] == "adopted"
    assert {"stance": "against", "parties": [], "people": ["solveig-munk"], "note": ""} in item["positions"]
    assert item["absent"] == ["liv-gro-jensen"] and item["steps"][0]["committee"] == "magistraten"
    closed = next(m for m in meetings if m["committee"] == "aarhus-byraad")["items"][20]
    assert sorted(closed) == ["closed", "number", "title", "url"]
