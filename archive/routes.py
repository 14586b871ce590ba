"""The route table: every kind of page and file the site has, declared once.

Each route says its URL pattern (named parameters in braces), the function
that lists the records producing it (``produce``), its template (pages) and
the function that makes its view or its bytes, its title and description
(messages of the catalogue, filled from the target's fields), and whether
search indexes it and the sitemap lists it.

Everything else is derived from this table: the site's pages and files
(``build_site``), the redirects of every declared move (a renamed committee
moves its meetings, year pages and calendar with no code for that case), the
reserved top-level names that slugs may not take, the sitemap, and the
links of templates and scripts (``url``). Run ``python -m archive.routes``
to see the table.

URLs are site-relative without a leading slash ("kd-net/2021-04-09/5/");
the page that shows one makes it relative to itself.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from . import export, feeds, hosting, index
from .i18n import N_, _
from .model import Archive
from .pages import general, meetings, registries
from .pages.context import Context, Target
from .views import GeneratedFile, Page, Settings, Site, StaticFile


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    produce: Callable[[Context], Iterable[Target]] | None  # None: made outside the archive (assets, 404)
    template: str | None = None   # a page's template; None for a file
    view: Callable | None = None  # view(ctx, subject): a page's view or a file's bytes; None: shipped as is
    title: str = ""               # message, %(field)s from the target's fields
    description: str = ""
    search: bool = False          # indexed by Pagefind
    sitemap: bool = True          # listed in sitemap.xml
    published: bool = True        # an address of the archive (recorded in published-urls.txt)
    # drawn(ctx, subject): what a page of no meeting's group shows of the
    # archive (views.Drawn); None: its view is made to know whether it changed.
    drawn: Callable | None = None

    @property
    def is_page(self) -> bool:
        return self.template is not None


ROUTES: tuple[Route, ...] = (
    Route("home", "", general.one, "home.html", general.home_view,
          N_("Home"), N_("Agendas and minutes.")),
    Route("committee", "{committee}/", registries.committees, "committee.html", registries.committee_view,
          "%(name)s", N_("%(name)s: meetings, members and topics.")),
    Route("committee_year", "{committee}/{year}/", registries.committee_years, "committee-year.html",
          registries.committee_year_view, N_("%(committee)s: meetings in %(year)s"),
          N_("Agendas and minutes of %(committee)s in %(year)s.")),
    Route("meeting", "{committee}/{date}/", meetings.meetings, "meeting.html", meetings.meeting_view,
          N_("%(kind)s: %(meeting)s"), N_("%(kind)s for %(meeting_name)s: %(items)s.")),
    Route("item", "{committee}/{date}/{number}/", meetings.items, "item.html", meetings.item_view,
          N_("Item %(number)s: %(title)s — %(meeting)s"), N_("%(meeting_name)s, item %(number)s: %(title)s"),
          search=True),
    Route("attachment", "{committee}/{date}/bilag/{attachment}/", meetings.attachment_pages, "attachment.html",
          meetings.attachment_view, N_("Attachment: %(title)s — %(meeting)s"),
          N_("Attachment to item %(number)s, %(meeting_name)s: %(title)s"), search=True),
    Route("attachment_file", "{committee}/{date}/bilag/{file}", meetings.attachment_files,
          title="%(title)s"),
    Route("person", "personer/{person}/", registries.people, "person.html", registries.person_view,
          "%(name)s", N_("%(name)s: affiliations, items presented and meetings."),
          drawn=registries.person_drawn),
    Route("person_year", "personer/{person}/{year}/", registries.person_years, "person.html",
          registries.person_view, N_("%(name)s: %(year)s"), N_("%(name)s in the meeting archive in %(year)s."),
          drawn=registries.person_drawn),
    Route("organisation", "organisationer/{organisation}/", registries.organisations, "organisation.html",
          registries.organisation_view, "%(name)s", N_("%(name)s in the meeting archive."),
          drawn=registries.organisation_drawn),
    Route("organisation_year", "organisationer/{organisation}/{year}/", registries.organisation_years,
          "organisation.html", registries.organisation_view, N_("%(name)s: %(year)s"),
          N_("%(name)s in the meeting archive in %(year)s."),
          drawn=registries.organisation_drawn),
    Route("topic", "emner/{topic}/", registries.topics, "topic.html", registries.topic_view,
          "%(name)s", N_("%(name)s: every item on the topic."),
          drawn=registries.topic_drawn),
    Route("topic_year", "emner/{topic}/{year}/", registries.topic_years, "topic.html", registries.topic_view,
          N_("%(name)s: %(year)s"), N_("%(name)s in the meeting archive in %(year)s."),
          drawn=registries.topic_drawn),
    Route("case", "sager/{case}/", registries.cases, "case.html", registries.case_view,
          N_("Case %(case)s"), N_("Every item of case %(case)s.")),
    Route("people", "personer/", general.one, "index-list.html", registries.people_index,
          N_("People"), N_("Every person in the meeting archive.")),
    Route("organisations", "organisationer/", general.one, "index-list.html", registries.organisations_index,
          N_("Organisations"), N_("Every organisation in the meeting archive.")),
    Route("topics", "emner/", general.one, "index-list.html", registries.topics_index,
          N_("Topics"), N_("Every topic in the meeting archive.")),
    Route("cases", "sager/", general.one, "index-list.html", registries.cases_index,
          N_("Cases"), N_("Every case number in the meeting archive.")),
    Route("cases_year", "sager/{year}/", registries.case_years, "index-list.html", registries.cases_index,
          N_("Cases: %(year)s"), N_("Case numbers treated in %(year)s.")),
    Route("search", "soeg/", general.search, "search.html", general.search_view,
          N_("Search"), N_("Search agendas, minutes and attachments.")),
    Route("spellings", "soeg/stavemaader.json", general.one, view=feeds.spellings,
          title=N_("Spellings without æ, ø and å")),
    Route("accessibility", "was/", general.accessibility, "moved.html", general.accessibility_view,
          N_("Accessibility statement"), N_("Accessibility statement of the meeting archive."), sitemap=False),
    Route("calendar_all", "kalender/alle.ics", general.one, view=feeds.calendar,
          title=N_("Calendar: all meetings")),
    Route("calendar", "kalender/{committee}.ics", feeds.calendars, view=feeds.calendar,
          title=N_("Calendar: %(name)s")),
    Route("atom", "nyt.atom", general.one, view=feeds.atom, title=N_("New agendas and minutes")),
    Route("export", "data/arkiv.json", general.one, view=export.export, title=N_("The archive as JSON")),
    Route("schema", "data/arkiv.schema.json", general.one, view=export.schema,
          title=N_("JSON Schema of the archive")),
    Route("export_year", "data/moeder/{year}.json", export.years, view=export.year_file,
          title=N_("The meetings of %(year)s as JSON")),
    Route("year_schema", "data/moeder.schema.json", general.one, view=export.year_schema,
          title=N_("JSON Schema of a year's meetings")),
    Route("withdrawn", "{old}", general.withdrawals, "withdrawn.html", general.withdrawn_view,
          N_("Withdrawn page"), N_("The page %(url)s has been withdrawn from the archive."), sitemap=False),
    Route("host_apache", ".htaccess", general.one, view=hosting.htaccess, title="Apache", published=False),
    Route("host_netlify", "_redirects", general.one, view=hosting.netlify_redirects, title="Netlify",
          published=False),
    Route("host_headers", "_headers", general.one, view=hosting.headers_file, title="Headers", published=False),
    # Derived from the routes above: the redirects of declared moves, the sitemap.
    Route("redirect", "{old}", None, "moved.html", general.moved_view, N_("Moved: %(name)s"),
          N_("The page has moved to /%(url)s"), sitemap=False),
    Route("sitemap", "sitemap.xml", None, title="Sitemap"),
    # Made by mkdocs and Pagefind (the stylesheets and scripts of assets/ too,
    # but for the archive's logo); listed for the names they take.
    Route("not_found", "404.html", None),
    Route("assets", "assets/{path}", general.logo, title="%(title)s"),
    Route("pagefind", "pagefind/{path}", None),
)
BY_NAME = {route.name: route for route in ROUTES}
GENERATED_BY_TABLE = ("redirect", "sitemap")

# How a parameter's value is written in a URL.
_FORMATS: dict[str, Callable] = {"date": dt.date.isoformat, "case": str.lower}


def url(name: str, **params) -> str:
    """The site-relative URL of route ``name`` with these parameters."""
    pattern = BY_NAME[name].pattern
    return pattern.format(**{k: _FORMATS.get(k, str)(v) for k, v in params.items()})


def reserved_names() -> frozenset[str]:
    """Top-level names the site uses itself, which a committee slug must not
    take: the first fixed segment of every route ("personer", "soeg", "404")."""
    names = set()
    for route in ROUTES:
        first = route.pattern.split("/", 1)[0]
        if first and "{" not in first:
            names.update({first, first.split(".", 1)[0]})
    return frozenset(names)


def search_glob(periods: Iterable[str]) -> str:
    """The files Pagefind reads for a search shard: the pages of the routes
    search indexes, of these periods ("2022", "2023-07"; a route without a
    date: "0"). It need not parse the rest of the site; a page of these
    routes that search leaves out (a closed item) has no data-pagefind-body,
    which Pagefind skips."""
    patterns = sorted(re.sub(r"\{[^}]+\}", "*", route.pattern.replace("{date}", f"{period}-*")) + "index.html"
                      for route in ROUTES if route.search for period in periods
                      if ("{date}" in route.pattern) == (period != "0"))
    return "{" + ",".join(patterns) + "}"


# ------------------------------------------------------------------ moves

def _former_values(archive: Archive, params: dict) -> dict[str, tuple]:
    """Each parameter's earlier values, as the records declare them with
    ``formerly:``: the record a parameter names is looked up in its registry."""
    former: dict[str, tuple] = {}
    registry = {"committee": archive.committees, "person": archive.people,
                "organisation": archive.organisations, "topic": archive.topics}
    for name, records in registry.items():
        if name in params:
            former[name] = records[params[name]].formerly
    meeting = archive.meeting_index.get((params.get("committee"), params.get("date")))
    if meeting is not None:
        former["date"] = meeting.formerly
        if "number" in params:
            former["number"] = archive.item_index[(meeting.committee, meeting.date, params["number"])].formerly
    return former


def former_urls(archive: Archive, route: Route, params: dict) -> list[str]:
    """Every URL this target had under the earlier values of its parameters
    (all combinations: a meeting moved in a committee since renamed)."""
    former = _former_values(archive, params)
    if not any(former.values()):
        return []  # most pages: nothing they show has moved
    choices = [((k, v),) + tuple((k, old) for old in former.get(k, ())) for k, v in params.items()]
    current = url(route.name, **params)
    found = []
    for combination in itertools.product(*choices):
        old = url(route.name, **dict(combination))
        if old != current:
            found.append(old)
    return found


# ------------------------------------------------------------------ the site

@dataclass
class _Made:
    site: Site = field(default_factory=Site)
    moves: dict[str, tuple[str, object]] = field(default_factory=dict)  # old URL → (new URL, page or file)
    clashes: list[tuple[str, str, str]] = field(default_factory=list)   # (url, first, second)
    owner: dict[str, str] = field(default_factory=dict)


def build_site(archive: Archive, settings: Settings | None = None,
               published: Iterable[str] = ()) -> tuple[Site, list[str]]:
    """Every page and file of the site, the redirects of declared moves and
    of year pages gone (``published``: the URLs published so far), and the
    sitemap; and the problems found (two things at one address, a move onto
    an address in use). A page's view is made when the page is rendered
    (``Page.view`` is a function), so that each render process makes only its own."""
    ctx = Context(archive, settings or Settings(), url)
    made = _Made()
    made.site.archive = archive
    for route in ROUTES:
        if route.produce is None:
            continue
        for target in route.produce(ctx):
            _add(made, ctx, route, target)
    problems = [f"/{u} is the address of both {a} and {b}" for u, a, b in made.clashes]
    problems += _add_moves(made, ctx)
    _add_year_fallbacks(made, ctx, published)
    # The search page names the shards of the index: known once every page is.
    made.site.search_shards = ctx.search_shards = index.plan(made.site.pages, ctx.settings.search_shard_pages)
    shared = meetings.shared_inputs(ctx)
    made.site.shared_inputs, made.site.group_inputs = shared.hex(), meetings.group_inputs(ctx, shared)
    sitemap = BY_NAME["sitemap"]
    made.site.files.append(GeneratedFile(sitemap.pattern, feeds.sitemap(made.site, settings), sitemap.title))
    return made.site, problems


def meeting_pages(archive: Archive, settings: Settings, meetings: Iterable, search_shards: tuple) -> Site:
    """The pages of these meetings of ``archive`` (each meeting's page group:
    the routes under a meeting's address) and the home page, as
    ``build_site`` makes them: the live preview's fast render of saved
    meetings (preview.py). ``search_shards``: as the whole site has them."""
    ctx = Context(archive, settings, url)
    ctx.search_shards = search_shards
    meetings = tuple(meetings)
    # The producers list the pages of their context's meetings: these only.
    narrowed = Context(replace(archive, meetings=meetings), settings, url)
    groups = {ctx.meeting_url(m) for m in meetings}
    made = _Made()
    for route in ROUTES:
        if route.is_page and route.pattern == "":  # the home page: mkdocs's nav refers to it
            targets = route.produce(ctx)
        elif route.is_page and route.pattern.startswith("{committee}/{date}/"):
            targets = (target for target in route.produce(narrowed) if target.group in groups)
        else:
            continue
        for target in targets:
            _add(made, ctx, route, target)
    made.site.settings, made.site.search_shards, made.site.archive = settings, search_shards, archive
    return made.site


def _fill(message: str, fields: dict) -> str:
    return _(message) % fields if message else ""


def _shows(target: Target) -> tuple[int, int]:
    """Page.shows: the (year, month) of what ``target``'s page shows."""
    when = target.params.get("date") or target.when
    if when:
        shows = when.year, when.month
    elif "year" in target.params:
        shows = target.params["year"], 13  # a year page: after that year's meetings
    else:
        shows = 9999, 0  # an overview: its recent activity is the newest
    return _SHOWN.setdefault(shows, shows)


# One (year, month) for all pages of a month, not one each (46,000 objects,
# 2 MB at 1,000 meetings).
_SHOWN: dict[tuple[int, int], tuple[int, int]] = {}


class _Bound:
    """``view(ctx, subject)`` to be made: a page's view, or what it draws
    (a third of the size of a ``functools.partial``, which has a dict)."""

    __slots__ = ("function", "ctx", "subject")

    def __init__(self, function: Callable, ctx: Context, subject: object) -> None:
        self.function, self.ctx, self.subject = function, ctx, subject

    def __call__(self):
        return self.function(self.ctx, self.subject)


def _add(made: _Made, ctx: Context, route: Route, target: Target) -> None:
    address = url(route.name, **target.params)
    title = _fill(route.title, target.fields)
    if route.is_page:
        shows = _shows(target)
        thing = Page(address, route.template, title,
                     target.description or _fill(route.description, target.fields),
                     _Bound(route.view, ctx, target.subject),
                     pagefind=route.search if target.search is None else target.search,
                     name=target.name or title, group=target.group, sitemap=route.sitemap,
                     year=shows[0] if "date" in target.params else 0,
                     month=shows[1] if "date" in target.params else 0,
                     shows=shows, drawn=_Bound(route.drawn, ctx, target.subject) if route.drawn else None)
    elif route.view is None:
        thing = StaticFile(address, target.subject, target.name or title)
    elif target.key is None:
        thing = GeneratedFile(address, route.view(ctx, target.subject), target.name or title, route.published)
    else:  # made only if the last build's file was made of something else (publish.py)
        thing = GeneratedFile(address, _Bound(route.view, ctx, target.subject), target.name or title,
                              route.published, key=target.key)
    if address in made.owner:
        made.clashes.append((address, made.owner[address], thing.name))
        return
    made.owner[address] = thing.name
    (made.site.pages if route.is_page else made.site.files).append(thing)
    for old in former_urls(ctx.archive, route, target.params):
        made.moves.setdefault(old, (address, thing))


def _add_moves(made: _Made, ctx: Context) -> list[str]:
    """A redirect page for every moved page; a copy at the old address of
    every moved file (a static host cannot redirect a calendar otherwise)."""
    problems = []
    for old, (new, thing) in sorted(made.moves.items()):
        if old in made.owner:
            problems.append(f"/{old} is declared as moved to /{new}, but another page still has that address")
            continue
        made.owner[old] = thing.name
        if isinstance(thing, Page):
            made.site.pages.append(_redirect(ctx, old, new, thing.name))
        else:
            made.site.files.append(replace(thing, url=old))
    return problems


def _redirect(ctx: Context, old: str, new: str, name: str) -> Page:
    """The page at an old address that sends the reader to the new one."""
    route, fields = BY_NAME["redirect"], {"name": name, "url": new}
    return Page(old, route.template, _fill(route.title, fields), _fill(route.description, fields),
                _Bound(route.view, ctx, (new, name)), name=name, sitemap=False)


_YEAR_PAGE = re.compile(r"^(.+/)(?:19|20)\d\d/$")


def _add_year_fallbacks(made: _Made, ctx: Context, published: Iterable[str]) -> None:
    """A year page exists while its record has activity that year; one that
    was published and has no activity left (an item withdrawn, a meeting
    moved) becomes a redirect to its record's page, never a dead address."""
    for old in published:
        parent = _YEAR_PAGE.match(old)
        if old in made.owner or not parent or parent.group(1) not in made.owner:
            continue
        new = parent.group(1)
        made.owner[old] = made.owner[new]
        made.site.pages.append(_redirect(ctx, old, new, made.owner[new]))


# ------------------------------------------------------------------ python -m archive.routes

def describe() -> str:
    """The route table as text: name, URL pattern, template or file, view."""
    rows = [("route", "URL", "template / file", "view", "search", "sitemap")]
    for route in ROUTES:
        made = route.template or ("file" if route.view else "derived" if route.name in GENERATED_BY_TABLE
                                  else "as is")
        view = route.view.__qualname__ if route.view else "-"
        origin = route.view.__module__.removeprefix("archive.") + "." if route.view else ""
        rows.append((route.name, "/" + route.pattern, made, origin + view if route.view else view,
                     "yes" if route.search else "", "yes" if route.sitemap and route.is_page else ""))
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    reserved = ", ".join(sorted(reserved_names()))
    return "\n".join(lines) + f"\n\nReserved top-level names (no committee slug may take them): {reserved}\n"


if __name__ == "__main__":
    print(describe(), end="")
