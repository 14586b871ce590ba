"""Files made from the archive besides its pages: iCalendar files of the
meetings (past and planned), an Atom feed of published agendas and minutes,
the sitemap, and the search page's spellings without æ, ø, å (the JSON
export is ``export.py``).

Dates in these files come from the records, never from the clock, so that a
rebuild gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event

from . import memo
from . import records as r
from .i18n import _, language
from .memo import Memo
from .model import Archive
from .pages.context import Context, Target, kind_label
from .references import item_text
from .views import Settings, Site

TIMEZONE = ZoneInfo("Europe/Copenhagen")
ATOM_ENTRIES = 50  # the feed is for news: the newest documents only
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_FOLDS = (str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}), str.maketrans({"æ": "a", "ø": "o", "å": "a"}),
          str.maketrans({"æ": "e", "ø": "o", "å": "a"}))


def sitemap(site: Site, settings: Settings | None) -> bytes:
    """Every page for search engines, redirects left out (mkdocs's own sitemap
    is switched off: with pages rendered in shards it would list one shard)."""
    base = escape((settings.site_url if settings else "").rstrip("/") + "/")
    urls_ = sorted(page.url for page in site.pages if page.sitemap)
    body = "".join(f"  <url><loc>{base}{escape(url)}</loc></url>\n" for url in urls_)
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n")
    return text.encode("utf-8")


def spellings(ctx: Context, _subject=None) -> bytes:
    """Words typed without æ, ø, å → the archive's words they stand for:
    {"mode": "møde", "moede": "møde", "okonomi": "økonomi", …}. Pagefind does
    not fold these letters; the search page rewrites such words before it
    searches. A folded form that is itself a word of the archive is left out
    (it means what it says); where two words fold alike, the more frequent wins."""
    counts: Counter[str] = Counter()
    for m in ctx.a.meetings:
        counts.update(ctx.of_meeting(m, ("words",), lambda m=m: _word_counts(m)))
    found: dict[str, str] = {}
    for word in sorted((w for w in counts if any(letter in w for letter in "æøå")), key=lambda w: (-counts[w], w)):
        for fold in _FOLDS:
            folded = word.translate(fold)
            if folded not in counts:
                found.setdefault(folded, word)
    return json.dumps(dict(sorted(found.items())), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _word_counts(m: r.Meeting) -> dict[str, int]:
    """How often each word (lower case) occurs in a meeting's item texts."""
    # No word spans whitespace: count the whitespace-separated tokens first
    # (in C), then find the words in each distinct token once — the same
    # counts as finding words in every text, in a third of the time.
    tokens: Counter[str] = Counter()
    for item in m.items:
        tokens.update(item_text(item).lower().split())
    counts: Counter[str] = Counter()
    for token, n in tokens.items():
        for word in _WORD.findall(token):
            counts[word] += n
    return dict(counts)


def calendars(ctx: Context):
    """A calendar for every committee with meetings, held or planned."""
    planned = {slug for slug, _date in ctx.refs.planned}
    for slug, committee in ctx.a.committees.items():
        if ctx.a.meetings_by_committee.get(slug) or slug in planned:
            yield Target({"committee": slug}, slug, {"name": committee.short_name})


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


# The calendars of the last build, by a digest of their events: a rebuild
# makes again only those whose meetings changed (icalendar is 1.3 s a
# rebuild at 1,000 meetings otherwise). Kept by publish.py as the scans are.
CALENDARS = Memo()


def calendar(ctx: Context, committee: str | None) -> bytes:
    """The meetings of ``committee`` (None: of every committee), held and planned."""
    archive = ctx.a
    name = (_("Meetings: %(committee)s") % {"committee": archive.committees[committee].short_name}
            if committee else _("Meetings"))
    host = ctx.site_url.split("//", 1)[-1].split("/", 1)[0] or "moedearkiv"
    stamp = _stamp(archive)
    events = [_meeting_event(ctx, meeting, host) for meeting in archive.meetings if committee in (None, meeting.committee)]
    events += [_planned_event(ctx, entry, host) for (slug, _date), entry in archive.references.planned.items()
               if committee in (None, slug)]
    made = (f"-//Mødearkiv//{language().upper()}", name, stamp, tuple(events))
    return CALENDARS.get(memo.key(made), lambda: _ical(*made).decode("utf-8")).encode("utf-8")


def _ical(prodid: str, name: str, stamp: dt.datetime, events: tuple) -> bytes:
    """An iCalendar file of ``events`` (``_meeting_event``, ``_planned_event``: plain values)."""
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for uid, summary, start, end, fields in events:
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("summary", summary)
        event.add("dtstart", start)
        if end is not None:
            event.add("dtend", end)
        for field_name, value in fields:
            event.add(field_name, value)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _summary(ctx: Context, committee: str) -> str:
    return _("%(committee)s: meeting") % {"committee": ctx.a.committees[committee].short_name}


def _meeting_event(ctx: Context, m: r.Meeting, host: str) -> tuple:
    start = _when(m.date, m.start)
    end = _when(m.date, m.end) if m.start and m.end else (None if m.start else m.date + dt.timedelta(days=1))
    url = ctx.site_url + ctx.meeting_url(m)
    items = "\n".join(f"{i.number}. {i.title}" for i in m.items)
    fields = ((("location", m.place),) if m.place else ()) + (
        ("url", url), ("description", f"{kind_label(m.kind)}: {url}\n\n{items}".strip()),
        ("status", "CANCELLED" if m.kind == "cancelled" else "CONFIRMED"))
    return f"{m.committee}-{m.date.isoformat()}@{host}", _summary(ctx, m.committee), start, end, fields


def _planned_event(ctx: Context, entry, host: str) -> tuple:
    p, announced = entry.planned, entry.announced_in
    url = ctx.site_url + ctx.item_url(announced)
    fields = (("url", url), ("description", _("Planned meeting, announced in %(url)s") % {"url": url}),
              ("status", "CANCELLED" if p.cancelled else "TENTATIVE"))
    return (f"{p.committee}-{p.date.isoformat()}@{host}", _summary(ctx, p.committee) + (f" ({p.note})" if p.note else ""),
            p.date, p.date + dt.timedelta(days=1), fields)


# ------------------------------------------------------------------ Atom

def atom(ctx: Context, _subject=None) -> bytes:
    archive, base = ctx.a, ctx.site_url
    documents = sorted((m for m in archive.meetings if m.kind in ("agenda", "minutes")),
                       key=lambda m: (m.published or m.date, m.committee))[-ATOM_ENTRIES:]
    feed = FeedGenerator()
    feed.id(base)
    feed.title(_("Meeting archive: new agendas and minutes"))
    feed.link(href=base + ctx.url("atom"), rel="self")
    feed.link(href=base, rel="alternate")
    feed.language(language())
    feed.updated(_midnight(max((m.published or m.date for m in documents), default=dt.date(2000, 1, 1))))
    for m in documents:
        entry = feed.add_entry(order="prepend")  # newest first
        url = base + ctx.meeting_url(m)
        entry.id(f"{url}#{m.kind}")  # the minutes are news even when the agenda was
        entry.title(f"{kind_label(m.kind)}: {ctx.meeting_short(m)}")
        entry.link(href=url)
        entry.published(_midnight(m.published or m.date))
        entry.updated(_midnight(m.published or m.date))
        entry.summary("\n".join(f"{i.number}. {i.title}" for i in m.items))
    return feed.atom_str(pretty=True)


def _midnight(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(), TIMEZONE)
