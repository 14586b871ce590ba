"""Files made from the archive besides its pages: iCalendar files of the
meetings (past and planned), an Atom feed of published agendas and minutes,
a JSON export of the whole archive (schema: archive/schema/arkiv.schema.json),
the sitemap, and the search page's spellings without æ, ø, å.

Dates in these files come from the records, never from the clock, so that a
rebuild gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event

from . import records as r
from . import urls
from .danish import long_date
from .markup import hide_emails
from .model import Archive
from .references import item_text
from .views import KIND_LABELS, GeneratedFile, Site

TIMEZONE = ZoneInfo("Europe/Copenhagen")
SCHEMA = Path(__file__).parent / "schema" / "arkiv.schema.json"
ATOM_ENTRIES = 50  # the feed is for news: the newest documents only


def calendar_url(committee: str | None) -> str:
    return f"kalender/{committee or 'alle'}.ics"


ATOM_URL = "nyt.atom"
SITEMAP_URL = "sitemap.xml"
SPELLINGS_URL = "soeg/stavemaader.json"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_FOLDS = (str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}), str.maketrans({"æ": "a", "ø": "o", "å": "a"}),
          str.maketrans({"æ": "e", "ø": "o", "å": "a"}))
EXPORT_URL = "data/arkiv.json"
SCHEMA_URL = "data/arkiv.schema.json"


def build_sitemap(site: Site, site_url: str) -> GeneratedFile:
    """Every page for search engines, redirects left out (mkdocs's own sitemap
    is switched off: with pages rendered in shards it would list one shard)."""
    base = escape(site_url.rstrip("/") + "/")
    urls_ = sorted(page.url for page in site.pages if page.template != "moved.html")
    body = "".join(f"  <url><loc>{base}{escape(url)}</loc></url>\n" for url in urls_)
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n")
    return GeneratedFile(SITEMAP_URL, text.encode("utf-8"), "Sitemap")


def build_spellings(archive: Archive) -> GeneratedFile:
    """Words typed without æ, ø, å → the archive's words they stand for:
    {"mode": "møde", "moede": "møde", "okonomi": "økonomi", …}. Pagefind does
    not fold these letters; the search page rewrites such words before it
    searches. A folded form that is itself a word of the archive is left out
    (it means what it says); where two words fold alike, the more frequent wins."""
    counts: dict[str, int] = {}
    for item in archive.items():
        for word in _WORD.findall(item_text(item).lower()):
            counts[word] = counts.get(word, 0) + 1
    spellings: dict[str, str] = {}
    for word in sorted((w for w in counts if any(letter in w for letter in "æøå")), key=lambda w: (-counts[w], w)):
        for fold in _FOLDS:
            folded = word.translate(fold)
            if folded not in counts:
                spellings.setdefault(folded, word)
    data = json.dumps(dict(sorted(spellings.items())), ensure_ascii=False, separators=(",", ":"))
    return GeneratedFile(SPELLINGS_URL, data.encode("utf-8"), "Stavemåder uden æ, ø og å")


def build_feeds(archive: Archive, site_url: str) -> list[GeneratedFile]:
    base = site_url.rstrip("/") + "/"
    files = [GeneratedFile(calendar_url(None), _calendar(archive, base, None), "Kalender: alle møder")]
    for slug, committee in archive.committees.items():
        if archive.meetings_by_committee.get(slug) or any(k[0] == slug for k in archive.references.planned):
            files.append(GeneratedFile(calendar_url(slug), _calendar(archive, base, slug),
                                       f"Kalender: {committee.short_name}"))
    files.append(GeneratedFile(ATOM_URL, _atom(archive, base), "Nye dagsordener og referater"))
    files.append(GeneratedFile(EXPORT_URL, _export(archive, base), "Arkivet som JSON"))
    files.append(GeneratedFile(SCHEMA_URL, SCHEMA.read_bytes(), "JSON-skema for arkivet"))
    files.append(build_spellings(archive))
    return files


# ------------------------------------------------------------------ iCalendar

def _stamp(archive: Archive) -> dt.datetime:
    """DTSTAMP: the newest date in the archive, so the file only changes with it."""
    newest = max((m.published or m.date for m in archive.meetings), default=dt.date(2000, 1, 1))
    return dt.datetime.combine(newest, dt.time(), dt.timezone.utc)


def _when(date: dt.date, time: str | None) -> dt.date | dt.datetime:
    if not time:
        return date
    hours, minutes = map(int, time.split(":"))
    return dt.datetime.combine(date, dt.time(hours, minutes), TIMEZONE)


def _calendar(archive: Archive, base: str, committee: str | None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Mødearkiv//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Møder: {archive.committees[committee].short_name}" if committee else "Møder")
    host = base.split("//", 1)[-1].split("/", 1)[0] or "moedearkiv"
    stamp = _stamp(archive)
    for meeting in archive.meetings:
        if committee in (None, meeting.committee):
            cal.add_component(_meeting_event(archive, meeting, base, host, stamp))
    for (slug, _), entry in archive.references.planned.items():
        if committee in (None, slug):
            cal.add_component(_planned_event(archive, entry, base, host, stamp))
    cal.add_missing_timezones()
    return cal.to_ical()


def _event(uid: str, summary: str, start, end, stamp) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    return event


def _meeting_event(archive: Archive, m: r.Meeting, base: str, host: str, stamp) -> Event:
    name = archive.committees[m.committee].short_name
    start = _when(m.date, m.start)
    end = _when(m.date, m.end) if m.start and m.end else (None if m.start else m.date + dt.timedelta(days=1))
    event = _event(f"{m.committee}-{m.date.isoformat()}@{host}", f"{name}: møde", start, end, stamp)
    if m.place:
        event.add("location", m.place)
    event.add("url", base + urls.meeting(m))
    items = "\n".join(f"{i.number}. {i.title}" for i in m.items)
    event.add("description", f"{KIND_LABELS[m.kind]}: {base + urls.meeting(m)}\n\n{items}".strip())
    event.add("status", "CANCELLED" if m.kind == "cancelled" else "CONFIRMED")
    return event


def _planned_event(archive: Archive, entry, base: str, host: str, stamp) -> Event:
    p, announced = entry.planned, entry.announced_in
    name = archive.committees[p.committee].short_name
    summary = f"{name}: møde" + (f" ({p.note})" if p.note else "")
    event = _event(f"{p.committee}-{p.date.isoformat()}@{host}", summary, p.date,
                   p.date + dt.timedelta(days=1), stamp)
    event.add("url", base + urls.item(announced))
    event.add("description", f"Planlagt møde, annonceret i {base + urls.item(announced)}")
    event.add("status", "CANCELLED" if p.cancelled else "TENTATIVE")
    return event


# ------------------------------------------------------------------ Atom

def _atom(archive: Archive, base: str) -> bytes:
    documents = sorted((m for m in archive.meetings if m.kind in ("agenda", "minutes")),
                       key=lambda m: (m.published or m.date, m.committee))[-ATOM_ENTRIES:]
    feed = FeedGenerator()
    feed.id(base)
    feed.title("Mødearkiv: nye dagsordener og referater")
    feed.link(href=base + ATOM_URL, rel="self")
    feed.link(href=base, rel="alternate")
    feed.language("da")
    feed.updated(_midnight(max((m.published or m.date for m in documents), default=dt.date(2000, 1, 1))))
    for m in documents:
        name = archive.committees[m.committee].short_name
        entry = feed.add_entry(order="prepend")  # newest first
        url = base + urls.meeting(m)
        entry.id(f"{url}#{m.kind}")  # the minutes are news even when the agenda was
        entry.title(f"{KIND_LABELS[m.kind]}: {name} {long_date(m.date)}")
        entry.link(href=url)
        entry.published(_midnight(m.published or m.date))
        entry.updated(_midnight(m.published or m.date))
        entry.summary("\n".join(f"{i.number}. {i.title}" for i in m.items))
    return feed.atom_str(pretty=True)


def _midnight(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(), TIMEZONE)


# ------------------------------------------------------------------ JSON export

def _export(archive: Archive, base: str) -> bytes:
    def period(record):
        return {"from": _iso(record.from_), "until": _iso(record.until)}

    data = {
        "site_url": base,
        "committees": [{"slug": c.slug, "name": c.name, "short_name": c.short_name, "kind": c.kind,
                        "description": c.description, "parent": c.parent, "url": base + urls.committee(c.slug),
                        "members": [{"person": mb.person, "role": mb.role, **period(mb)} for mb in c.members]}
                       for c in archive.committees.values()],
        "organisations": [{"slug": o.slug, "name": o.name, "kind": o.kind, "url": base + urls.organisation(o.slug)}
                          for o in archive.organisations.values()],
        "people": [{"slug": p.slug, "name": p.name, "variants": list(p.variants), "url": base + urls.person(p.slug),
                    "affiliations": [{"organisation": a.organisation, "title": a.title, **period(a)}
                                     for a in p.affiliations]}
                   for p in archive.people.values()],
        "topics": [{"slug": t.slug, "name": t.name, "aliases": list(t.aliases), "description": t.description,
                    "url": base + urls.topic(t.slug)} for t in archive.topics.values()],
        "meetings": [_meeting_json(m, base) for m in archive.meetings],
        "planned_meetings": [{"committee": p.committee, "date": p.date.isoformat(), "note": p.note,
                              "cancelled": p.cancelled, "announced_in": base + urls.item(e.announced_in)}
                             for e in archive.references.planned.values() for p in [e.planned]],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _meeting_json(m: r.Meeting, base: str) -> dict:
    return {
        "committee": m.committee, "date": m.date.isoformat(), "kind": m.kind,
        "start": m.start, "end": m.end, "place": m.place, "title": m.title,
        "participants": list(m.participants), "apologies": list(m.apologies),
        "substitutes": [{"person": s.person, "for": s.for_} for s in m.substitutes],
        "url": base + urls.meeting(m),
        "items": [{
            "number": i.number, "title": i.title, "url": base + urls.item(i),
            "presenters": list(i.presenters), "topics": list(i.topics), "case": i.case,
            "recommendation": hide_emails(i.recommendation), "background": hide_emails(i.background),
            "case_text": hide_emails(i.case_text), "decision": hide_emails(i.decision),
            "attachments": [{"title": a.title, "url": base + u if (u := urls.attachment(i, a)) else None}
                            for a in i.attachments],
        } for i in m.items],
    }


def _iso(value) -> str | int | None:
    return value.isoformat() if isinstance(value, dt.date) else value
