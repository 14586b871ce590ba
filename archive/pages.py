"""Stage 4a, render data: the site's pages and their views, made from the
archive. Every label, date text, link and piece of HTML is decided here;
the templates only lay the views (``views.py``) out.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import partial
from itertools import groupby

from . import records as r
from . import urls
from .danish import count, long_date, weekday_date
from .markup import link_text, rebase_headings, to_html
from .mentions import case_spans
from .model import Archive, today
from .references import PlannedEntry
from .views import (
    DECISION_VALUES,
    HISTORY_AROUND,
    HOME_LATEST,
    KIND_LABELS,
    ORGANISATION_KINDS,
    RECORD_TYPES,
    ROOT,
    SEARCH_FILTERS,
    SEARCH_WEIGHTS,
    SECTIONS,
    AttachmentLink,
    AttachmentView,
    CaseView,
    CommitteeView,
    FilterGroup,
    HistoryEntry,
    HomeView,
    IndexView,
    ItemRef,
    ItemView,
    Link,
    MeetingSummary,
    MeetingView,
    MovedView,
    OrganisationView,
    Page,
    PersonView,
    Role,
    SearchData,
    SearchView,
    Section,
    Settings,
    Site,
    StaticFile,
    TopicView,
    YearGroup,
)

# ------------------------------------------------------------------ helpers

def _period(start, until) -> str:
    text = lambda v: long_date(v) if isinstance(v, dt.date) else str(v)  # noqa: E731
    if start and until:
        return f"{text(start)} – {text(until)}"
    if start:
        return f"fra {text(start)}"
    if until:
        return f"til {text(until)}"
    return ""


class _Builder:
    def __init__(self, archive: Archive, settings: Settings):
        self.a = archive
        self.site_url = settings.site_url.rstrip("/") + "/" if settings.site_url else "/"
        self.refs = archive.references
        self.people_finder = self.refs.people_finder
        self.meeting_finder = self.refs.meeting_finder
        self._item_views: dict[tuple, tuple[ItemView, ...]] = {}

    # mentions in text → links
    def linked(self, html: str, committee: str | None = None, date: dt.date | None = None) -> str:
        """``html`` with registered people, meetings in the archive and case
        numbers turned into links (the page's own meeting excepted). Outside a
        meeting (descriptions), a meeting must be named with committee and year."""
        def find(text: str):
            spans = [(s.start, s.end, ROOT + urls.person(s.target[0])) for s in self.people_finder.spans(text)]
            for m in self.meeting_finder.mentions(text, committee, date.year if date else None):
                key = (m.committee, m.date)
                if key in self.a.meeting_index and key != (committee, date):
                    spans.append((m.span.start, m.span.end, ROOT + urls.meeting(self.a.meeting_index[key])))
            spans += [(s.start, s.end, ROOT + urls.case(s.target[0]))
                      for s in case_spans(text) if s.target[0] in self.a.items_by_case]
            return spans
        return link_text(html, find) if html else html

    # links
    def person(self, slug: str) -> Link:
        return Link(self.a.people[slug].name, urls.person(slug))

    def topic(self, slug: str) -> Link:
        return Link(self.a.topics[slug].name, urls.topic(slug))

    def committee(self, slug: str) -> Link:
        return Link(self.a.committees[slug].short_name, urls.committee(slug))

    def organisation(self, slug: str) -> Link:
        return Link(self.a.organisations[slug].name, urls.organisation(slug))

    def meeting_name(self, m: r.Meeting | r.Item) -> str:
        return f"{self.a.committees[m.committee].short_name}, møde {long_date(m.date)}"

    def meeting_link(self, m: r.Meeting) -> Link:
        return Link(self.meeting_name(m), urls.meeting(m))

    def summary(self, m: r.Meeting) -> MeetingSummary:
        return MeetingSummary(
            link=self.meeting_link(m), committee=self.a.committees[m.committee].short_name,
            date_text=weekday_date(m.date), kind=m.kind, kind_label=KIND_LABELS[m.kind],
            item_count=count(len(m.items), "punkt", "punkter"))

    def planned_summary(self, entry: PlannedEntry) -> MeetingSummary:
        p = entry.planned
        kind = "cancelled" if p.cancelled else "planned"
        return MeetingSummary(
            link=None, committee=self.a.committees[p.committee].short_name,
            date_text=weekday_date(p.date), kind=kind, kind_label=KIND_LABELS[kind], item_count="",
            note=p.note, source=Link(f"{self.meeting_name(entry.announced_in)}, punkt {entry.announced_in.number}",
                                     urls.item(entry.announced_in)))

    def item_refs(self, items) -> tuple[ItemRef, ...]:
        return tuple(self.item_ref(i) for i in items)

    def item_ref(self, i: r.Item) -> ItemRef:
        context = f"{self.a.committees[i.committee].short_name}, {long_date(i.date)}, punkt {i.number}"
        return ItemRef(Link(i.title, urls.item(i)), context, i.date)

    # item
    def item(self, meeting: r.Meeting, index: int) -> ItemView:
        i = meeting.items[index]
        group = None
        if "." in i.number:
            head = i.number.split(".")[0]
            first = index == 0 or meeting.items[index - 1].number.split(".")[0] != head
            if first and head in meeting.groups:
                group = f"{head}. {meeting.groups[head]}"
        sections = []
        for key, label in SECTIONS:
            html = self.linked(to_html(getattr(i, key)), i.committee, i.date)
            if html:
                # Item page: section labels are h2, their text's headings h3+;
                # meeting page: one level deeper.
                sections.append(Section(key, label, rebase_headings(html, 3), rebase_headings(html, 4),
                                        SEARCH_WEIGHTS[key]))
        neighbour = lambda j: Link(f"Punkt {meeting.items[j].number}: {meeting.items[j].title}",  # noqa: E731
                                   urls.item(meeting.items[j]))
        return ItemView(
            number=i.number, title=i.title, url=urls.item(i), anchor=urls.item_anchor(i),
            group_heading=group,
            presenters=tuple(self.person(p) for p in i.presenters),
            topics=tuple(self.topic(t) for t in i.topics),
            case=Link(i.case, urls.case(i.case)) if i.case else None,
            case_handler=i.case_handler, sections=tuple(sections),
            attachments=tuple(AttachmentLink(a.title, urls.attachment(i, a), a.is_page)
                              for a in i.attachments),
            meeting=self.meeting_link(meeting), committee=self.committee(meeting.committee),
            kind_label=KIND_LABELS[meeting.kind], date_text=weekday_date(meeting.date),
            previous=neighbour(index - 1) if index > 0 else None,
            next=neighbour(index + 1) if index + 1 < len(meeting.items) else None,
            search=self.search_data(meeting, i),
            history=self.history(i),
            history_more=tuple([self.topic(t) for t in i.topics] +
                               ([Link(f"Sag {i.case}", urls.case(i.case))] if i.case else [])),
            refers_to=tuple(self.meeting_link(self.a.meeting_index[key])
                            for key in self.refs.meetings_in_item.get(i.key, [])),
            referred_by=self.item_refs(
                j for j in self.refs.items_mentioning_meeting.get((i.committee, i.date), [])),
            permalink=self.site_url + urls.item(i),
            citation=f"{self.meeting_name(meeting)}, punkt {i.number}: {i.title} – {self.site_url + urls.item(i)}")

    def history(self, i: r.Item) -> tuple[HistoryEntry, ...]:
        """Sagsforløb: the items that share a topic or the case number with
        ``i``, across committees, in date order; at most HISTORY_AROUND on each
        side, so the page does not grow with the archive. Each topic's and the
        case's list is already in date order: only the window around ``i`` in
        each is looked at."""
        lists = [(topic, self.a.items_by_topic.get(topic, []), self.a.topics[topic].name) for topic in i.topics]
        if i.case:
            lists.append((i.case, self.a.items_by_case.get(i.case, []), f"sag {i.case}"))
        related: dict[tuple, tuple[r.Item, list[str]]] = {}
        for name, items, label in lists:
            here = self.a.position_in[(name, i.key)]
            for other in items[max(0, here - HISTORY_AROUND): here + HISTORY_AROUND + 1]:
                related.setdefault(other.key, (other, []))[1].append(label)
        if len(related) <= 1:
            return ()
        ordered = sorted(related.values(), key=lambda entry: self.a.order[entry[0].key])
        here = next(n for n, (other, _) in enumerate(ordered) if other.key == i.key)
        window = ordered[max(0, here - HISTORY_AROUND): here + HISTORY_AROUND + 1]
        return tuple(HistoryEntry(ref.link, ref.context, ", ".join(why), other.key == i.key)
                     for other, why in window for ref in [self.item_ref(other)])

    def search_data(self, meeting: r.Meeting, i: r.Item, attachment: r.Attachment | None = None) -> SearchData:
        record_type = "bilag" if attachment else ("referat" if meeting.kind == "minutes" else "dagsorden")
        filters = [("udvalg", meeting.committee), ("aar", str(meeting.date.year)), ("type", record_type)]
        filters += [("emne", t) for t in i.topics] + [("person", p) for p in i.presenters]
        filters.append(("beslutning", "ja" if i.decision.strip() else "nej"))
        meta = (("udvalg", self.a.committees[meeting.committee].short_name),
                ("dato", long_date(meeting.date)), ("punkt", i.number),
                ("type", RECORD_TYPES[record_type]))
        people = (self.people_finder.find(attachment.markdown or "") if attachment
                  else self.refs.people_in_item.get(i.key, set()))  # found once, in the model stage
        return SearchData(tuple(filters), meta, meeting.date.isoformat(), self.aliases(people, i.presenters, i.topics))

    def aliases(self, people: set[str], presenters: tuple[str, ...], topics: tuple[str, ...]) -> tuple[str, ...]:
        """Every other spelling of the people named on the page, and the other
        names of its topics, so a search finds the page whatever spelling it uses."""
        names = []
        for slug in sorted(people | set(presenters)):
            person = self.a.people[slug]
            if person.variants:
                names += [person.name, *person.variants]
        for slug in topics:
            names += self.a.topics[slug].aliases
        return tuple(dict.fromkeys(names))

    def item_views(self, m: r.Meeting) -> tuple[ItemView, ...]:
        """The views of a meeting's items, made once per process: the meeting
        page and each item page show them."""
        key = (m.committee, m.date)
        if key not in self._item_views:
            self._item_views[key] = tuple(self.item(m, k) for k in range(len(m.items)))
        return self._item_views[key]

    def item_view(self, m: r.Meeting, index: int) -> ItemView:
        return self.item_views(m)[index]

    def meeting_view(self, m: r.Meeting) -> MeetingView:
        return self.meeting(m, self.item_views(m))

    def attachment_view(self, m: r.Meeting, i: r.Item, a: r.Attachment) -> AttachmentView:
        return AttachmentView(a.title, self.linked(rebase_headings(to_html(a.markdown or ""), 2), m.committee, m.date),
                              Link(f"Punkt {i.number}: {i.title}", urls.item(i)), self.meeting_link(m),
                              self.committee(m.committee), self.search_data(m, i, a))

    def by_name(self, records, link) -> tuple[Link, ...]:
        return tuple(sorted((link(slug) for slug in records), key=lambda entry: entry.text.lower()))

    def home_view(self) -> HomeView:
        a, now = self.a, today()
        past = [m for m in a.meetings if m.date < now or m.kind == "minutes"]
        return HomeView(
            latest=tuple(self.summary(m) for m in reversed(past[-HOME_LATEST:])),
            upcoming=tuple(self.summary(m) for m in a.meetings if m.date >= now and m.kind in ("agenda", "planned")),
            committees=tuple(Link(c.name, urls.committee(c.slug),
                                  note=count(len(a.meetings_by_committee.get(c.slug, [])), "møde", "møder"))
                             for c in a.committees.values() if a.meetings_by_committee.get(c.slug)),
            topics=self.by_name(a.topics, self.topic),
            lead=f"Dagsordener og referater fra {count(len(a.meetings), 'møde', 'møder')} med "
                 f"{count(sum(len(m.items) for m in a.meetings), 'punkt', 'punkter')}.")

    def meeting(self, m: r.Meeting, items: tuple[ItemView, ...]) -> MeetingView:
        time = f"kl. {m.start.replace(':', '.')}" if m.start else ""
        if m.start and m.end:
            time += f"–{m.end.replace(':', '.')}"
        sessions = []
        for s in m.sessions:
            when = "–".join(t.replace(":", ".") for t in (s.start, s.end) if t)
            text = f"{s.title}, kl. {when}" if when else s.title
            sessions.append(text + (" (aflyst)" if s.cancelled else ""))
        committee = self.a.committees[m.committee]
        return MeetingView(
            heading=f"{committee.short_name}: {KIND_LABELS[m.kind].lower()} for mødet {long_date(m.date)}",
            document_title=m.title, kind=m.kind, kind_label=KIND_LABELS[m.kind],
            committee=Link(committee.name, urls.committee(m.committee)),
            date_text=weekday_date(m.date), time_text=time, place=m.place,
            participants_text=m.participants_text,
            participants=tuple(self.person(p) for p in m.participants),
            apologies=tuple(self.person(p) for p in m.apologies),
            substitutes=tuple((self.person(s.person), self.person(s.for_)) for s in m.substitutes),
            sessions=tuple(sessions), intro_html=self.linked(rebase_headings(to_html(m.intro), 2), m.committee, m.date),
            items=items, source=m.source,
            referred_by=self.item_refs(self.refs.items_mentioning_meeting.get((m.committee, m.date), [])))

    def committee_view(self, c: r.Committee) -> CommitteeView:
        meetings = self.a.meetings_by_committee.get(c.slug, [])
        planned = [e for (slug, _), e in self.refs.planned.items() if slug == c.slug]
        now = today()
        upcoming = [self.summary(m) for m in meetings if m.date >= now and m.kind in ("agenda", "planned")]
        upcoming += [self.planned_summary(e) for e in planned if e.planned.date >= now]
        dated = sorted([(m.date, self.summary(m)) for m in meetings] +
                       [(e.planned.date, self.planned_summary(e)) for e in planned], key=lambda d: d[0])
        years = [YearGroup(year, tuple(summary for _, summary in reversed(list(group))))
                 for year, group in groupby(dated, key=lambda d: d[0].year)]
        topic_slugs = sorted({t for m in meetings for i in m.items for t in i.topics},
                             key=lambda s: self.a.topics[s].name.lower())
        children = [self.committee(o.slug) for o in self.a.committees.values() if o.parent == c.slug]
        return CommitteeView(
            name=c.name, short_name=c.short_name, kind=c.kind,
            description_html=self.linked(rebase_headings(to_html(c.description), 2)),
            parent=self.committee(c.parent) if c.parent else None, children=tuple(children),
            members=tuple(Role(self.person(mb.person), mb.role, _period(mb.from_, mb.until))
                          for mb in c.members),
            upcoming=tuple(upcoming),
            years=tuple(reversed(years)), topics=tuple(self.topic(t) for t in topic_slugs))

    def person_view(self, p: r.Person) -> PersonView:
        mentioned = self.refs.items_mentioning_person.get(p.slug, [])
        memberships = [Role(self.committee(c.slug), mb.role, _period(mb.from_, mb.until))
                       for c in self.a.committees.values() for mb in c.members if mb.person == p.slug]
        return PersonView(
            name=p.name, variants=p.variants,
            affiliations=tuple(Role(self.organisation(af.organisation), af.title,
                                    _period(af.from_, af.until)) for af in p.affiliations),
            memberships=tuple(memberships),
            presented=tuple(self.item_ref(i) for i in reversed(self.a.items_by_presenter.get(p.slug, []))),
            appointments=self.item_refs(i for i in reversed(mentioned) if _is_appointment(i)),
            mentioned=self.item_refs(i for i in reversed(mentioned)
                                     if not _is_appointment(i) and p.slug not in i.presenters),
            attended=tuple(self.summary(m) for m in reversed(self.a.meetings_by_participant.get(p.slug, []))),
            apologies=tuple(self.summary(m) for m in reversed(self.a.meetings_by_apology.get(p.slug, []))))

    def organisation_view(self, o: r.Organisation) -> OrganisationView:
        people = []
        for person in self.a.people_by_organisation.get(o.slug, []):
            for af in person.affiliations:
                if af.organisation == o.slug:
                    people.append(Role(self.person(person.slug), af.title, _period(af.from_, af.until)))
        affiliated = {person.slug for person in self.a.people_by_organisation.get(o.slug, [])}
        items = {i.key: i for i in self.refs.items_mentioning_organisation.get(o.slug, [])}
        for slug in affiliated:
            items.update((i.key, i) for i in self.a.items_by_presenter.get(slug, []))
        timeline = sorted(items.values(), key=lambda i: (i.date, i.committee, i.sort_key))
        committees = sorted({i.committee for i in timeline})
        return OrganisationView(o.name, ORGANISATION_KINDS[o.kind], tuple(people),
                                self.item_refs(timeline), tuple(self.committee(c) for c in committees))

    def topic_view(self, t: r.Topic) -> TopicView:
        items = self.a.items_by_topic.get(t.slug, [])
        committees = sorted({i.committee for i in items})
        people = sorted({p for i in items for p in i.presenters}, key=lambda s: self.a.people[s].name)
        return TopicView(t.name, t.aliases, self.linked(rebase_headings(to_html(t.description), 2)),
                         tuple(self.item_ref(i) for i in items),
                         tuple(self.committee(c) for c in committees),
                         tuple(self.person(p) for p in people))

    def case_view(self, number: str) -> CaseView:
        items = self.a.items_by_case[number]
        return CaseView(number, self.item_refs(items),
                        tuple(self.committee(c) for c in sorted({i.committee for i in items})))


def build_site(archive: Archive, settings: Settings | None = None) -> Site:
    """Every page of the site, and the files shipped as-is. A page's view is
    made when the page is rendered (``Page.view`` is a function), so that the
    processes that render the pages in parallel each make only their own."""
    settings = settings or Settings()
    b, site = _Builder(archive, settings), Site()
    add = site.pages.append
    for m in archive.meetings:
        name = b.meeting_name(m)
        short = f"{archive.committees[m.committee].short_name} {long_date(m.date)}"
        group = urls.meeting(m)  # a meeting's pages are rendered together: item views are shared
        add(Page(urls.meeting(m), "meeting.html", f"{KIND_LABELS[m.kind]}: {short}",
                 f"{KIND_LABELS[m.kind]} for {name}: {count(len(m.items), 'punkt', 'punkter')}.",
                 partial(b.meeting_view, m), name=short, group=group))
        for k, i in enumerate(m.items):
            add(Page(urls.item(i), "item.html", f"Punkt {i.number}: {i.title} — {short}",
                     _excerpt(i) or f"{name}, punkt {i.number}: {i.title}", partial(b.item_view, m, k),
                     pagefind=True, name=i.title, group=group))
            for a in i.attachments:
                url = urls.attachment(i, a)
                if a.is_page:
                    add(Page(url, "attachment.html", f"Bilag: {a.title} — {short}",
                             f"Bilag til punkt {i.number}, {name}: {a.title}", partial(b.attachment_view, m, i, a),
                             pagefind=True, name=a.title, group=group))
                elif url:
                    site.files.append(StaticFile(url, a.source, a.title))
    for records, url_of, template, description, make_view in (
            (archive.committees, urls.committee, "committee.html", "{}: møder, medlemmer og emner.", b.committee_view),
            (archive.people, urls.person, "person.html", "{}: tilknytninger, fremlagte punkter og møder.",
             b.person_view),
            (archive.organisations, urls.organisation, "organisation.html", "{} i mødearkivet.", b.organisation_view),
            (archive.topics, urls.topic, "topic.html", "{}: alle punkter om emnet.", b.topic_view)):
        for record in records.values():
            add(Page(url_of(record.slug), template, record.name, description.format(record.name),
                     partial(make_view, record), name=record.name))
    for number in archive.items_by_case:
        add(Page(urls.case(number), "case.html", f"Sag {number}",
                 f"Alle punkter i sag {number}.", partial(b.case_view, number), name=f"Sag {number}"))
    for url, heading, description, intro, make_entries in (
            (urls.people_index(), "Personer", "Alle personer i mødearkivet.",
             "Alle personer, der er nævnt i arkivets møder.", lambda: b.by_name(archive.people, b.person)),
            (urls.organisations_index(), "Organisationer", "Alle organisationer i mødearkivet.",
             "Kommuner, region og andre organisationer.", lambda: b.by_name(archive.organisations, b.organisation)),
            (urls.topics_index(), "Emner", "Alle emner i mødearkivet.",
             "Emner, der går igen på tværs af møder.", lambda: b.by_name(archive.topics, b.topic)),
            (urls.cases_index(), "Sager", "Alle sagsnumre i mødearkivet.",
             "Sagsnumre og de punkter, der hører til dem.",
             lambda: tuple(Link(n, urls.case(n)) for n in sorted(archive.items_by_case)))):
        add(Page(url, "index-list.html", heading, description,
                 partial(lambda h, i, e: IndexView(h, i, e()), heading, intro, make_entries)))
    if settings.accessibility_statement:
        statement = MovedView(settings.accessibility_statement, "Tilgængelighedserklæring", external=True)
        add(Page(urls.accessibility(), "moved.html", "Tilgængelighedserklæring",
                 "Tilgængelighedserklæring for mødearkivet.", lambda: statement))
    add(Page(urls.search(), "search.html", "Søg", "Søg i dagsordener, referater og bilag.",
             partial(search_view, archive)))
    add(Page(urls.home(), "home.html", "Mødearkiv", "Dagsordener og referater.", b.home_view))
    return site


def _excerpt(item: r.Item, length: int = 200) -> str:
    """The first words of the decision, else the recommendation, as plain text
    for link previews."""
    text = item.decision or item.recommendation or item.case_text
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url) → text
    text = re.sub(r"^\s*(?:#+|[-*+]|\d+\.|>|\|)\s*|[*_`|]+|<[^>]+>", " ", text, flags=re.MULTILINE)
    plain = " ".join(text.split())
    return plain if len(plain) <= length else plain[:length].rsplit(" ", 1)[0] + " …"


def _is_appointment(item: r.Item) -> bool:
    """An item about appointments (udpegninger), by topic or title."""
    return "udpegninger" in item.topics or item.title.lower().startswith("udpegning")


def search_view(archive: Archive) -> SearchView:
    """The filters of the search page with a label for every value; the counts
    come from Pagefind in the browser."""
    years = sorted({str(m.date.year) for m in archive.meetings}, reverse=True)
    presenters = sorted({p for i in archive.items() for p in i.presenters},
                        key=lambda s: archive.people[s].name.lower())
    topics = sorted({t for i in archive.items() for t in i.topics},
                    key=lambda s: archive.topics[s].name.lower())
    values = {
        "udvalg": [(c, archive.committees[c].short_name) for c in archive.meetings_by_committee],
        "aar": [(y, y) for y in years],
        "type": list(RECORD_TYPES.items()),
        "emne": [(t, archive.topics[t].name) for t in topics],
        "person": [(p, archive.people[p].name) for p in presenters],
        "beslutning": list(DECISION_VALUES.items()),
    }
    return SearchView(tuple(FilterGroup(name, label, tuple(values[name])) for name, label in SEARCH_FILTERS))
