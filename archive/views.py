"""Stage 4a, render data: what every family of pages shares.

The pages and files of the site (``Page``, ``StaticFile``, ``GeneratedFile``,
``Site``), the settings the views read, and the small views that many pages
show (a link, a meeting in a list, an item in a timeline, a role). The views
of each page kind are declared beside the code that makes them, in
``pages/meetings.py``, ``pages/registries.py`` and ``pages/general.py``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .index import SHARD_PAGES

if TYPE_CHECKING:
    from .model import Archive

ROOT = "ma-root:/"  # the site root in generated HTML; the plugin makes it relative to each page


@dataclass(frozen=True)
class Link:
    text: str
    url: str  # site-relative
    note: str = ""


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
class Role:
    link: Link
    role: str
    period: str


@dataclass(frozen=True, slots=True)  # one per page of the site: no attribute table each
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
    year: int = 0           # of its meeting (0: none): the search shard that indexes it
    month: int = 0          # the same (a year cut into shards is cut by month)
    # The (year, month) of what it shows: a meeting's, a year page's year
    # (after its meetings), the newest for an overview (it shows recent
    # activity); a batch of pages dealt in this order (plugin.plan) reads
    # the records of a few years, not of the whole archive.
    shows: tuple[int, int] = (0, 0)
    # A page of no group: what it shows of the records besides the
    # registries (``Drawn``), when its route declares it; made when rendered.
    drawn: Callable[[], "Drawn"] | None = None


@dataclass(frozen=True)
class Drawn:
    """What a page outside the meetings' page groups (a person's, a topic's)
    shows of the archive besides the registries: the meetings (page groups)
    whose records it shows, and whatever else it shows of the archive
    (whether a meeting its description names is there). The same
    meetings' inputs (``Site.group_inputs``) and the same rest give the same
    view, so an incremental build keeps the page without making its view."""

    meetings: frozenset[str]
    other: tuple = ()


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
    content: bytes | Callable[[], bytes]  # a function: made when needed (see ``key``)
    name: str = ""
    published: bool = True  # an address readers use (not a host's configuration file)
    key: str | None = None  # a digest of what it is made of: unchanged, the last build's file is kept

    def data(self) -> bytes:
        return self.content() if callable(self.content) else self.content


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    files: list[StaticFile | GeneratedFile] = field(default_factory=list)
    settings: "Settings | None" = None  # as the archive's configuration completes mkdocs.yml
    search_shards: tuple = ()  # index.Shard: how Pagefind indexes the searchable pages
    group_inputs: dict = field(default_factory=dict)  # page group → digest of all its pages show
    shared_inputs: str = ""  # digest of the registries, configuration and day every page may show
    archive: "Archive | None" = None  # what it was compiled from: the live preview's fast render links it again


@dataclass(frozen=True)
class Settings:
    """What the site's configuration (mkdocs.yml) tells the views."""

    site_url: str = ""
    # The public body's accessibility statement (was.digst.dk), required by
    # webtilgængelighedsloven: linked from every page and from /was/.
    accessibility_statement: str = ""
    language: str = "da"  # of the interface (theme.language): messages, dates, search
    # From the archive's configuration (archive.yaml), else from mkdocs.yml:
    site_name: str = ""
    site_short_name: str = ""
    description: str = ""
    logo: str = ""  # the logo's site-relative URL
    search_shard_pages: int = SHARD_PAGES  # the most pages one Pagefind run indexes
