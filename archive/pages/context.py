"""What every view maker shares: the archive, the settings, the URL builder,
and the small views that recur on many pages (a link to a person, a meeting
in a list, an item in a timeline, text with its mentions linked)."""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import records as r
from ..i18n import N_, _, count, long_date, weekday_date
from ..markup import link_text, rebase_headings, to_html
from ..memo import Memo, key
from ..mentions import case_spans
from ..model import Archive, today
from ..references import PlannedEntry, as_in_html
from ..views import ROOT, ItemRef, Link, MeetingSummary, Settings

RECENT_VIEWS = 4  # meetings whose item views a process keeps (Context.once)

# What whole-archive outputs (the search page's spellings, what each
# meeting's pages show of others, the items' excerpts in the route table)
# take from each meeting alone, kept between
# builds (publish.py) by the meeting's record-cache key: an edit reads one
# meeting's texts again, not 20,000 items' (Context.of_meeting).
MEETING_PARTS = Memo()
KIND_LABELS = {"agenda": N_("Agenda"), "minutes": N_("Minutes"),
               "planned": N_("Planned meeting"), "cancelled": N_("Cancelled")}


@dataclass(frozen=True)
class Target:
    """One page or file a route produces: its URL's parameters, what its view
    is made from, and the fields of its title and description."""

    params: dict
    subject: object = None
    fields: dict = field(default_factory=dict)
    name: str = ""          # what the page shows, for the URL registry
    description: str = ""   # instead of the route's description message
    group: str = ""         # pages rendered by one process (a meeting and its items)
    search: bool | None = None  # indexed for search (None: as the route says)
    # A file's: a digest of all it is made of; the build keeps the last
    # build's file while it is the same, and makes it only otherwise.
    key: str | None = None
    # The date of what it shows, when its parameters hold none (a case's
    # page: its latest treatment); plugin.plan deals pages in date order.
    when: dt.date | None = None


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind])


def period(start, until) -> str:
    text = lambda v: long_date(v) if isinstance(v, dt.date) else str(v)  # noqa: E731
    if start and until:
        return f"{text(start)} – {text(until)}"
    if start:
        return _("from %(start)s") % {"start": text(start)}
    if until:
        return _("until %(until)s") % {"until": text(until)}
    return ""


def _during(period, date: dt.date) -> bool:
    """Whether ``date`` falls in a period whose bounds are dates or years."""
    start = period.from_ if isinstance(period.from_, dt.date) else dt.date(period.from_, 1, 1) \
        if period.from_ else dt.date.min
    end = period.until if isinstance(period.until, dt.date) else dt.date(period.until, 12, 31) \
        if period.until else dt.date.max
    return start <= date <= end


class Context:
    def __init__(self, archive: Archive, settings: Settings, url: Callable[..., str]):
        self.a = archive
        self.settings = settings
        self.url = url
        self.site_url = settings.site_url.rstrip("/") + "/" if settings.site_url else "/"
        self.refs = archive.references
        # Views several pages show, made once per process: a committee's
        # meetings by year; and, of the last few meetings only (their pages
        # render one after another), a meeting's item views (its page and its
        # item pages) — kept for every meeting, they would grow with the archive.
        self.made: dict[tuple, object] = {}
        self.recent: OrderedDict[tuple, object] = OrderedDict()
        self.search_shards: tuple = ()  # set when every page is made (routes.build_site)

    def once(self, key: tuple, make: Callable[[], object], recent: bool = False):
        """``make()``, made once per process for ``key`` (``recent``: while
        it is among the last few made so)."""
        if recent:
            if key not in self.recent:
                self.recent[key] = make()
                if len(self.recent) > RECENT_VIEWS:
                    self.recent.popitem(last=False)
            return self.recent[key]
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]

    def of_meeting(self, m: r.Meeting, what: tuple, make: Callable[[], object]):
        """``make()`` — plain data made from meeting ``m``'s records and
        ``what`` alone (``what`` names the result and all else it is made
        of) — or the last build's, when the records are as they were then (the
        meeting's folder has the same record-cache key: ``Archive.digests``)."""
        digest = self.a.digests.get((m.committee, m.date))
        return make() if digest is None else MEETING_PARTS.get(key(digest, *what), make)

    @property
    def archive(self) -> Archive:
        return self.a

    @property
    def today(self) -> dt.date:
        return today()

    def markdown(self, text: str, top: int) -> str:
        """A record's Markdown as HTML whose highest heading is ``top``."""
        return rebase_headings(to_html(text), top)

    # mentions in text → links
    def linked(self, html: str, committee: str | None = None, date: dt.date | None = None,
               page: tuple | None = None) -> str:
        """``html`` with registered people, meetings in the archive and case
        numbers turned into links (the page's own meeting excepted). Outside a
        meeting (descriptions), a meeting must be named with committee and year.
        ``page``: the meeting of the page (default: ``committee`` and ``date``)."""
        own = page or (committee, date)

        def find(text: str):
            spans = [(s.start, s.end, ROOT + self.url("person", person=s.target[0]))
                     for s in self.refs.people_finder.spans(text)]
            for m in self.refs.meeting_finder.mentions(text, committee, date.year if date else None):
                key = (m.committee, m.date)
                if key in self.a.meeting_index and key != own:
                    spans.append((m.span.start, m.span.end, ROOT + self.meeting_url(self.a.meeting_index[key])))
            spans += [(s.start, s.end, ROOT + self.url("case", case=s.target[0]))
                      for s in case_spans(text, self.a.config.case_pattern) if s.target[0] in self.a.items_by_case]
            return spans
        return link_text(html, find) if html else html

    def named_in(self, markdown: str) -> tuple:
        """What ``linked`` could link in a text outside any meeting (a
        description) besides people: the meetings and case numbers it names,
        each with whether the archive has it — what its links depend on."""
        text = as_in_html(markdown)
        meetings = sorted({(m.committee, m.date) for m in self.refs.meeting_finder.mentions(text, None, None)})
        cases = sorted({s.target[0] for s in case_spans(text, self.a.config.case_pattern)})
        return (tuple((key, key in self.a.meeting_index) for key in meetings),
                tuple((case, case in self.a.items_by_case) for case in cases))

    # URLs of records
    def meeting_url(self, m: r.Meeting | r.Item) -> str:
        return self.url("meeting", committee=m.committee, date=m.date)

    def item_url(self, i: r.Item) -> str:
        return self.url("item", committee=i.committee, date=i.date, number=i.number)

    # links
    def person(self, slug: str) -> Link:
        return Link(self.a.people[slug].name, self.url("person", person=slug))

    def topic(self, slug: str) -> Link:
        return Link(self.a.topics[slug].name, self.url("topic", topic=slug))

    def committee(self, slug: str) -> Link:
        return Link(self.a.committees[slug].short_name, self.url("committee", committee=slug))

    def organisation(self, slug: str) -> Link:
        return Link(self.a.organisations[slug].name, self.url("organisation", organisation=slug))

    def party(self, slug: str) -> Link:
        """'Socialistisk Folkeparti (F)'"""
        o = self.a.organisations[slug]
        return Link(f"{o.name} ({o.letter})" if o.letter else o.name, self.url("organisation", organisation=slug))

    def member(self, slug: str, date: dt.date) -> Link:
        """A person with the letter of the party they belonged to on ``date``:
        'Gert Bjerregaard (V)' (where the records say so)."""
        letter = next((self.a.organisations[af.organisation].letter for af in self.a.people[slug].affiliations
                       if self.a.organisations[af.organisation].kind == "parti" and _during(af, date)), "")
        name = self.a.people[slug].name
        return Link(f"{name} ({letter})" if letter else name, self.url("person", person=slug))

    def step_context(self, committee: str, date: dt.date, number: str) -> str:
        """'Magistraten, 19. august 2025, punkt 7'"""
        return _("%(committee)s, %(date)s, item %(number)s") % {
            "committee": self.a.committees[committee].short_name, "date": long_date(date), "number": number}

    def case(self, number: str) -> Link:
        return Link(number, self.url("case", case=number))

    def by_name(self, records, link) -> tuple[Link, ...]:
        return tuple(sorted((link(slug) for slug in records), key=lambda entry: entry.text.lower()))

    # meetings and items in lists
    def meeting_name(self, m: r.Meeting | r.Item) -> str:
        """'KD-Net, møde 9. april 2021'"""
        return _("%(committee)s, meeting %(date)s") % {
            "committee": self.a.committees[m.committee].short_name, "date": long_date(m.date)}

    def meeting_short(self, m: r.Meeting | r.Item) -> str:
        """'KD-Net 9. april 2021'"""
        return f"{self.a.committees[m.committee].short_name} {long_date(m.date)}"

    def meeting_link(self, m: r.Meeting) -> Link:
        return Link(self.meeting_name(m), self.meeting_url(m))

    def item_count(self, n: int) -> str:
        return count(n, "%(n)s item", "%(n)s items")

    def summary(self, m: r.Meeting) -> MeetingSummary:
        return MeetingSummary(
            link=self.meeting_link(m), committee=self.a.committees[m.committee].short_name,
            date_text=weekday_date(m.date), kind=m.kind, kind_label=kind_label(m.kind),
            item_count=self.item_count(len(m.items)))

    @staticmethod
    def summary_inputs(m: r.Meeting) -> tuple:
        """What ``summary`` shows of a meeting besides the registries: what a
        page that lists the meeting draws on (pages/registries.py)."""
        return m.committee, m.date, m.kind, len(m.items)

    def planned_summary(self, entry: PlannedEntry) -> MeetingSummary:
        p, announced = entry.planned, entry.announced_in
        kind = "cancelled" if p.cancelled else "planned"
        source = _("%(meeting)s, item %(number)s") % {"meeting": self.meeting_name(announced),
                                                       "number": announced.number}
        return MeetingSummary(
            link=None, committee=self.a.committees[p.committee].short_name,
            date_text=weekday_date(p.date), kind=kind, kind_label=kind_label(kind), item_count="",
            note=p.note, source=Link(source, self.item_url(announced)))

    def item_refs(self, items) -> tuple[ItemRef, ...]:
        return tuple(self.item_ref(i) for i in items)

    def item_ref(self, i: r.Item) -> ItemRef:
        return ItemRef(Link(i.title, self.item_url(i)), self.step_context(i.committee, i.date, i.number), i.date)
