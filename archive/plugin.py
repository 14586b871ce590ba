"""Stage 4b, render: the thin mkdocs plugin.

It asks the archive stages for the site's pages and hands them to mkdocs as
virtual files (nothing is written into a docs folder), then gives each
template its ready-made view. Everything mkdocs-specific lives here, so a
move to another generator replaces this file and the templates only.
"""
from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import FileSystemBytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from . import i18n, index, memo, routes
from .pages.general import errors_site, script_data
from .pipeline import compile_site
from .views import ROOT, GeneratedFile, Page, Settings, Site

log = logging.getLogger("mkdocs.plugins.archive")
# Exactly as Material's base.html writes them (plain replacements: a regex
# over every page costs seconds on a large archive).
_UNUSED_TOGGLES = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
                   '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
                   '<label class="md-overlay" for="__drawer"></label>')


def _without_unused_toggles(output: str) -> str:
    for toggle in _UNUSED_TOGGLES:
        output = output.replace(toggle, "", 1)
    return output


CONTENT_VARIABLE = "MOEDEARKIV_CONTENT"
# The most pages one Pagefind run indexes (tests set it low to search across shards).
SHARD_VARIABLE = "MOEDEARKIV_SEARCH_SHARD_PAGES"


class ArchiveConfig(Config):
    content = c.Type(str, default="content")
    pagefind = c.Type(bool, default=True)


def settings(config) -> Settings:
    """The parts of mkdocs.yml the archive's views need."""
    return Settings(site_url=config.site_url or "",
                    accessibility_statement=config.extra.get("accessibility_statement", ""),
                    language=config.theme.get("language") or i18n.DEFAULT,
                    site_name=config.site_name, description=config.site_description or "",
                    search_shard_pages=int(os.environ.get(SHARD_VARIABLE) or index.SHARD_PAGES))


def source_uri(url: str) -> str:
    """The virtual Markdown file that mkdocs renders to ``url``."""
    return f"{url}index.md"


def output_uri(url: str) -> str:
    """The file mkdocs writes for ``url`` (from ``source_uri``), relative to the site."""
    return f"{url}index.html"


def url(name: str, **params) -> str:
    """Templates' links: a route's URL from the site root (made relative to
    the page after rendering, as every link of the site)."""
    return ROOT + routes.url(name, **params)


def href(site_relative: str) -> str:
    return ROOT + site_relative


# What Material hides on every archive page (its navigation and table of contents).
_HIDDEN = ("navigation", "toc")


class ArchiveDocument(MkDocsPage):
    """An archive page as mkdocs knows it (``File.page``, set by the plugin
    as mkdocs allows): its template, title and description are given, not
    written as front matter for mkdocs to parse, and it has no Markdown of
    its own to convert — its template lays out its view. Each process held
    the parsed front matter, a Markdown converter's table of contents and
    anchors of every page it rendered (about 2 kB a page)."""

    def __init__(self, page: Page, file: File, config) -> None:
        super().__init__(None, file, config)
        self.archive_page = page

    def read_source(self, config) -> None:
        page = self.archive_page
        self.markdown = ""
        self.meta = {"template": page.template, "title": page.title, "description": page.description,
                     "hide": _HIDDEN}

    def render(self, config, files) -> None:
        self.content = ""


def _apply(effective: Settings | None, config) -> None:
    """What the archive's configuration (archive.yaml) says of the site wins
    over mkdocs.yml: its name, description, statement and logo."""
    if effective is None:
        return
    config.site_name = effective.site_name or config.site_name
    config.site_description = effective.description or config.site_description
    config.extra["accessibility_statement"] = effective.accessibility_statement
    config.extra["site_short_name"] = effective.site_short_name or config.site_name
    if effective.logo:
        config.theme["logo"] = effective.logo


def fingerprint(code: str, page: Page, view) -> str:
    """What a page's bytes are made from: the code, templates and settings
    (``code``: their digest), the page's address, template, title and
    description, and its view — all the records it shows, as shown. The same
    fingerprint gives the same page; templates hold no logic of their own."""
    made_of = repr((page.url, page.template, page.title, page.description, page.pagefind, view))
    return hashlib.blake2b(f"{code}\0{made_of}".encode(), digest_size=16).hexdigest()


@dataclass
class Reuse:
    """The pages of the last build (``site``) and their fingerprints
    (``known``; empty: a full build, which records them), and what every
    page of this build is made with: the digest of the code and templates,
    and the site's settings."""

    site: Path
    known: dict[str, str]
    code: str
    quick: dict[str, str] = field(default_factory=dict)  # of the last build: see _QuickMarks


class _QuickMarks:
    """The fingerprint of a page made without its view, from the digests of
    the records it shows: a meeting's page from its group's inputs
    (``Site.group_inputs``); a page that declares what it draws on (a
    person's, a topic's: ``Page.drawn``) from the inputs of those meetings,
    what every page may show and the rest it declares; None for any other
    page."""

    def __init__(self, site: Site, code: str) -> None:
        self.site, self.code = site, code
        self._drawn_digests: dict[int, tuple] = {}  # id → (Drawn, digest): see _drawn_digest

    def __call__(self, page: Page) -> str | None:
        if page.group:
            inputs = self.site.group_inputs.get(page.group)
            return None if inputs is None else fingerprint(self.code, page, inputs)
        if page.drawn is None:
            return None
        return fingerprint(self.code, page, (self.site.shared_inputs, self._drawn_digest(page.drawn())))

    def _drawn_digest(self, drawn) -> str:
        """A digest of what a record's pages draw on (``Drawn``, one for the
        record's page and each of its year pages) and of those meetings'
        inputs — made once per record: a person's lines are one long tuple,
        and writing it out for each of their year pages was most of the
        render's time in a rebuild at 3,000 meetings."""
        kept = self._drawn_digests.get(id(drawn))
        if kept is None or kept[0] is not drawn:
            groups = self.site.group_inputs
            digest = memo.key(drawn.other, [(group, groups[group]) for group in sorted(drawn.meetings)])
            kept = self._drawn_digests[id(drawn)] = (drawn, digest)
        return kept[1]


@dataclass
class RenderPlan:
    """What a build renders: its pages dealt into batches, each rendered by
    one mkdocs build (publish.py gives each a short-lived process), and
    what is known before any of them runs."""

    batches: list[list[Page]]  # the home page first in each: mkdocs's navigation refers to it
    quick: dict[str, str] = field(default_factory=dict)  # every page's quick fingerprint, for the next build
    fingerprints: dict[str, str] = field(default_factory=dict)  # of the pages kept without making their views
    kept: list[tuple[str, str]] = field(default_factory=list)  # their address and file


def plan(site: Site, reuse: Reuse | None, part: str | None = None, processes: int = 1,
         batch_pages: int | None = None) -> RenderPlan:
    """The pages of ``site`` (of ``part``: index.parts) to render, in
    batches: at least one, as many as ``processes`` when there are that many
    pages, none of more than about ``batch_pages`` (None: no bound). In an
    incremental build (``reuse``), a page whose quick fingerprint
    (``_QuickMarks``) is as the last build recorded is kept as it was,
    without making its view, and is in no batch."""
    part_of = index.part_finder(site.search_shards)
    quick_mark = _QuickMarks(site, reuse.code) if reuse is not None else None
    made = RenderPlan([])
    home, rest = [], []
    for page in site.pages:
        if not page.url:
            # Rendered in every batch: each batch's mkdocs navigation refers
            # to it. Its view, made once here: it counts every meeting, and a
            # render process forked from this one would copy what it reads.
            home.append(replace(page, view=_Made(page.view())))
            continue
        if part not in (None, part_of(page)):
            continue
        if quick_mark is not None:
            quick = quick_mark(page)
            if quick is not None:
                made.quick[page.url] = quick
                file = output_uri(page.url)
                if (reuse.quick.get(page.url) == quick and page.url in reuse.known
                        and os.path.isfile(os.path.join(reuse.site, file))):
                    made.fingerprints[page.url] = reuse.known[page.url]
                    made.kept.append((page.url, file))
                    continue
        rest.append(page)
    # A meeting's pages in one batch and one after another (they share item
    # views, which a process keeps for the last few meetings only); every
    # page in the date order of what it shows (Page.shows), so that what a
    # batch's pages show of other meetings (Sagsforløb, cases, a person's
    # year: registries._pick) lies mostly in the same years, and a render
    # process copies less of the archive it shares with this one.
    rest.sort(key=lambda page: (page.shows, page.group))
    made.batches = [home + batch for batch in _deal(rest, processes, batch_pages)]
    return made


class _Made:
    """A view made already, as a page's ``view``."""

    __slots__ = ("view",)

    def __init__(self, view) -> None:
        self.view = view

    def __call__(self):
        return self.view


def _deal(pages: list[Page], processes: int, batch_pages: int | None) -> list[list[Page]]:
    """``pages``, each group's together, cut into runs of about equal size,
    each group's pages in one run."""
    count = max(1, min(processes, len(pages)), -(-len(pages) // batch_pages) if batch_pages else 1)
    size = -(-len(pages) // count)
    batches: list[list[Page]] = [[]]
    for page in pages:
        last = batches[-1]
        if len(last) >= size and (not page.group or page.group != last[-1].group):
            batches.append(last := [])
        last.append(page)
    return batches


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    site: Site | None = None  # set by publish.py when it has compiled the archive already
    # Set by publish.py: the pages this mkdocs build renders (a batch of a
    # RenderPlan; None: every page), and whether it writes the theme's files,
    # the 404 page and the site's other files (one batch of a build does).
    share: list[Page] | None = None
    theme_files: bool = True
    reuse: Reuse | None = None  # set by publish.py: keep the unchanged pages of the last build
    errors: tuple[str, ...] = ()  # set by publish.py: the records' errors, for the live preview's errors site
    templates_cache: Path | None = None  # set by publish.py: Jinja's compiled templates, kept between builds
    _serving = False  # under `mkdocs serve`, each rebuild re-reads content/

    def on_config(self, config):
        self.settings = settings(config)  # read once: the language, site_url and statement of this build
        i18n.activate(self.settings.language)
        # `build.py --content DIR serve` names the records through the environment
        # (mkdocs serve takes no plugin options from the command line).
        content = os.environ.get(CONTENT_VARIABLE) or self.config.content
        self.root = Path(config.config_file_path).parent / content
        if str(self.root) not in config.watch:
            config.watch.append(str(self.root))
        self._errors = self.errors
        if self.site is None or self._serving:
            site, diagnostics = compile_site(self.root, self.settings)
            for warning in diagnostics.warnings:
                log.warning(str(warning))
            if site is None and not self._serving:
                raise PluginError("the archive has errors:\n" + diagnostics.report())
            if site is None:
                # Live preview: the errors in the browser, on every address,
                # until a save fixes them (the watcher rebuilds then).
                log.error("the archive has errors:\n" + diagnostics.report(notes=False))
                self._errors = tuple(str(d) for d in sorted(diagnostics.errors, key=lambda d: (d.path, d.line or 0)))
                site = errors_site(self._errors)
            self.site = site
        _apply(self.site.settings, config)
        if not self.theme_files:
            config.theme.static_templates = set()
        return config

    def on_startup(self, command, dirty):
        self._serving = command == "serve"

    def on_env(self, env, config, files):
        # Every value a template prints is escaped unless marked safe: record
        # text can never inject markup (the views mark their own HTML safe).
        env.autoescape = True
        # Interface text from the catalogue: {{ _("Search") }} (i18n.py).
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(i18n.translations(self.settings.language), newstyle=True)
        env.globals.update(url=url, href=href, script_data=script_data(url), archive_errors=self._errors)
        if self.templates_cache is not None:
            # Checked against each template's source: an edited template is compiled again.
            self.templates_cache.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(self.templates_cache))
        return env

    def on_files(self, files: Files, config) -> Files:
        if not self.theme_files:
            files = Files([])  # not the theme's stylesheets and scripts: another batch writes them
        self.fingerprints: dict[str, str] = {}  # of the pages of this build, for the next one
        self.kept: list[tuple[str, str]] = []  # the pages to keep from the last build: (address, file)
        pages = self.share if self.share is not None else plan(self.site, None).batches[0]
        for page in pages:
            # Whether a page is kept is known from its address before mkdocs's
            # file is made: most pages of a rebuild are kept.
            if page.url and self._reused(page, output_uri(page.url)):  # the home: always rendered
                continue
            file = File.generated(config, source_uri(page.url), content="")
            ArchiveDocument(page, file, config)
            files.append(file)
        for extra in self.site.files if self.theme_files else ():
            if self.reuse is not None:
                continue  # publish.py places them: linked from the last site while unchanged, not made each build
            if isinstance(extra, GeneratedFile):
                # INCLUDED: host files such as .htaccess are dotfiles, which mkdocs leaves out by default.
                files.append(File.generated(config, extra.url, content=extra.data(), inclusion=InclusionLevel.INCLUDED))
            else:
                files.append(File.generated(config, extra.url, abs_src_path=extra.source))
        return files

    def _reused(self, page: Page, dest_uri: str) -> bool:
        """In an incremental build, the page as the last build made it when
        the fingerprint of its view is unchanged (hard-linked from the old
        site; those known unchanged from their records are in no batch:
        ``plan``)."""
        if self.reuse is None or not self.reuse.known:
            return False  # a full build: fingerprinted as rendered
        # The view made here is not kept for rendering (a batch's views at
        # once would hold all their text); a changed page makes it again.
        mark = self.fingerprints[page.url] = fingerprint(self.reuse.code, page, page.view())
        if self.reuse.known.get(page.url) != mark or not os.path.isfile(os.path.join(self.reuse.site, dest_uri)):
            return False
        # Linked into the new site by publish.py once the batches' pages
        # are merged: a folder made here would be made twice, and removed.
        self.kept.append((page.url, dest_uri))
        return True

    def on_page_context(self, context, page, config, nav):
        if isinstance(page, ArchiveDocument):
            archive_page = page.archive_page
            context["view"] = view = archive_page.view()
            context["archive_page"] = archive_page
            if self.reuse is not None and archive_page.url not in self.fingerprints:  # for the next build
                self.fingerprints[archive_page.url] = fingerprint(self.reuse.code, archive_page, view)
        return context

    def on_post_page(self, output: str, page, config) -> str:
        # Every link is written from the site root (url(), href(), links in
        # record texts); make them relative to this page.
        depth = page.url.count("/")
        output = output.replace(ROOT, "../" * depth if depth else "./")
        # Material's base template always writes the toggles of its mobile
        # drawer and search, which the archive has neither of (and whose
        # autocomplete attribute is invalid HTML on a checkbox).
        return _without_unused_toggles(output)

    def on_post_template(self, output: str, template_name: str, config) -> str:
        # 404.html is served at any depth: its links start from the site's path.
        root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        return _without_unused_toggles(output.replace(ROOT, root))

    def on_post_build(self, config):
        # Not for the errors page of the live preview: nothing to search (Pagefind fails on no page).
        if self.config.pagefind and any(page.pagefind for page in self.site.pages):
            index.run(Path(config.site_dir), self.settings.language, index.jobs(self.site.search_shards))
