"""Routes of a meeting: the meeting page, its items, its attachments."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from .. import held
from .. import records as r
from ..i18n import N_, _, long_date, weekday_date
from ..markup import rebase_headings, to_html
from ..slugs import slugify
from ..views import ItemRef, Link
from .context import Context, Target, kind_label

# Pagefind weights by a section's role: a hit in the title counts most, then
# the decision, the recommendation, the summary, the rest (1, Pagefind's default).
SEARCH_WEIGHTS = {"title": 10, "decision": 5, "recommendation": 3, "summary": 2, "case_text": 1, "plain": 1}
OUTCOME_LABELS = {"adopted": N_("Adopted"), "rejected": N_("Rejected"), "postponed": N_("Postponed"),
                  "referred": N_("Referred"), "noted": N_("Noted")}
STANCE_LABELS = {"for": N_("Supported"), "against": N_("Did not support"), "abstained": N_("Abstained"),
                 "reservation": N_("Reservation"), "minority": N_("Minority statement")}
RECORD_TYPES = {"dagsorden": N_("Agenda"), "referat": N_("Minutes"), "bilag": N_("Attachment")}
HISTORY_AROUND = 5  # Sagsforløb: items shown before and after the current one



# ------------------------------------------------------------------ views of this family

@dataclass(frozen=True)
class Section:
    key: str
    label: str
    anchor: str      # its fragment on the item page (#beslutning): section_anchor()
    html: str        # headings as on the item page
    html_nested: str  # headings one level deeper, for the meeting page
    weight: int      # Pagefind weight of a hit in this section


@dataclass(frozen=True)
class SearchData:
    """What Pagefind records about an indexed page, beyond its text."""

    filters: tuple[tuple[str, str], ...]  # (filter, value) pairs
    meta: tuple[tuple[str, str], ...]     # shown with each result
    date: str                             # sort key, ISO date
    aliases: tuple[str, ...]              # other spellings of names on the page
    title_weight: int


@dataclass(frozen=True)
class AttachmentLink:
    title: str
    url: str | None  # None: listed by title only
    is_page: bool


@dataclass(frozen=True)
class HistoryEntry:
    link: Link
    context: str
    why: str        # what the item shares with the current one
    current: bool


@dataclass(frozen=True)
class PositionView:
    stance: str                # for, against, abstained, reservation, minority
    label: str
    who: tuple[Link, ...]      # parties and members
    note: str


@dataclass(frozen=True)
class Treatment:
    """What a decision records besides its text: stances, absence, disqualification."""

    positions: tuple[PositionView, ...] = ()
    absent: tuple[Link, ...] = ()
    disqualified: tuple[Link, ...] = ()
    outcome: str = ""   # "Vedtaget"

    def __bool__(self) -> bool:
        return bool(self.positions or self.absent or self.disqualified or self.outcome)


@dataclass(frozen=True)
class StepView:
    """One body's treatment of the case (Sagsforløb)."""

    context: str               # "Magistraten, 19. august 2025, punkt 7"
    item: Link | None          # that item's page, when its meeting is in the archive
    decision_html: str
    treatment: Treatment
    date: dt.date
    current: bool = False      # the item of this page


@dataclass(frozen=True)
class ItemView:
    number: str
    title: str
    url: str
    anchor: str
    group_heading: str | None  # set on the first item under a KKR-style group
    presenters: tuple[Link, ...]
    topics: tuple[Link, ...]
    case: Link | None
    case_handler: str
    sections: tuple[Section, ...]
    attachments: tuple[AttachmentLink, ...]
    meeting: Link
    committee: Link
    kind: str         # of the meeting: agenda, minutes
    kind_label: str
    date_text: str
    previous: Link | None
    next: Link | None
    search: SearchData
    history: tuple[HistoryEntry, ...]
    history_more: tuple[Link, ...]   # full timelines (topic and case pages)
    refers_to: tuple[Link, ...]      # meetings this item mentions
    referred_by: tuple["ItemRef", ...]  # items that mention this item's meeting
    permalink: str   # absolute URL, from site_url
    citation: str    # one line for an email: committee, date, item, title, URL
    closed: bool = False             # a closed item: number and title only
    treatment: Treatment = Treatment()
    path: tuple[StepView, ...] = ()  # the case through bodies: earlier steps, this item, later items
    glance: "Glance | None" = None   # its decision (minutes) or recommendation (agenda), in brief
    decision_permalink: str = ""     # absolute URL of its decision on its page, if it has one

    # The fragments of the item page's parts besides its sections (whose own
    # are section_anchor()'s).
    PATH_ANCHOR = "forloeb"
    ATTACHMENTS_ANCHOR = "bilag"
    HISTORY_ANCHOR = "ma-history-heading"

    @property
    def parts(self) -> tuple[tuple[str, str], ...]:
        """The item page's list of its parts ("På denne side"): each one's
        fragment and heading, in the page's order."""
        return (*((s.anchor, s.label) for s in self.sections),
                *([(self.PATH_ANCHOR, _("Path of the case"))] if self.path else []),
                *([(self.ATTACHMENTS_ANCHOR, _("Attachments"))] if self.attachments else []),
                *([(self.HISTORY_ANCHOR, _("Case history"))] if self.history else []))


@dataclass(frozen=True)
class Glance:
    """The first words of an item's decision or recommendation, under its
    title in the meeting's list of items; the rest is on the item's page."""

    label: str   # the section's name: Beslutning, Indstilling
    text: str    # plain text, cut at a word
    url: str     # the section on the item's page


@dataclass(frozen=True)
class MeetingView:
    heading: str
    document_title: str
    kind: str
    kind_label: str
    committee: Link
    date_text: str
    time_text: str
    place: str
    participants_text: str
    participants: tuple[Link, ...]
    apologies: tuple[Link, ...]
    substitutes: tuple[tuple[Link, Link], ...]
    sessions: tuple[str, ...]
    intro_html: str
    items: tuple[ItemView, ...]
    source: str
    video: str | None  # link to the recording
    referred_by: tuple[ItemRef, ...]


@dataclass(frozen=True)
class AttachmentView:
    title: str
    html: str
    item: Link
    meeting: Link
    committee: Link
    search: SearchData


# ------------------------------------------------------------------ producers

def _meeting_params(m: r.Meeting | r.Item) -> dict:
    return {"committee": m.committee, "date": m.date}


def _meeting_fields(ctx: Context, m: r.Meeting) -> dict:
    return {"meeting": ctx.meeting_short(m), "meeting_name": ctx.meeting_name(m)}


def meetings(ctx: Context):
    for m in ctx.a.meetings:
        yield Target(_meeting_params(m), m, {**_meeting_fields(ctx, m), "kind": kind_label(m.kind),
                                             "items": ctx.item_count(len(m.items))},
                     name=ctx.meeting_short(m), group=ctx.meeting_url(m))


def items(ctx: Context):
    for m in ctx.a.meetings:
        # The excerpts read every item's text: kept from the last build with
        # the meeting's records (2.7 s under the profiler of an edit at 3,000 meetings).
        excerpts = ctx.of_meeting(m, ("excerpts",), lambda m=m: [excerpt(i) for i in m.items])
        params, fields, group = _meeting_params(m), _meeting_fields(ctx, m), ctx.meeting_url(m)
        for k, i in enumerate(m.items):
            yield Target({**params, "number": i.number}, (m, k), {**fields, "number": i.number, "title": i.title},
                         name=i.title, description=excerpts[k], group=group, search=not i.closed)


def _attachments(ctx: Context, pages: bool):
    for m in ctx.a.meetings:
        for i in m.items:
            if i.closed:
                continue  # a closed item publishes its number and title only
            for a in i.attachments:
                if a.file and a.is_page == pages:
                    yield m, i, a


def attachment_pages(ctx: Context):
    for m, i, a in _attachments(ctx, pages=True):
        yield Target({**_meeting_params(m), "attachment": slugify(PurePosixPath(a.file).stem)}, (m, i, a),
                     {**_meeting_fields(ctx, m), "number": i.number, "title": a.title},
                     name=a.title, group=ctx.meeting_url(m))


def attachment_files(ctx: Context):
    for m, _i, a in _attachments(ctx, pages=False):
        yield Target({**_meeting_params(m), "file": PurePosixPath(a.file).name}, a.source, {"title": a.title})


def attachment_url(ctx: Context, i: r.Item, a: r.Attachment) -> str | None:
    """A Markdown attachment is a page; a file keeps its name; a title only has no URL."""
    if not a.file:
        return None
    name = PurePosixPath(a.file)
    if a.is_page:
        return ctx.url("attachment", **_meeting_params(i), attachment=slugify(name.stem))
    return ctx.url("attachment_file", **_meeting_params(i), file=name.name)


def item_anchor(i: r.Item) -> str:
    return f"punkt-{i.number}"


# ------------------------------------------------------------------ views

def shared_inputs(ctx: Context) -> bytes:
    """A digest of what any page may show besides its own records: the
    registries (people, committees, organisations, topics), the archive's
    configuration (names, parties, links) and the day the build dates itself by."""
    # People, committees, organisations and the configuration: the scanner's digest of them.
    shared = hashlib.blake2b(ctx.refs.scanner.vocabulary, digest_size=16)
    for topic in ctx.a.topics.values():
        shared.update(topic.model_dump_json().encode())
    shared.update(repr(ctx.today).encode())
    return shared.digest()


def group_inputs(ctx: Context, shared: bytes) -> dict[str, str]:
    """A digest, per meeting, of everything its pages (the meeting's, its
    items', its attachments') show: the meeting's records in full, what every
    page may show (``shared``: ``shared_inputs``), and of the rest of the
    archive only what these pages show of it (``_shown_elsewhere``). The same
    digest gives the same views: an incremental build keeps those pages
    without making their views. A view that comes to show more of other
    records must add it there (tests/test_incremental.py compares
    incremental builds with full ones after edits of every kind)."""
    return {ctx.meeting_url(m): hashlib.blake2b(
        shared + _records_digest(ctx, m) + repr(_shown_elsewhere(ctx, m)).encode(), digest_size=16).hexdigest()
        for m in ctx.a.meetings}


def _records_digest(ctx: Context, m: r.Meeting) -> bytes:
    """Of the meeting's records in full: its folder's key in the record
    cache, which is of all the meeting is made from (a second of JSON at
    1,000 meetings saved), or else their JSON and what it leaves out."""
    key = ctx.a.digests.get((m.committee, m.date))
    return key.encode() if key else held.whole(m).model_dump_json().encode() + repr(_left_out_of_json(m)).encode()


# The records' fields that their JSON leaves out (``exclude=True``: derived
# by the build, not part of the export) — the pages show them all the same.
LEFT_OUT_OF_JSON = {"Meeting": ("source_path",), "Item": ("committee", "date", "source_path"),
                    "Attachment": ("source", "markdown")}


def _left_out_of_json(m: r.Meeting) -> tuple:
    """``LEFT_OUT_OF_JSON`` of a meeting and its items and attachments (a
    Markdown attachment's text: its page shows it)."""
    return (m.source_path, [(i.committee, i.date, i.source_path, [(a.source, a.markdown) for a in i.attachments])
                            for i in m.items])


def _shown_elsewhere(ctx: Context, m: r.Meeting) -> tuple:
    """What a meeting's pages show of other meetings and items: the meetings
    and case numbers their texts could link to, and whether each is in the
    archive; each item's Sagsforløb; the items its case path names; the items
    that mention the meeting, and the meetings its items mention."""
    a, refs = ctx.a, ctx.refs
    meetings, cases = ctx.of_meeting(m, ("links", refs.scanner.vocabulary.hex()), lambda: _linkable(ctx, m))
    face = lambda i: (i.key, i.title, i.closed)  # noqa: E731
    return (
        [(key, (key[0], dt.date.fromisoformat(key[1])) in a.meeting_index) for key in map(tuple, meetings)],
        [(case, case in a.items_by_case) for case in cases],
        [face(other) for other in refs.items_mentioning_meeting.get((m.committee, m.date), [])],
        [(refs.meetings_in_item.get(i.key, []),
          [(face(other), why) for other, why in _history_window(ctx, i)] if not i.closed else (),
          [face(earlier) for step in i.steps if (earlier := a.item_index.get((step.committee, step.date, step.number)))],
          [face(later) for later in a.items_by_step.get(i.key, [])]) for i in m.items])


def _linkable(ctx: Context, m: r.Meeting) -> tuple[list, list]:
    """The meetings (committee, ISO date) and case numbers that a meeting's
    pages could link to, in order: of its open items' texts as the model
    stage scanned them (references.py), and of its introduction, Sagsforløb
    decisions and Markdown attachments."""
    scanner = ctx.refs.scanner
    texts = [(m.intro, m.committee, m.date)]
    meetings, cases = set(), set()
    for i in m.items:
        if i.closed:
            continue
        scanned = scanner.scan(i)
        meetings.update((committee, date) for committee, date, _text in scanned["meetings"])
        cases.update(scanned["cases"])
        texts += [(step.decision, step.committee, step.date) for step in i.steps]
        texts += [(attachment.text, i.committee, i.date) for attachment in i.attachments]
    linkable = scanner.linkable(texts)
    meetings.update(tuple(key) for key in linkable["meetings"])
    cases.update(linkable["cases"])
    return sorted(meetings), sorted(cases)


def item_views(ctx: Context, m: r.Meeting) -> tuple[ItemView, ...]:
    """The views of a meeting's items, made once per process while its pages
    render (one after another): the meeting page and each item page show them."""
    return ctx.once(("items", m.committee, m.date), lambda: tuple(_item(ctx, m, k) for k in range(len(m.items))),
                    recent=True)


def item_view(ctx: Context, subject) -> ItemView:
    m, index = subject
    return item_views(ctx, m)[index]


def meeting_view(ctx: Context, m: r.Meeting) -> MeetingView:
    time = _("at %(time)s") % {"time": m.start.replace(":", ".")} if m.start else ""
    if m.start and m.end:
        time += f"–{m.end.replace(':', '.')}"
    sessions = []
    for s in m.sessions:
        when = "–".join(t.replace(":", ".") for t in (s.start, s.end) if t)
        text = _("%(title)s, at %(time)s") % {"title": s.title, "time": when} if when else s.title
        sessions.append(text + (" (%s)" % _("cancelled") if s.cancelled else ""))
    committee = ctx.a.committees[m.committee]
    return MeetingView(
        heading=_("%(committee)s: %(kind)s for the meeting of %(date)s") % {
            "committee": committee.short_name, "kind": kind_label(m.kind).lower(), "date": long_date(m.date)},
        document_title=m.title, kind=m.kind, kind_label=kind_label(m.kind),
        committee=Link(committee.name, ctx.url("committee", committee=m.committee)),
        date_text=weekday_date(m.date), time_text=time, place=m.place,
        participants_text=m.participants_text,
        participants=tuple(ctx.person(p) for p in m.participants),
        apologies=tuple(ctx.person(p) for p in m.apologies),
        substitutes=tuple((ctx.person(s.person), ctx.person(s.for_)) for s in m.substitutes),
        sessions=tuple(sessions), intro_html=ctx.linked(rebase_headings(to_html(m.intro), 2), m.committee, m.date),
        items=item_views(ctx, m), source=m.source, video=m.video_url,
        referred_by=ctx.item_refs(ctx.refs.items_mentioning_meeting.get((m.committee, m.date), [])))


def attachment_view(ctx: Context, subject) -> AttachmentView:
    m, i, a = subject
    return AttachmentView(a.title, ctx.linked(rebase_headings(to_html(a.text), 2), m.committee, m.date),
                          Link(_item_label(i), ctx.item_url(i)), ctx.meeting_link(m),
                          ctx.committee(m.committee), search_data(ctx, m, i, a))


def _item_label(i: r.Item) -> str:
    return _("Item %(number)s: %(title)s") % {"number": i.number, "title": i.title}


def _item(ctx: Context, meeting: r.Meeting, index: int) -> ItemView:
    i = meeting.items[index]
    group = None
    if "." in i.number:
        head = i.number.split(".")[0]
        first = index == 0 or meeting.items[index - 1].number.split(".")[0] != head
        if first and head in meeting.groups:
            group = f"{head}. {meeting.groups[head]}"
    neighbour = lambda j: Link(_item_label(meeting.items[j]), ctx.item_url(meeting.items[j]))  # noqa: E731
    permalink = ctx.site_url + ctx.item_url(i)
    common = dict(
        number=i.number, title=i.title, url=ctx.item_url(i), anchor=item_anchor(i), group_heading=group,
        meeting=ctx.meeting_link(meeting), committee=ctx.committee(meeting.committee),
        kind=meeting.kind, kind_label=kind_label(meeting.kind), date_text=weekday_date(meeting.date),
        previous=neighbour(index - 1) if index > 0 else None,
        next=neighbour(index + 1) if index + 1 < len(meeting.items) else None,
        permalink=permalink,
        citation=_("%(meeting)s, item %(number)s: %(title)s – %(url)s") % {
            "meeting": ctx.meeting_name(meeting), "number": i.number, "title": i.title, "url": permalink})
    if i.closed:
        # Number and title, nothing else: whatever else the record holds is
        # never made into view data, so no template can show it.
        return ItemView(**common, presenters=(), topics=(), case=None, case_handler="", sections=(), attachments=(),
                        search=SearchData((), (), meeting.date.isoformat(), (), 0), history=(), history_more=(),
                        refers_to=(), referred_by=(), closed=True)
    sections = []
    for section in i.sections:
        html = ctx.linked(to_html(section.text), i.committee, i.date)
        if html:
            # Item page: section labels are h2, their text's headings h3+;
            # meeting page: one level deeper.
            sections.append(Section(section.role, section.name, section_anchor(section),
                                    rebase_headings(html, 3), rebase_headings(html, 4), SEARCH_WEIGHTS[section.role]))
    return ItemView(
        **common,
        presenters=tuple(ctx.person(p) for p in i.presenters),
        topics=tuple(ctx.topic(t) for t in i.topics),
        case=ctx.case(i.case) if i.case else None,
        case_handler=i.case_handler, sections=tuple(sections),
        attachments=tuple(AttachmentLink(a.title, attachment_url(ctx, i, a), a.is_page) for a in i.attachments),
        search=search_data(ctx, meeting, i),
        history=_history(ctx, i),
        history_more=tuple([ctx.topic(t) for t in i.topics] +
                           ([Link(_("Case %(case)s") % {"case": i.case}, ctx.url("case", case=i.case))]
                            if i.case else [])),
        refers_to=tuple(ctx.meeting_link(ctx.a.meeting_index[key])
                        for key in ctx.refs.meetings_in_item.get(i.key, [])),
        referred_by=ctx.item_refs(ctx.refs.items_mentioning_meeting.get((i.committee, i.date), [])),
        treatment=treatment(ctx, i, i.date), path=case_path(ctx, i), glance=_glance(ctx, meeting, i),
        decision_permalink=next((f"{permalink}#{s.anchor}" for s in sections if s.key == "decision"), ""))


# What a meeting's list of items shows of each: minutes their decisions,
# agendas their recommendations (a decision taken before the minutes, as
# KKR's agendas sometimes record one, is shown too).
GLANCE_ROLES = {"minutes": ("decision", "recommendation"), "agenda": ("recommendation", "decision")}
GLANCE_LENGTH = 240


def _glance(ctx: Context, meeting: r.Meeting, i: r.Item) -> Glance | None:
    for role in GLANCE_ROLES.get(meeting.kind, ()):
        section = next((s for s in i.sections if s.role == role and s.text.strip()), None)
        if section:
            return Glance(section.name, plain_excerpt(section.text, GLANCE_LENGTH),
                          f"{ctx.item_url(i)}#{section_anchor(section)}")
    return None


def section_anchor(section: r.TextSection | r.SectionSpec) -> str:
    """A section's fragment on the item page, the same in every archive for
    the sections with a role (#beslutning whether the body calls it
    Beslutning, Referat or Beslutninger), else from its name; never one of
    the fragments the item page gives its other parts (item.html)."""
    if section.role in ROLE_ANCHORS:
        return ROLE_ANCHORS[section.role]
    anchor = slugify(section.name)
    return f"{anchor}-afsnit" if anchor in RESERVED_ANCHORS else anchor


ROLE_ANCHORS = {"decision": "beslutning", "recommendation": "indstilling", "summary": "resume",
                "case_text": "sagsfremstilling"}
RESERVED_ANCHORS = {*ROLE_ANCHORS.values(), ItemView.PATH_ANCHOR, ItemView.ATTACHMENTS_ANCHOR, ItemView.HISTORY_ANCHOR,
                    "ma-onpage-heading"}  # and the heading of its list of them (partials/archive.html)


def treatment(ctx: Context, record: r.Item | r.Step, date) -> Treatment:
    """Stances, absence and disqualification of a decision; parties and
    members with the party letter they had on ``date``."""
    def who(position: r.Position) -> tuple[Link, ...]:
        return tuple(ctx.party(p) for p in position.parties) + tuple(ctx.member(p, date) for p in position.people)
    outcome = getattr(record, "outcome", None)
    return Treatment(
        tuple(PositionView(p.stance, _(STANCE_LABELS[p.stance]), who(p), p.note) for p in record.positions),
        tuple(ctx.member(p, date) for p in record.absent),
        tuple(ctx.member(p, date) for p in record.disqualified),
        _(OUTCOME_LABELS[outcome]) if outcome else "")


def case_path(ctx: Context, i: r.Item) -> tuple[StepView, ...]:
    """The case through bodies: the steps the item records (each linked to
    its item where that meeting is in the archive), the item itself, and the
    items whose own steps name this one (its later treatment)."""
    if not i.steps and i.key not in ctx.a.items_by_step:
        return ()
    path = []
    for step in i.steps:
        key = (step.committee, step.date, step.number)
        earlier = ctx.a.item_index.get(key)
        path.append(StepView(ctx.step_context(step.committee, step.date, step.number),
                             Link(earlier.title, ctx.item_url(earlier)) if earlier and not earlier.closed else None,
                             ctx.linked(to_html(step.decision), step.committee, step.date, (i.committee, i.date)),
                             treatment(ctx, step, step.date), step.date))
    path.append(StepView(ctx.step_context(i.committee, i.date, i.number), Link(i.title, ctx.item_url(i)), "",
                         Treatment(), i.date, current=True))
    for later in ctx.a.items_by_step.get(i.key, []):
        path.append(StepView(ctx.step_context(later.committee, later.date, later.number),
                             Link(later.title, ctx.item_url(later)), "", Treatment(), later.date))
    return tuple(path)


def _history(ctx: Context, i: r.Item) -> tuple[HistoryEntry, ...]:
    """Sagsforløb: the items that share a topic or the case number with ``i``,
    across committees, in date order; at most HISTORY_AROUND on each side, so
    the page does not grow with the archive."""
    return tuple(HistoryEntry(ref.link, ref.context, ", ".join(why), other.key == i.key)
                 for other, why in _history_window(ctx, i) for ref in [ctx.item_ref(other)])


def _history_window(ctx: Context, i: r.Item) -> list[tuple[r.Item, list[str]]]:
    """The items of ``i``'s Sagsforløb, each with why (its topics, the case).
    Each topic's and the case's list is already in date order: only the
    window around ``i`` in each is looked at."""
    a = ctx.a
    lists = [(topic, a.items_by_topic.get(topic, []), a.topics[topic].name) for topic in i.topics]
    if i.case:
        lists.append((i.case, a.items_by_case.get(i.case, []), _("case %(case)s") % {"case": i.case}))
    related: dict[tuple, tuple[r.Item, list[str]]] = {}
    for name, items_, label in lists:
        here = a.position_in[(name, i.key)]
        for other in items_[max(0, here - HISTORY_AROUND): here + HISTORY_AROUND + 1]:
            related.setdefault(other.key, (other, []))[1].append(label)
    if len(related) <= 1:
        return []
    ordered = sorted(related.values(), key=lambda entry: a.order[entry[0].key])
    here = next(n for n, (other, _w) in enumerate(ordered) if other.key == i.key)
    return ordered[max(0, here - HISTORY_AROUND): here + HISTORY_AROUND + 1]


def search_data(ctx: Context, meeting: r.Meeting, i: r.Item, attachment: r.Attachment | None = None) -> SearchData:
    record_type = "bilag" if attachment else ("referat" if meeting.kind == "minutes" else "dagsorden")
    filters = [("udvalg", meeting.committee), ("aar", str(meeting.date.year)), ("type", record_type)]
    filters += [("emne", t) for t in i.topics] + [("person", p) for p in i.presenters]
    filters.append(("beslutning", "ja" if i.decision.strip() else "nej"))
    meta = (("udvalg", ctx.a.committees[meeting.committee].short_name),
            ("dato", long_date(meeting.date)), ("punkt", i.number),
            ("type", _(RECORD_TYPES[record_type])))
    people = (ctx.refs.people_finder.find(attachment.text) if attachment
              else ctx.refs.people_in_item.get(i.key, ()))  # found once, in the model stage
    return SearchData(tuple(filters), meta, meeting.date.isoformat(), _aliases(ctx, people, i.presenters, i.topics),
                      SEARCH_WEIGHTS["title"])


def _aliases(ctx: Context, people: Iterable[str], presenters: tuple[str, ...],
             topics: tuple[str, ...]) -> tuple[str, ...]:
    """Every other spelling of the people named on the page, and the other
    names of its topics, so a search finds the page whatever spelling it uses."""
    names = []
    for slug in sorted({*people, *presenters}):
        person = ctx.a.people[slug]
        if person.variants:
            names += [person.name, *person.variants]
    for slug in topics:
        names += ctx.a.topics[slug].aliases
    return tuple(dict.fromkeys(names))


def excerpt(item: r.Item, length: int = 200) -> str:
    """The first words of the decision, else the recommendation, the summary
    or the case text, as plain text for link previews (none of a closed item)."""
    if item.closed:
        return ""
    return plain_excerpt(item.decision or item.recommendation or item.text_of("summary") or item.text_of("case_text"),
                         length)


def plain_excerpt(text: str, length: int) -> str:
    """The first words of Markdown ``text`` as plain text, cut at a word
    within ``length`` characters (with " …" when cut)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url) → text
    text = re.sub(r"^\s*(?:#+|[-*+]|\d+\.|>|\|)\s*|[*_`|]+|<[^>]+>", " ", text, flags=re.MULTILINE)
    plain = " ".join(text.split())
    return plain if len(plain) <= length else plain[:length].rsplit(" ", 1)[0] + " …"
