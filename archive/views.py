"""Stage 4a, render data: one ready-made view per page.

Templates receive these frozen dataclasses and only lay them out: links,
date texts and HTML are decided before (``pages/`` makes them); words of the
interface come from the message catalogue. This module is the vocabulary:
the views and the pages and files that carry them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

ROOT = "ma-root:/"  # the site root in generated HTML; the plugin makes it relative to each page


@dataclass(frozen=True)
class Link:
    text: str
    url: str  # site-relative
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    label: str
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


@dataclass(frozen=True)
class MeetingSummary:
    link: Link | None  # None: a planned meeting without a page
    committee: str
    date_text: str
    kind: str
    kind_label: str
    item_count: str  # "13 punkter"
    note: str = ""
    source: Link | None = None  # the item that announced a planned meeting


@dataclass(frozen=True)
class ItemRef:
    link: Link
    context: str  # "KD-Net, 9. april 2021, punkt 5"
    date: dt.date


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
class Role:
    link: Link
    role: str
    period: str


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


@dataclass(frozen=True)
class OrganisationView:
    name: str
    kind_label: str
    people: tuple[Role, ...]
    items: tuple[ItemRef, ...]
    committees: tuple[Link, ...]


@dataclass(frozen=True)
class TopicView:
    name: str
    aliases: tuple[str, ...]
    description_html: str
    items: tuple[ItemRef, ...]
    committees: tuple[Link, ...]
    people: tuple[Link, ...]


@dataclass(frozen=True)
class CaseView:
    number: str
    items: tuple[ItemRef, ...]
    committees: tuple[Link, ...]


@dataclass(frozen=True)
class AttachmentView:
    title: str
    html: str
    item: Link
    meeting: Link
    committee: Link
    search: SearchData


@dataclass(frozen=True)
class FilterGroup:
    name: str   # URL parameter and Pagefind filter
    label: str
    values: tuple[tuple[str, str], ...]  # (value, label), in display order


@dataclass(frozen=True)
class SearchView:
    filters: tuple[FilterGroup, ...]


@dataclass(frozen=True)
class MovedView:
    """A page that only sends the reader on: a moved URL, or /was/."""

    target: str   # site-relative URL, or an absolute one when external
    name: str
    external: bool = False


@dataclass(frozen=True)
class IndexView:
    heading: str
    intro: str
    entries: tuple[Link, ...]


@dataclass(frozen=True)
class HomeView:
    latest: tuple[MeetingSummary, ...]
    upcoming: tuple[MeetingSummary, ...]
    committees: tuple[Link, ...]
    topics: tuple[Link, ...]
    lead: str  # "Dagsordener og referater fra 5 møder med 64 punkter."


@dataclass(frozen=True)
class Page:
    """One page of the site: where, which template, and its view."""

    url: str
    template: str
    title: str         # <title>
    description: str
    view: Callable[[], object]  # makes the page's view when it is rendered
    pagefind: bool = False  # indexed for search
    name: str = ""          # what the page shows, for the URL registry ("Human First")
    group: str = ""         # pages rendered by the same process (a meeting and its items)
    sitemap: bool = True    # listed in sitemap.xml


@dataclass(frozen=True)
class StaticFile:
    """A file shipped as-is, e.g. an attachment PDF."""

    url: str
    source: str
    name: str = ""


@dataclass(frozen=True)
class GeneratedFile:
    """A file made by the build (feeds, calendars, the JSON export)."""

    url: str
    content: bytes
    name: str = ""


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    files: list[StaticFile | GeneratedFile] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    """What the site's configuration (mkdocs.yml) tells the views."""

    site_url: str = ""
    # The public body's accessibility statement (was.digst.dk), required by
    # webtilgængelighedsloven: linked from every page and from /was/.
    accessibility_statement: str = ""
    language: str = "da"  # of the interface (theme.language): messages, dates, search
