"""End to end: build the real archive in content/ with mkdocs and Pagefind, and
read the pages a reader would open."""
import html
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from conftest import run_cli, search_shards

from archive.routes import url
from tools import synthetic

# The five seed documents, as transcribed: committee/date → (kind, item count).
SEED_MEETINGS = {
    "kkr-midtjylland/2019-09-06": ("agenda", 9),
    "kd-net/2020-05-29": ("minutes", 15),
    "kd-net/2020-08-28": ("agenda", 16),
    "kd-net/2021-04-09": ("agenda", 13),
    "kd-net/2021-08-20": ("minutes", 11),
}


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def heading(text: str, label: str) -> int:
    """Position of the <h2> section heading ``label`` (0 if absent); a
    section's heading is a link to itself."""
    match = re.search(f"<h2[^>]*>(?:<a [^>]*>)?{label}(?:</a>)?</h2>", text)
    return match.start() if match else 0


def test_the_seed_meetings_are_all_there(archive):
    found = {f"{m.committee}/{m.date}": (m.kind, len(m.items)) for m in archive.meetings}
    assert found == SEED_MEETINGS


def test_every_item_of_every_seed_meeting_has_its_page(site, archive):
    for item in archive.items():
        text = read(site, url("item", committee=item.committee, date=item.date, number=item.number))
        assert re.search(f"<h1[^>]*>{re.escape(html.escape(item.title, quote=False))}</h1>", text), url("item", committee=item.committee, date=item.date, number=item.number)
        assert f"Punkt {item.number}" in text


def test_human_first_item_page(site):
    text = read(site, "kd-net/2021-04-09/5")
    assert re.search("<h1[^>]*>Beslutning om deltagelse i Human First</h1>", text)
    assert re.search(r'<a href="[./]*/personer/flemming-storgaard/">Flemming Storgaard</a>', text)
    assert "Det indstilles, at KD-Net godkender:" in text
    assert heading(text, "Indstilling") and heading(text, "Sagsfremstilling")
    assert "<title>Punkt 5: Beslutning om deltagelse i Human First — KD-Net 9. april 2021 · " in text
    assert (site / "personer/flemming-storgaard/index.html").is_file()


def test_meeting_pages_show_kind_and_every_item_with_an_anchor(site, archive):
    for meeting in archive.meetings:
        text = read(site, url("meeting", committee=meeting.committee, date=meeting.date))
        label = {"agenda": "Dagsorden", "minutes": "Referat"}[meeting.kind]
        assert f'ma-kind--{meeting.kind}">{label}</span>' in text
        for item in meeting.items:
            assert f'id="punkt-{item.number}"' in text


def test_minutes_keep_recommendation_decision_and_case_apart(site):
    text = read(site, "kd-net/2021-08-20/2")
    assert heading(text, "Indstilling") < heading(text, "Referat") < heading(text, "Sagsfremstilling")
    assert "Referatet blev godkendt." in text


def test_kkr_items_keep_their_case_numbers_and_groups(site):
    text = read(site, "kkr-midtjylland/2019-09-06/3.2")
    assert "SAG-2019-03640" in text
    meeting = read(site, "kkr-midtjylland/2019-09-06")
    assert "3. Regionalpolitiske sager" in meeting


def test_registry_pages_exist(site, archive):
    for slug in archive.people:
        assert (site / url("person", person=slug) / "index.html").is_file()
    for slug in archive.topics:
        assert (site / url("topic", topic=slug) / "index.html").is_file()
    for slug in archive.organisations:
        assert (site / url("organisation", organisation=slug) / "index.html").is_file()
    for slug in archive.committees:
        assert (site / url("committee", committee=slug) / "index.html").is_file()
    assert "Beslutning om deltagelse i Human First" in read(site, "emner/human-first")
    committee = read(site, "kd-net")
    assert '<h3 id="aar-2021"><a href="../kd-net/2021/">2021</a></h3>' in committee
    assert "fredag den 9. april 2021" in committee


def test_home_and_404_are_danish(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="da"' in home and "Seneste møder" in home
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert "Siden findes ikke" in not_found
    assert "<title>Siden findes ikke · Mødearkiv for KD-Net og KKR Midtjylland</title>" in not_found


def test_pages_do_not_grow_with_the_archive(tmp_path):
    """No navigation tree of every meeting in every page, a bounded
    Sagsforløb, and committee, person and topic pages that show recent entries
    and link their year pages. From 40 meetings to 120 (same seed, so the
    first meetings are identical) the first meeting's pages keep their bytes,
    no list on any page kind holds more than its cap, and no page grows by a
    third while the archive triples."""
    from archive.pages.registries import RECENT_ENTRIES, RECENT_MEETINGS
    from tools import synthetic as synth
    pages = ["kd-net/2000-01-07", "kd-net/2000-01-07/2", "", "kd-net",
             f"personer/{synth.slug(synth.PEOPLE[0])}", f"emner/{synth.TOPICS[0]}", "personer", "emner", "sager"]
    built = []
    for count in (40, 120):
        content, site = tmp_path / f"c{count}", tmp_path / f"s{count}"
        synthetic.write(content, meetings=count, items=3, committees=1)
        result = run_cli("--content", str(content), "build", "--site", str(site))
        assert result.returncode == 0, result.stderr
        built.append({url: (site / url / "index.html").read_text(encoding="utf-8") for url in pages})
    small, large = built
    # byte for byte (its items list related items of later meetings, up to a cap: checked below)
    assert small[pages[0]] == large[pages[0]]
    for address in pages[1:]:
        lists = re.findall(r"<(?:ul|ol)\b.*?</(?:ul|ol)>", large[address], re.DOTALL)
        longest = max((block.count("<li") for block in lists), default=0)
        if address not in ("personer", "emner"):  # directories of a registry, whatever the meetings
            assert longest <= max(RECENT_ENTRIES, RECENT_MEETINGS), address
        assert len(large[address]) < 1.33 * len(small[address]), (address, len(small[address]), len(large[address]))


def test_search_index_is_built(site):
    assert search_shards(site) and (site / "pagefind" / "pagefind-highlight.js").is_file()


def test_every_internal_link_and_anchor_resolves(site):
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))
        return ids[path]

    broken, checked = [], 0
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        base = "/" + path.relative_to(site).as_posix()
        for href in re.findall(r'(?:href|src)="([^"]+)"', text):
            parsed = urlparse(html.unescape(href))
            if parsed.scheme or parsed.netloc or href.startswith("mailto:"):
                continue
            target = unquote(urlparse(urljoin(base, href)).path).lstrip("/")
            resolved = site / target
            if resolved.is_dir():
                resolved = resolved / "index.html"
            checked += 1
            if not resolved.exists():
                broken.append(f"{base} → {href}")
            elif parsed.fragment and resolved.suffix == ".html" and parsed.fragment not in anchors(resolved):
                broken.append(f"{base} → {href} (no such anchor)")
    assert checked > 5000
    assert not broken, "\n".join(broken[:20])


def test_one_search_not_two(site):
    """Material's built-in search is off: Pagefind is the only index."""
    assert not (site / "search").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'action="./soeg/"' in home and "md-search" not in home


def test_only_item_and_attachment_pages_are_indexed(site, archive):
    meeting = read(site, "kd-net/2021-04-09")
    assert "data-pagefind-body" not in meeting
    item = read(site, "kd-net/2021-04-09/5")
    assert item.count("data-pagefind-body") == 1
    for expected in ('data-pagefind-filter="udvalg">kd-net<', 'data-pagefind-filter="aar">2021<',
                     'data-pagefind-filter="type">dagsorden<', 'data-pagefind-filter="emne">human-first<',
                     'data-pagefind-filter="person">flemming-storgaard<',
                     'data-pagefind-filter="beslutning">nej<', 'data-pagefind-sort="dato">2021-04-09<',
                     'data-pagefind-meta="punkt">5<'):
        assert expected in item


def test_committee_year_pages(site, archive):
    """A page per committee and year (/kd-net/2021/), linked from the committee
    page, with that year's meetings, held and planned."""
    page = read(site, "kd-net/2021")
    assert "<h1>KD-Net: møder i 2021</h1>" in page
    assert "fredag den 9. april 2021" in page and "fredag den 20. august 2021" in page
    listed = page.split("<h1>", 1)[1].split("ma-pager", 1)[0]
    assert not re.search(r"(?:mandag|tirsdag|onsdag|torsdag|fredag) den \d+\. \w+ 2020", listed)
    assert '<a rel="prev" href="../../kd-net/2020/">← 2020</a>' in page
    for meeting in archive.meetings:
        year = read(site, f"{meeting.committee}/{meeting.date.year}")
        assert f'href="../../{meeting.committee}/{meeting.date.isoformat()}/"' in year
        assert f'href="../{meeting.committee}/{meeting.date.year}/"' in read(site, meeting.committee)
