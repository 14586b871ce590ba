"""Routes of the site as a whole: home, search, the accessibility statement,
redirect pages, and what the scripts of every page need to know."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ..i18n import N_, _, count, long_date, ngettext
from ..index import HIGHLIGHT
from ..views import ROOT, Link, MeetingSummary
from .context import Context, Target
from .meetings import RECORD_TYPES

HOME_LATEST = 8
# Search filters: URL parameter → heading on the search page. Filter values
# are slugs (shareable, stable URLs: /soeg/?q=klima&udvalg=kd-net).
SEARCH_FILTERS = (("udvalg", N_("Committee")), ("aar", N_("Year")), ("type", N_("Type")),
                  ("emne", N_("Topic")), ("person", N_("Presented by")), ("beslutning", N_("Decision made")))
DECISION_VALUES = {"ja": N_("With a decision"), "nej": N_("Without a decision")}


# ------------------------------------------------------------------ views of this family

@dataclass(frozen=True)
class FilterGroup:
    name: str   # URL parameter and Pagefind filter
    label: str
    values: tuple[tuple[str, str], ...]  # (value, label), in display order


@dataclass(frozen=True)
class SearchShard:
    """One part of the search index: its folder, its key (a filter the search
    script gives its pages), and the years of its pages."""

    url: str
    key: str
    years: tuple[str, ...]


@dataclass(frozen=True)
class SearchView:
    filters: tuple[FilterGroup, ...]
    shards: tuple[SearchShard, ...]  # newest first
    # Fetched as the page loads, not when search.js asks for them: the
    # newest shard's Pagefind module and the spellings (a phone on a slow
    # line sees its first result one round trip sooner).
    preload_modules: tuple[str, ...] = ()
    preload_data: tuple[str, ...] = ()

    @property
    def shard_data(self) -> list[dict]:
        """The shards as the search script reads them (JSON)."""
        return [asdict(shard) for shard in self.shards]


@dataclass(frozen=True)
class MovedView:
    """A page that only sends the reader on: a moved URL, or /was/."""

    target: str   # site-relative URL, or an absolute one when external
    name: str
    external: bool = False


@dataclass(frozen=True)
class HomeView:
    latest: tuple[MeetingSummary, ...]
    upcoming: tuple[MeetingSummary, ...]
    committees: tuple[Link, ...]
    topics: tuple[Link, ...]
    lead: str  # "Dagsordener og referater fra 5 møder med 64 punkter."



def one(ctx: Context):
    """A route with one page or file, made from the whole archive."""
    yield Target({})


def logo(ctx: Context):
    """The archive's logo (archive.yaml), shipped as a file beside the stylesheets."""
    if ctx.a.config.logo:
        source = ctx.a.root / ctx.a.config.logo
        yield Target({"path": "logo" + source.suffix.lower()}, str(source), {"title": "Logo"})


def accessibility(ctx: Context):
    if ctx.settings.accessibility_statement:
        yield Target({})


def home_view(ctx: Context, _subject=None) -> HomeView:
    a, now = ctx.a, ctx.today
    past = [m for m in a.meetings if m.date < now or m.kind == "minutes"]
    items = sum(len(m.items) for m in a.meetings)
    return HomeView(
        latest=tuple(ctx.summary(m) for m in reversed(past[-HOME_LATEST:])),
        upcoming=tuple(ctx.summary(m) for m in a.meetings if m.date >= now and m.kind in ("agenda", "planned")),
        committees=tuple(Link(c.name, ctx.url("committee", committee=c.slug),
                              note=count(len(a.meetings_by_committee[c.slug]), "%(n)s meeting", "%(n)s meetings"))
                         for c in a.committees.values() if a.meetings_by_committee.get(c.slug)),
        topics=ctx.by_name(a.topics, ctx.topic),
        lead=_("Agendas and minutes of %(meetings)s with %(items)s.") % {
            "meetings": count(len(a.meetings), "%(n)s meeting", "%(n)s meetings"),
            "items": ctx.item_count(items)})


def search(ctx: Context):
    """The search page. What its filters list is gathered over every item:
    here, in the build's process (``ctx.once``), so that the render process
    that shows it inherits the lists instead of reading every item (each
    item it reads, it copies: 92 MB at 3,000 meetings)."""
    _search_values(ctx)
    yield Target({})


def _search_values(ctx: Context) -> tuple[list[str], list[str], list[str]]:
    """The years, presenters and topics of the archive's items."""
    def gather():
        a = ctx.a
        return (sorted({str(m.date.year) for m in a.meetings}, reverse=True),
                sorted({p for i in a.items() for p in i.presenters}, key=lambda s: a.people[s].name.lower()),
                sorted({t for i in a.items() for t in i.topics}, key=lambda s: a.topics[s].name.lower()))
    return ctx.once(("search values",), gather)


def search_view(ctx: Context, _subject=None) -> SearchView:
    """The filters of the search page with a label for every value; the counts
    come from Pagefind in the browser."""
    a = ctx.a
    years, presenters, topics = _search_values(ctx)
    values = {
        "udvalg": [(c, a.committees[c].short_name) for c in a.meetings_by_committee],
        "aar": [(y, y) for y in years],
        "type": [(value, _(label)) for value, label in RECORD_TYPES.items()],
        "emne": [(t, a.topics[t].name) for t in topics],
        "person": [(p, a.people[p].name) for p in presenters],
        "beslutning": [(value, _(label)) for value, label in DECISION_VALUES.items()],
    }
    shards = tuple(SearchShard(ROOT + ctx.url("pagefind", path=shard.key + "/"), shard.key,
                               tuple(map(str, shard.years)))
                   for shard in ctx.search_shards)
    newest = ctx.search_shards[:1]
    return SearchView(tuple(FilterGroup(name, _(label), tuple(values[name])) for name, label in SEARCH_FILTERS),
                      shards, tuple(ctx.url("pagefind", path=f"{shard.key}/pagefind.js") for shard in newest),
                      (ctx.url("spellings"),))


def withdrawals(ctx: Context):
    for withdrawal in ctx.a.withdrawn:
        yield Target({"old": withdrawal.url.lstrip("/")}, withdrawal, {"url": withdrawal.url})


@dataclass(frozen=True)
class WithdrawnView:
    reason: str
    date_text: str


def withdrawn_view(ctx: Context, withdrawal) -> WithdrawnView:
    return WithdrawnView(withdrawal.reason, long_date(withdrawal.date) if withdrawal.date else "")


def accessibility_view(ctx: Context, _subject=None) -> MovedView:
    return MovedView(ctx.settings.accessibility_statement, _("Accessibility statement"), external=True)


def moved_view(ctx: Context, subject) -> MovedView:
    target, name = subject
    return MovedView(target, name)


def script_data(url) -> dict:
    """What the scripts of a page need: the addresses they load (``url``
    makes them) and their interface text. Plural forms are given as the
    singular and the plural message, chosen by the count being 1 (as in
    both catalogues' languages)."""
    def plural(singular, plural_):
        return {"one": ngettext(singular, plural_, 1), "other": ngettext(singular, plural_, 2)}

    return {
        "urls": {"root": url("home"), "highlight": url("pagefind", path=HIGHLIGHT), "spellings": url("spellings")},
        "messages": {
            "copiedUrl": _("Link copied"), "copiedCitation": _("Citation copied"),
            "copiedDecision": _("Link to the decision copied"),
            "copyFailed": _("Could not copy – select the link and copy it yourself"),
            "searching": _("Searching …"), "searchingOlder": _("Searching the earlier years …"),
            "prompt": _("Type a search word, or choose a filter."),
            "results": plural("%(n)s result", "%(n)s results"),
            "resultsFor": _("%(results)s for »%(query)s«"), "youTyped": _(" (you typed »%(typed)s«)"),
            "item": _("item %(number)s"),
            "filtersActive": plural("%(n)s chosen", "%(n)s chosen"),
        },
    }


@dataclass(frozen=True)
class ErrorsView:
    errors: tuple[str, ...]


def errors_site(errors: tuple[str, ...]):
    """The site that live preview shows while the archive has errors: one page
    listing them (file, line, field, message); every other address shows them
    too, on the 404 page."""
    from ..views import Page, Site
    view = ErrorsView(errors)
    return Site(pages=[Page("", "errors.html", _("The archive has errors"), "", lambda: view)])
