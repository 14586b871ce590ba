"""Routes of the registries: committees and their years, people,
organisations, topics, cases, and the lists of each."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import groupby

from .. import records as r
from ..i18n import N_, _
from ..views import Drawn, ItemRef, Link, MeetingSummary, Role
from .context import Context, Target, period
from .meetings import STANCE_LABELS, case_path

RECENT_ENTRIES = 10  # of each list on a person's, topic's or organisation's own page; all on its year pages
RECENT_MEETINGS = 24  # at most on a committee page
RECENT_YEARS = 2  # years with meetings held shown in full on a committee page (and the planned ones after)
ORGANISATION_KINDS = {"kommune": N_("Municipality"), "region": N_("Region"),
                      "kl": N_("Local Government Denmark"), "parti": N_("Party"), "andet": N_("Organisation")}



# ------------------------------------------------------------------ views of this family

@dataclass(frozen=True)
class YearGroup:
    year: int
    meetings: tuple[MeetingSummary, ...]
    link: Link  # the year's own page


@dataclass(frozen=True)
class CommitteeView:
    name: str
    short_name: str
    kind: str
    description_html: str
    parent: Link | None
    children: tuple[Link, ...]
    members: tuple[Role, ...]
    organisation: Link | None  # the public body it belongs to
    upcoming: tuple[MeetingSummary, ...]
    years: tuple[YearGroup, ...]  # the recent years in full
    all_years: tuple[Link, ...]   # every year's page, newest first
    topics: tuple[Link, ...]


@dataclass(frozen=True)
class CommitteeYearView:
    committee: Link
    name: str
    year: int
    meetings: tuple[MeetingSummary, ...]
    newer: Link | None
    older: Link | None
    all_years: tuple[Link, ...]


@dataclass(frozen=True)
class PersonView:
    name: str
    variants: tuple[str, ...]
    affiliations: tuple[Role, ...]
    memberships: tuple[Role, ...]
    presented: tuple[ItemRef, ...]
    appointments: tuple[ItemRef, ...]
    mentioned: tuple[ItemRef, ...]
    attended: tuple[MeetingSummary, ...]
    apologies: tuple[MeetingSummary, ...]
    stances: tuple[StanceRef, ...] = ()   # how the person stood on decisions
    absent: tuple[ItemRef, ...] = ()      # treatments the person did not take part in
    disqualified: tuple[ItemRef, ...] = ()
    span: "Span" = None                  # recent activity, or one year's


@dataclass(frozen=True)
class Span:
    """What a person's, topic's or organisation's page shows: the recent
    entries of each list (year None: the page itself, bounded), or all of one
    year's (its year page); and the links to every year."""

    year: int | None
    years: tuple[Link, ...]
    more: bool   # a list of the page was cut to its recent entries


@dataclass(frozen=True)
class StanceRef:
    item: ItemRef
    label: str   # "Tog forbehold"
    note: str


@dataclass(frozen=True)
class OrganisationView:
    name: str
    kind_label: str
    people: tuple[Role, ...]
    items: tuple[ItemRef, ...]
    committees: tuple[Link, ...]
    stances: tuple[StanceRef, ...] = ()   # a party's stances on decisions
    span: "Span" = None


@dataclass(frozen=True)
class TopicView:
    name: str
    aliases: tuple[str, ...]
    description_html: str
    items: tuple[ItemRef, ...]
    committees: tuple[Link, ...]
    people: tuple[Link, ...]
    span: "Span" = None


@dataclass(frozen=True)
class CaseView:
    number: str
    items: tuple[ItemRef, ...]
    committees: tuple[Link, ...]
    path: tuple = ()   # every step of the case through bodies (StepView), oldest first


@dataclass(frozen=True)
class IndexView:
    heading: str
    intro: str
    entries: tuple[Link, ...]
    span: Span | None = None  # a list that grows with the archive: recent entries and year pages


# ------------------------------------------------------------------ producers

def _registry(records, parameter: str):
    for record in records.values():
        yield Target({parameter: record.slug}, (record, None), {"name": record.name})


def _registry_years(ctx: Context, records, parameter: str, years_of):
    for record in records.values():
        for year in sorted(years_of(ctx, record), reverse=True):
            yield Target({parameter: record.slug, "year": year}, (record, year), {"name": record.name, "year": year})


def person_years(ctx: Context):
    return _registry_years(ctx, ctx.a.people, "person", lambda c, p: _person_whole(c, p).years)


def organisation_years(ctx: Context):
    return _registry_years(ctx, ctx.a.organisations, "organisation", lambda c, o: _org_whole(c, o).years)


def topic_years(ctx: Context):
    return _registry_years(ctx, ctx.a.topics, "topic", lambda c, t: _topic_whole(c, t).years)


def _date(entry) -> object:
    return entry.date


def _of_year(entries: list, year: int, date_of=_date) -> list:
    """The entries of one year of ``entries`` (in date order), found by
    bisection."""
    lo = bisect_left(entries, year, key=lambda e: date_of(e).year)
    return entries[lo:bisect_left(entries, year + 1, lo=lo, key=lambda e: date_of(e).year)]


def _pick(entries: list, year: int | None, date_of=_date) -> tuple[list, bool]:
    """Of ``entries`` (in date order) one year's, or the most recent
    RECENT_ENTRIES, newest first; and whether any were left out. It reads
    only the entries it gives: a page of the registries reads the records
    it shows, not every one of its record's, and a render process copies
    what it reads of the archive (plugin.plan deals the pages in the date
    order of what they show). A list chosen by more than dates is made
    once in the build's process (``_whole``)."""
    if year is not None:
        return list(reversed(_of_year(entries, year, date_of))), False
    newest = entries[-RECENT_ENTRIES - 1:][::-1]
    return newest[:RECENT_ENTRIES], len(newest) > RECENT_ENTRIES


def _span(ctx: Context, route: str, parameter: str, slug: str, years: set[int], year: int | None, more: bool) -> Span:
    links = tuple(Link(str(y), ctx.url(route, **{parameter: slug, "year": y})) for y in sorted(years, reverse=True))
    return Span(year, links, more)


def committees(ctx: Context):
    for c in ctx.a.committees.values():
        _committee_whole(ctx, c.slug)  # made here, in the build's process (``_whole``)
        yield Target({"committee": c.slug}, c, {"name": c.name})


def people(ctx: Context):
    return _registry(ctx.a.people, "person")


def organisations(ctx: Context):
    return _registry(ctx.a.organisations, "organisation")


def topics(ctx: Context):
    return _registry(ctx.a.topics, "topic")


def cases(ctx: Context):
    for number, items in ctx.a.items_by_case.items():
        yield Target({"case": number}, number, {"case": number}, when=items[-1].date)


def committee_years(ctx: Context):
    for c in ctx.a.committees.values():
        for year in _dated(ctx, c.slug):
            yield Target({"committee": c.slug, "year": year}, (c, year),
                         {"committee": c.short_name, "year": year})


# ------------------------------------------------------------------ committees

def _dated(ctx: Context, slug: str) -> dict[int, tuple[MeetingSummary, ...]]:
    """The committee's meetings, held and planned, by year (newest year
    first, newest meeting first); made once per process (the committee page
    and every year page show them)."""
    return ctx.once(("dated", slug), lambda: _dated_uncached(ctx, slug))


def _dated_uncached(ctx: Context, slug: str) -> dict[int, tuple[MeetingSummary, ...]]:
    meetings = ctx.a.meetings_by_committee.get(slug, [])
    planned = [e for (committee, _d), e in ctx.refs.planned.items() if committee == slug]
    dated = sorted([(m.date, ctx.summary(m)) for m in meetings] +
                   [(e.planned.date, ctx.planned_summary(e)) for e in planned], key=lambda d: d[0])
    years = {year: tuple(summary for _d, summary in reversed(list(group)))
             for year, group in groupby(dated, key=lambda d: d[0].year)}
    return dict(sorted(years.items(), reverse=True))


def _year_link(ctx: Context, slug: str, year: int) -> Link:
    return Link(str(year), ctx.url("committee_year", committee=slug, year=year))


@dataclass(frozen=True)
class _CommitteeWhole:
    first_recent: int          # the earliest year its page shows in full
    topics: tuple[str, ...]    # of all its items


def _committee_whole(ctx: Context, slug: str) -> _CommitteeWhole:
    def make() -> _CommitteeWhole:
        a = ctx.a
        meetings = a.meetings_by_committee.get(slug, [])
        topics = sorted({t for m in meetings for i in m.items for t in i.topics}, key=lambda s: a.topics[s].name.lower())
        return _CommitteeWhole(_first_recent(meetings), tuple(topics))
    return _whole(ctx, ("committee", slug), make)


def committee_view(ctx: Context, c: r.Committee) -> CommitteeView:
    a, now = ctx.a, ctx.today
    meetings = a.meetings_by_committee.get(c.slug, [])
    coming = meetings[bisect_left(meetings, now, key=_date):]
    upcoming = [ctx.summary(m) for m in coming if m.kind in ("agenda", "planned")]
    upcoming += [ctx.planned_summary(e) for (slug, _d), e in ctx.refs.planned.items()
                 if slug == c.slug and e.planned.date >= now]
    years = _dated(ctx, c.slug)
    whole = _committee_whole(ctx, c.slug)
    return CommitteeView(
        name=c.name, short_name=c.short_name, kind=c.kind or _("Committee"),
        description_html=ctx.linked(ctx.markdown(c.description, 2)),
        parent=ctx.committee(c.parent) if c.parent else None,
        organisation=ctx.organisation(c.organisation) if c.organisation else None,
        children=tuple(ctx.committee(o.slug) for o in a.committees.values() if o.parent == c.slug),
        members=tuple(Role(ctx.person(mb.person), mb.role, period(mb.from_, mb.until)) for mb in c.members),
        upcoming=tuple(upcoming),
        years=_recent_groups(ctx, c.slug, years, whole.first_recent),
        all_years=tuple(_year_link(ctx, c.slug, year) for year in years),
        topics=tuple(ctx.topic(t) for t in whole.topics))


def _recent_groups(ctx: Context, slug: str, years: dict, first: int) -> tuple[YearGroup, ...]:
    """The recent years' meetings, newest first, at most RECENT_MEETINGS in
    all (a committee that meets weekly fills them in months); the rest are
    on the year pages."""
    groups, left = [], RECENT_MEETINGS
    for year, meetings in years.items():
        if year < first or left <= 0:
            break
        groups.append(YearGroup(year, meetings[:left], _year_link(ctx, slug, year)))
        left -= len(meetings[:left])
    return tuple(groups)


def _first_recent(meetings) -> int:
    """The earliest year a committee page shows in full: of the last
    RECENT_YEARS years in which the committee met."""
    held = sorted({m.date.year for m in meetings}, reverse=True)
    return held[:RECENT_YEARS][-1] if held else 0


def committee_year_view(ctx: Context, subject) -> CommitteeYearView:
    c, year = subject
    dated = _dated(ctx, c.slug)
    years = list(dated)
    here = years.index(year)
    return CommitteeYearView(
        committee=ctx.committee(c.slug), name=c.name, year=year, meetings=dated[year],
        newer=_year_link(ctx, c.slug, years[here - 1]) if here > 0 else None,
        older=_year_link(ctx, c.slug, years[here + 1]) if here + 1 < len(years) else None,
        all_years=tuple(_year_link(ctx, c.slug, y) for y in years))


# ------------------------------------------------------------------ people, organisations, topics, cases

def _is_appointment(ctx: Context, item: r.Item) -> bool:
    """An item about appointments (udpegninger), by the archive's own rules."""
    rules = ctx.a.config
    return (rules.appointments_topic in item.topics or
            item.title.lower().startswith(tuple(t.lower() for t in rules.appointment_titles)))


def _whole(ctx: Context, key: tuple, make: Callable[[], object]):
    """What a record's pages show of all its entries (the years it has a
    page for, its committees), made once in the build's process: its
    producer asks first, so each render process that shows it inherits
    it, and none reads every entry (``_pick``)."""
    return ctx.once(("whole", *key), make)


@dataclass(frozen=True)
class _PersonWhole:
    """What a person's pages show of all their entries (``_whole``): the
    years, and the lists a page picks from that are chosen by more than
    their date, each in date order, so that a page reads only what it shows."""

    years: set[int]
    appointments: list[r.Item]  # the items that mention the person and are about appointments
    mentions: list[r.Item]      # the other items that mention them, but those they presented
    absences: list             # (item, treatment), in the order of the treatments
    disqualifications: list


def _person_whole(ctx: Context, p: r.Person) -> _PersonWhole:
    def make() -> _PersonWhole:
        a = ctx.a
        mentioned = ctx.refs.items_mentioning_person.get(p.slug, [])
        dated = [*a.items_by_presenter.get(p.slug, []), *mentioned,
                 *a.meetings_by_participant.get(p.slug, []), *a.meetings_by_apology.get(p.slug, []),
                 *(item for item, _p in a.positions_by_person.get(p.slug, [])),
                 *(treated for _i, treated in a.absences_by_person.get(p.slug, [])),
                 *(treated for _i, treated in a.disqualifications_by_person.get(p.slug, []))]
        appointment = [_is_appointment(ctx, i) for i in mentioned]
        return _PersonWhole(
            {d.date.year for d in dated},
            [i for i, yes in zip(mentioned, appointment) if yes],
            [i for i, yes in zip(mentioned, appointment) if not yes and p.slug not in i.presenters],
            _by_treatment(a.absences_by_person.get(p.slug, [])),
            _by_treatment(a.disqualifications_by_person.get(p.slug, [])))
    return _whole(ctx, ("person", p.slug), make)


def _by_treatment(entries: list) -> list:
    """(item, treatment) entries in the date order of the treatments (a
    step an item records can be older than the item)."""
    return sorted(entries, key=lambda e: e[1].date, reverse=True)[::-1]  # ties as they were listed, newest first


def person_view(ctx: Context, subject) -> PersonView:
    p, year = subject
    a, whole = ctx.a, _person_whole(ctx, p)
    memberships = [Role(ctx.committee(c.slug), mb.role, period(mb.from_, mb.until))
                   for c in a.committees.values() for mb in c.members if mb.person == p.slug]
    cut = []

    def pick(entries, date_of=_date):
        chosen, more = _pick(entries, year, date_of)
        cut.append(more)
        return chosen

    view = PersonView(
        name=p.name, variants=p.variants,
        affiliations=tuple(Role(ctx.organisation(af.organisation), af.title, period(af.from_, af.until))
                           for af in p.affiliations),
        memberships=tuple(memberships),
        presented=ctx.item_refs(pick(a.items_by_presenter.get(p.slug, []))),
        appointments=ctx.item_refs(pick(whole.appointments)),
        mentioned=ctx.item_refs(pick(whole.mentions)),
        attended=tuple(ctx.summary(m) for m in pick(a.meetings_by_participant.get(p.slug, []))),
        apologies=tuple(ctx.summary(m) for m in pick(a.meetings_by_apology.get(p.slug, []))),
        stances=_stances(ctx, list(reversed(pick(a.positions_by_person.get(p.slug, []), lambda e: e[0].date)))),
        absent=_treatments(ctx, pick(whole.absences, lambda e: e[1].date)),
        disqualified=_treatments(ctx, pick(whole.disqualifications, lambda e: e[1].date)))
    return replace(view, span=_span(ctx, "person_year", "person", p.slug, whole.years, year, any(cut)))


def _treatments(ctx: Context, entries) -> tuple[ItemRef, ...]:
    """Each treatment (an item, or a step an item records) as a link to the
    item that records it, with where and when the treatment was."""
    return tuple(ItemRef(Link(item.title, ctx.item_url(item)),
                         ctx.step_context(treated.committee, treated.date, treated.number), treated.date)
                 for item, treated in sorted(entries, key=lambda e: e[1].date, reverse=True))


def _stances(ctx: Context, positions) -> tuple[StanceRef, ...]:
    return tuple(StanceRef(ctx.item_ref(item), _(STANCE_LABELS[position.stance]), position.note)
                 for item, position in reversed(positions))


@dataclass(frozen=True)
class _Whole:
    """What a record's pages show of all its entries (``_whole``)."""

    years: set[int]
    committees: tuple[str, ...]
    people: tuple[str, ...] = ()


def _org_sources(ctx: Context, o: r.Organisation) -> list[list[r.Item]]:
    """The lists (each in date order) of the items that mention the
    organisation or that its people presented."""
    a = ctx.a
    return [ctx.refs.items_mentioning_organisation.get(o.slug, []),
            *(a.items_by_presenter.get(person.slug, []) for person in a.people_by_organisation.get(o.slug, []))]


def _org_items(ctx: Context, o: r.Organisation, year: int | None = None, last: int | None = None) -> list[r.Item]:
    """Items that mention the organisation or that its people presented, in
    date order: of ``year``, or the ``last`` few of each list (among them
    the last few of all), or all."""
    items: dict[tuple, r.Item] = {}
    for source in _org_sources(ctx, o):
        chosen = _of_year(source, year) if year is not None else source[-last:] if last else source
        items.update((i.key, i) for i in chosen)
    return sorted(items.values(), key=lambda i: (i.date, i.committee, i.sort_key))


def _org_whole(ctx: Context, o: r.Organisation) -> _Whole:
    def make() -> _Whole:
        everything = _org_items(ctx, o)
        return _Whole({i.date.year for i in everything} |
                      {i.date.year for i, _p in ctx.a.positions_by_party.get(o.slug, [])},
                      tuple(sorted({i.committee for i in everything})))
    return _whole(ctx, ("organisation", o.slug), make)


def organisation_view(ctx: Context, subject) -> OrganisationView:
    o, year = subject
    a = ctx.a
    people_ = []
    for person in a.people_by_organisation.get(o.slug, []):
        for af in person.affiliations:
            if af.organisation == o.slug:
                people_.append(Role(ctx.person(person.slug), af.title, period(af.from_, af.until)))
    # The newest RECENT_ENTRIES + 1 of all are among the newest as many of each list.
    timeline, more = _pick(_org_items(ctx, o, year, RECENT_ENTRIES + 1), year)
    stances, more_stances = _pick(a.positions_by_party.get(o.slug, []), year, lambda e: e[0].date)
    kind = _(ORGANISATION_KINDS[o.kind]) + (f" ({o.letter})" if o.letter else "")
    whole = _org_whole(ctx, o)
    return OrganisationView(o.name, kind, tuple(people_), ctx.item_refs(reversed(timeline)),
                            tuple(ctx.committee(c) for c in whole.committees),
                            _stances(ctx, list(reversed(stances))),
                            _span(ctx, "organisation_year", "organisation", o.slug, whole.years, year,
                                  more or more_stances))


def _topic_whole(ctx: Context, t: r.Topic) -> _Whole:
    def make() -> _Whole:
        everything = ctx.a.items_by_topic.get(t.slug, [])
        return _Whole({i.date.year for i in everything}, tuple(sorted({i.committee for i in everything})),
                      tuple(sorted({p for i in everything for p in i.presenters}, key=lambda s: ctx.a.people[s].name)))
    return _whole(ctx, ("topic", t.slug), make)


def topic_view(ctx: Context, subject) -> TopicView:
    t, year = subject
    items, more = _pick(ctx.a.items_by_topic.get(t.slug, []), year)
    whole = _topic_whole(ctx, t)
    return TopicView(t.name, t.aliases, ctx.linked(ctx.markdown(t.description, 2)), ctx.item_refs(reversed(items)),
                     tuple(ctx.committee(c) for c in whole.committees), tuple(ctx.person(p) for p in whole.people),
                     _span(ctx, "topic_year", "topic", t.slug, whole.years, year, more))


# ------------------------------------------------------------------ what the pages draw on

# A person's, organisation's or topic's page and its year pages (each shows
# the years of all: its span) draw on the same records: the meetings whose
# records they show, and the rest they show of the archive (tests/
# test_incremental.py compares incremental builds with full ones).

def _drawn(ctx: Context, key: tuple, records, other=tuple) -> Drawn:
    """Made once per process for a record's page and all its year pages."""
    return ctx.once(("drawn", *key), lambda: Drawn(frozenset(ctx.meeting_url(x) for x in records()), other()))


def person_drawn(ctx: Context, subject) -> Drawn:
    """A person's pages show items and meetings as lines in lists: of an
    item, its title, address and place (``Context.item_ref``), what decides
    the list it is in (its topics, presenters, the stances recorded), of a
    meeting its line (``Context.summary``) — never a text. Which items
    mention the person is decided by their texts, and is among what the
    pages draw on as the list itself. So editing a text remakes the views of
    the people it names anew or no longer, not of everyone its meeting names."""
    p, _year = subject
    a = ctx.a

    def face(i: r.Item) -> tuple:
        return i.committee, i.date, i.number, i.title, i.closed, i.topics, i.presenters, i.positions

    def lines():
        items = (a.items_by_presenter.get(p.slug, []), ctx.refs.items_mentioning_person.get(p.slug, []),
                 [item for item, _p in a.positions_by_person.get(p.slug, [])])
        treated = (a.absences_by_person.get(p.slug, []), a.disqualifications_by_person.get(p.slug, []))
        meetings = (a.meetings_by_participant.get(p.slug, []), a.meetings_by_apology.get(p.slug, []))
        return (tuple(tuple(face(i) for i in group) for group in items),
                tuple(tuple((face(i), (t.committee, t.date, t.number)) for i, t in group) for group in treated),
                tuple(tuple(ctx.summary_inputs(m) for m in group) for group in meetings))
    return _drawn(ctx, ("person", p.slug), list, lines)


def organisation_drawn(ctx: Context, subject) -> Drawn:
    o, _year = subject
    return _drawn(ctx, ("organisation", o.slug),
                  lambda: [*_org_items(ctx, o), *(item for item, _p in ctx.a.positions_by_party.get(o.slug, []))])


def topic_drawn(ctx: Context, subject) -> Drawn:
    t, _year = subject
    return _drawn(ctx, ("topic", t.slug), lambda: ctx.a.items_by_topic.get(t.slug, []),
                  lambda: ctx.named_in(t.description))


def case_view(ctx: Context, number: str) -> CaseView:
    """The case's items and its whole path through bodies: the steps its
    items record and the items themselves, each once, in date order."""
    items = ctx.a.items_by_case[number]
    steps: dict[str, object] = {}
    for item in items:
        for step in case_path(ctx, item):
            known = steps.get(step.context)
            if known is None or (step.decision_html and not known.decision_html):
                steps[step.context] = replace(step, current=False, item=step.item or getattr(known, "item", None))
    dated = sorted(steps.values(), key=lambda s: (s.date, s.context))
    committees = sorted({i.committee for i in items} | {s.committee for i in items for s in i.steps})
    return CaseView(number, ctx.item_refs(items), tuple(ctx.committee(c) for c in committees),
                    tuple(dated) if len(dated) > len(items) else ())



# ------------------------------------------------------------------ lists

def people_index(ctx: Context, _subject=None) -> IndexView:
    return IndexView(_("People"), _("Every person named in the archive's meetings."),
                     ctx.by_name(ctx.a.people, ctx.person))


def organisations_index(ctx: Context, _subject=None) -> IndexView:
    return IndexView(_("Organisations"), _("Municipalities, the region and other organisations."),
                     ctx.by_name(ctx.a.organisations, ctx.organisation))


def topics_index(ctx: Context, _subject=None) -> IndexView:
    return IndexView(_("Topics"), _("Topics that recur across meetings."), ctx.by_name(ctx.a.topics, ctx.topic))


def _case_years(ctx: Context) -> dict[int, list[str]]:
    """Each year's cases: those with an item that year (a case may span years)."""
    def by_year() -> dict[int, list[str]]:
        years: dict[int, set[str]] = {}
        for number, items in ctx.a.items_by_case.items():
            for item in items:
                years.setdefault(item.date.year, set()).add(number)
        return {year: sorted(years[year]) for year in sorted(years)}
    return ctx.once("case_years", by_year)


def _latest_cases(ctx: Context) -> list[str]:
    """The case numbers, the most recently treated first (a case's items are in date order)."""
    items_by_case = ctx.a.items_by_case
    return _whole(ctx, ("cases",), lambda: sorted(items_by_case, key=lambda n: items_by_case[n][-1].date, reverse=True))


def case_years(ctx: Context):
    _latest_cases(ctx)  # made here, in the build's process (``_whole``)
    for year in _case_years(ctx):
        yield Target({"year": year}, year, {"year": year})


def cases_index(ctx: Context, year: int | None = None) -> IndexView:
    """The cases most recently treated (all of one year on its year page),
    and the links to every year: the list grows with the archive."""
    by_year = _case_years(ctx)
    if year is not None:
        numbers = by_year[year]
    else:
        numbers = sorted(_latest_cases(ctx)[:RECENT_MEETINGS])
    more = year is None and len(ctx.a.items_by_case) > len(numbers)
    years = tuple(Link(str(y), ctx.url("cases_year", year=y)) for y in sorted(by_year, reverse=True))
    return IndexView(_("Cases"), _("Case numbers and the items that belong to them."),
                     tuple(ctx.case(n) for n in numbers), Span(year, years, more) if more or year else None)
