"""The render data, tested as views: the tiny fixture archive compiled once,
each route's view made directly (no mkdocs, no HTML)."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import FIXTURES

from archive import pipeline, routes
from archive.views import Settings

SITE_URL = "http://archive.example.dk/"


@pytest.fixture(scope="module")
def site():
    settings = Settings(site_url=SITE_URL, accessibility_statement="https://www.was.digst.dk/x", language="da")
    site, diagnostics = pipeline.compile_site(FIXTURES / "tiny", settings)
    assert site is not None, diagnostics.report()
    return site


def page(site, url: str):
    return next(p for p in site.pages if p.url == url)


def view(site, url: str):
    return page(site, url).view()


def test_every_page_and_file_has_a_route(site):
    """Each address the site has matches exactly one route's pattern."""
    import re
    patterns = [(r, re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"[^/]+", re.escape(r.pattern)) + "$"))
                for r in routes.ROUTES if r.name != "redirect"]
    for address in [p.url for p in site.pages] + [f.url for f in site.files]:
        matching = {r.name for r, pattern in patterns if pattern.match(address)}
        assert matching, address


def test_item_view(site):
    item = view(site, "kd-net/2021-04-09/5/")
    assert (item.number, item.title) == ("5", "Beslutning om deltagelse i Human First")
    assert [link.url for link in item.presenters] == ["personer/flemming-storgaard/"]
    assert [s.label for s in item.sections] == ["Indstilling", "Sagsfremstilling"]
    assert item.permalink == SITE_URL + "kd-net/2021-04-09/5/"
    assert item.citation == ("KD-Net, møde 9. april 2021, punkt 5: Beslutning om deltagelse i Human First – "
                             + SITE_URL + "kd-net/2021-04-09/5/")
    assert item.meeting.url == "kd-net/2021-04-09/" and item.previous.url == "kd-net/2021-04-09/1/"
    assert item.next is None
    assert [a.url for a in item.attachments] == ["kd-net/2021-04-09/bilag/notat/", None]
    assert ("udvalg", "kd-net") in item.search.filters and ("type", "dagsorden") in item.search.filters
    assert item.kind == "agenda" and item.kind_label == "Dagsorden"


def test_meeting_view(site):
    meeting = view(site, "kd-net/2021-04-09/")
    assert meeting.heading == "KD-Net: dagsorden for mødet 9. april 2021"
    assert meeting.time_text == "kl. 10.00–12.30" and meeting.date_text == "fredag den 9. april 2021"
    assert [link.text for link in meeting.apologies] == ["Lasse Jakobsen"]
    assert [i.number for i in meeting.items] == ["1", "5"]
    assert meeting.video == "https://video.example.dk/kd-net/2021-04-09"
    # The item pages show the very views the meeting page shows (made once).
    assert view(site, "kd-net/2021-04-09/5/") is meeting.items[1]


def test_committee_and_year_views(site):
    committee = view(site, "kd-net/")
    assert [y.year for y in committee.years] == [2021]
    assert [link.url for link in committee.all_years] == ["kd-net/2021/"]
    year = view(site, "kd-net/2021/")
    assert year.year == 2021 and year.committee.url == "kd-net/"
    assert [m.link.url for m in year.meetings if m.link] == ["kd-net/2021-04-09/"]
    assert year.newer is None and year.older is None
    assert page(site, "kd-net/2021/").title == "KD-Net: møder i 2021"


def test_person_topic_and_list_views(site):
    person = view(site, "personer/flemming-storgaard/")
    assert [ref.link.url for ref in person.presented] == ["kd-net/2021-04-09/5/"]
    assert person.presented[0].context == "KD-Net, 9. april 2021, punkt 5"
    topic = view(site, "emner/human-first/")
    assert [ref.link.url for ref in topic.items] == ["kd-net/2021-04-09/5/"]
    people = view(site, "personer/")
    assert people.heading == "Personer"
    assert [e.text for e in people.entries] == sorted((e.text for e in people.entries), key=str.lower)


def test_search_view_labels_every_filter_value(site):
    search = view(site, "soeg/")
    groups = {g.name: g for g in search.filters}
    assert list(groups) == ["udvalg", "aar", "type", "emne", "person", "beslutning"]
    assert groups["udvalg"].values == (("kd-net", "KD-Net"),)
    assert groups["type"].values == (("dagsorden", "Dagsorden"), ("referat", "Referat"), ("bilag", "Bilag"))


def test_titles_and_descriptions_come_from_the_route_table(site):
    item = page(site, "kd-net/2021-04-09/5/")
    assert item.title == "Punkt 5: Beslutning om deltagelse i Human First — KD-Net 9. april 2021"
    assert item.pagefind and item.group == "kd-net/2021-04-09/"
    assert page(site, "kd-net/2021-04-09/").title == "Dagsorden: KD-Net 9. april 2021"
    assert page(site, "emner/human-first/").description == "Human First: alle punkter om emnet."


def test_files_come_from_the_route_table(site):
    files = {f.url: f for f in site.files}
    assert {"kalender/alle.ics", "kalender/kd-net.ics", "nyt.atom", "data/arkiv.json",
            "data/arkiv.schema.json", "soeg/stavemaader.json", "sitemap.xml"} <= set(files)
    sitemap = files["sitemap.xml"].content.decode()
    assert f"<loc>{SITE_URL}kd-net/2021/</loc>" in sitemap and f"<loc>{SITE_URL}was/</loc>" not in sitemap
    export = json.loads(files["data/arkiv.json"].content)
    assert export["years"] == [{"year": 2021, "url": SITE_URL + "data/moeder/2021.json", "meetings": 1}]
    meeting = json.loads(files["data/moeder/2021.json"].data())["meetings"][0]
    assert meeting["video_url"] == "https://video.example.dk/kd-net/2021-04-09"
    assert meeting["items"][1]["url"] == SITE_URL + "kd-net/2021-04-09/5/"
    assert "source_path" not in meeting and "committee" not in meeting["items"][0]


def test_reserved_names_follow_from_the_routes():
    reserved = routes.reserved_names()
    assert {"personer", "emner", "organisationer", "sager", "soeg", "kalender", "data", "was", "assets",
            "pagefind"} <= reserved
    assert "kd-net" not in reserved


def test_url_builder():
    assert routes.url("item", committee="kd-net", date=dt.date(2021, 4, 9), number="5") == "kd-net/2021-04-09/5/"
    assert routes.url("case", case="SAG-2019-03640") == "sager/sag-2019-03640/"
    assert routes.url("committee_year", committee="kd-net", year=2021) == "kd-net/2021/"
    assert "item " in routes.describe() and "/{committee}/{date}/{number}/" in routes.describe()


def test_a_registry_page_reads_the_entries_it_shows_not_every_one():
    # A person's year page, and their page of recent activity, among twenty
    # years of entries: a render process copies what it reads of the archive.
    from archive.pages.registries import RECENT_ENTRIES, _pick

    class Entry:
        read = 0

        def __init__(self, date):
            self._date = date

        @property
        def date(self):
            Entry.read += 1
            return self._date

    entries = [Entry(dt.date(2000 + n // 50, 1 + n % 12, 1 + n % 28)) for n in range(1000)]
    entries.sort(key=lambda e: e._date)
    chosen, more = _pick(entries, 2010)
    assert [e._date for e in chosen] == sorted((e._date for e in entries if e._date.year == 2010), reverse=True)
    assert not more and Entry.read <= 2 * 11  # two bisections
    Entry.read = 0
    chosen, more = _pick(entries, None)
    assert chosen == list(reversed(entries))[:RECENT_ENTRIES] and more and Entry.read == 0
    assert _pick(entries[:RECENT_ENTRIES], None) == (list(reversed(entries[:RECENT_ENTRIES])), False)
