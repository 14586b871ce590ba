"""Feeds and exports, read back by independent parsers; link-preview metadata."""
import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import jsonschema
from icalendar import Calendar
from test_site import read


def test_calendar_of_all_meetings_past_and_planned(site, archive):
    cal = Calendar.from_ical((site / "kalender/alle.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert len(events) == len(archive.meetings) + len(archive.references.planned)
    human_first = next(e for uid, e in events.items() if uid.startswith("kd-net-2021-04-09@"))
    start = human_first.decoded("dtstart")
    assert start == dt.datetime(2021, 4, 9, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert human_first.decoded("dtend").hour == 12 and human_first.decoded("dtend").minute == 30
    assert str(human_first["location"]) == "Teams-møde"
    assert str(human_first["url"]) == "http://127.0.0.1:8000/kd-net/2021-04-09/"
    assert "5. Beslutning om deltagelse i Human First" in str(human_first["description"])
    cancelled = next(e for uid, e in events.items() if uid.startswith("kd-net-2021-09-24@"))
    assert str(cancelled["status"]) == "CANCELLED"
    assert cal.walk("VTIMEZONE"), "times carry their time zone"


def test_calendar_per_committee(site):
    kkr = Calendar.from_ical((site / "kalender/kkr-midtjylland.ics").read_bytes())
    uids = [str(e["uid"]) for e in kkr.walk("VEVENT")]
    assert uids and all(uid.startswith("kkr-midtjylland-") for uid in uids)
    assert any(uid.startswith("kkr-midtjylland-2019-09-06@") for uid in uids)


def test_atom_feed_of_agendas_and_minutes(site, archive):
    feed = feedparser.parse((site / "nyt.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == "da"
    titles = [e.title for e in feed.entries]
    assert titles[0] == "Referat: KD-Net 20. august 2021"  # newest first
    assert len(feed.entries) == len([m for m in archive.meetings if m.kind in ("agenda", "minutes")])
    entry = next(e for e in feed.entries if e.title == "Dagsorden: KD-Net 9. april 2021")
    assert entry.link == "http://127.0.0.1:8000/kd-net/2021-04-09/"
    assert "5. Beslutning om deltagelse i Human First" in entry.summary


def read_export(site: Path) -> tuple[dict, list[dict]]:
    """The archive's export, checked against its schema, and the meetings of
    every year file it lists, each file checked against the year schema."""
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    data = json.loads((site / "data/arkiv.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "data/arkiv.schema.json").read_text(encoding="utf-8"))
    year_schema = json.loads((site / "data/moeder.schema.json").read_text(encoding="utf-8"))
    for one in (schema, year_schema):
        jsonschema.Draft202012Validator.check_schema(one)
    jsonschema.validate(data, schema, format_checker=checker)
    meetings = []
    for year in data["years"]:
        assert year["url"] == f"{data['site_url']}data/moeder/{year['year']}.json"
        file = json.loads((site / "data/moeder" / f"{year['year']}.json").read_text(encoding="utf-8"))
        jsonschema.validate(file, year_schema, format_checker=checker)
        assert file["year"] == year["year"] and len(file["meetings"]) == year["meetings"]
        assert {m["date"][:4] for m in file["meetings"]} == {str(year["year"])}
        meetings += file["meetings"]
    return data, meetings


def test_json_export_matches_its_schema(site, archive):
    data, meetings = read_export(site)
    assert len(meetings) == len(archive.meetings)
    assert [m["date"] for m in meetings] == sorted(m["date"] for m in meetings)
    item = next(i for m in meetings if m["date"] == "2021-04-09" for i in m["items"] if i["number"] == "5")
    assert item["title"] == "Beslutning om deltagelse i Human First"
    assert item["presenters"] == ["flemming-storgaard"]
    assert item["url"] == "http://127.0.0.1:8000/kd-net/2021-04-09/5/"
    assert len(data["people"]) == len(archive.people)


def test_a_year_file_made_meeting_by_meeting_is_the_json_of_the_whole(site):
    # export.year_file encodes each meeting in turn (a municipality's year
    # made at once was five times its 23 MB); the bytes are one json.dumps's.
    for path in sorted((site / "data/moeder").glob("*.json")):
        raw = path.read_bytes()
        data = json.loads(raw)
        assert len(data["meetings"]) > 1 or path.stem != "2021"
        assert raw == (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8"), path.name


def test_the_schema_rejects_what_it_does_not_describe(site):
    data = json.loads((site / "data/moeder/2021.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "data/moeder.schema.json").read_text(encoding="utf-8"))
    data["meetings"][0]["items"][0]["secret"] = "x"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors and "secret" in errors[0].message
    archive = json.loads((site / "data/arkiv.json").read_text(encoding="utf-8"))
    archive["meetings"] = []  # the meetings are in the year files
    assert list(jsonschema.Draft202012Validator(
        json.loads((site / "data/arkiv.schema.json").read_text(encoding="utf-8"))).iter_errors(archive))


def test_item_link_preview_metadata(site):
    page = read(site, "kd-net/2021-04-09/5")
    meta = dict(re.findall(r'<meta property="(og:[a-z_]+)" content="([^"]*)"', page))
    assert meta["og:title"] == "Punkt 5: Beslutning om deltagelse i Human First — KD-Net 9. april 2021"
    assert meta["og:url"] == "http://127.0.0.1:8000/kd-net/2021-04-09/5/"
    assert meta["og:description"].startswith("Det indstilles, at KD-Net godkender")
    assert meta["og:type"] == "article" and meta["og:locale"] == "da_DK"
    assert "<title>Punkt 5: Beslutning om deltagelse i Human First — KD-Net 9. april 2021 · " in page
    assert '<link rel="canonical" href="http://127.0.0.1:8000/kd-net/2021-04-09/5/">' in page
    assert re.search(r'<meta name="description" content="Det indstilles', page)


def test_meeting_preview_names_kind_committee_and_date(site):
    page = read(site, "kd-net/2021-08-20")
    assert '<meta property="og:title" content="Referat: KD-Net 20. august 2021">' in page


def test_a_rebuild_makes_only_the_calendars_whose_meetings_changed(tiny, tmp_path, monkeypatch):
    """Calendars are kept between builds by a digest of their events
    (memo.py): after an item's text is edited none is made again; after a
    meeting is moved, those that hold it are, with the new date."""
    from conftest import MEETING, ROOT, edit

    from archive import feeds, publish

    config, site = ROOT / "mkdocs.yml", tmp_path / "site"
    settings = publish.settings(config)
    first, _ = publish.compile_site(tiny, settings, site, config)
    made = []
    original = feeds._ical
    monkeypatch.setattr(feeds, "_ical", lambda *args: made.append(args[1]) or original(*args))
    edit(tiny, f"{MEETING}/05-human-first.md", "Det indstilles", "Sekretariatet indstiller")
    again, _ = publish.compile_site(tiny, settings, site, config)
    assert made == []
    assert {f.url: f.content for f in again.files if f.url.endswith(".ics")} == \
        {f.url: f.content for f in first.files if f.url.endswith(".ics")}
    edit(tiny, f"{MEETING}/meeting.md", "start: \"10:00\"", "start: \"09:00\"")
    moved, _ = publish.compile_site(tiny, settings, site, config)
    assert len(made) == 2  # every meeting's and KD-Net's
    calendar = Calendar.from_ical(next(f.content for f in moved.files if f.url == "kalender/alle.ics"))
    event = next(e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("kd-net-2021-04-09@"))
    assert event.decoded("dtstart").hour == 9
