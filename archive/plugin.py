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
import zlib
from dataclasses import dataclass, field
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
    quick: dict[str, str] = field(default_factory=dict)  # of the last build: see ArchivePlugin._quick


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    site: Site | None = None  # set by publish.py when it has compiled the archive already
    worker: tuple[int, int] = (0, 1)  # (k, n): this render process of n renders the k-th share of the pages
    part: str | None = None  # a part of a split build (index.parts): its pages only
    reuse: Reuse | None = None  # set by publish.py: keep the unchanged pages of the last build
    errors: tuple[str, ...] = ()  # set by publish.py: the records' errors, for the live preview's errors site
    templates_cache: Path | None = None  # set by publish.py: Jinja's compiled templates, kept between builds
    pages_only: bool = False  # set by publish.py: the pages alone, no 404 page, sitemap or theme files (fast render)
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
        if self.pages_only:
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
        k, n = self.worker
        if self.pages_only:
            files = Files([])  # not the theme's stylesheets and scripts: the site has them
        self.fingerprints: dict[str, str] = {}  # of the pages of this process, for the next build
        self._drawn_digests: dict[int, tuple] = {}  # id → (Drawn, digest): see _drawn_digest
        self.quick: dict[str, str | None] = {}  # the same, made without their views (_quick)
        self.unviewed = 0  # pages found unchanged without making their views
        self.kept: list[tuple[str, str]] = []  # the pages to keep from the last build: (address, file)
        part_of = index.part_finder(self.site.search_shards)
        # A meeting's pages in one process and one after another (they share
        # item views, which a process keeps for the last few meetings only);
        # the home page in every process and part, since mkdocs's nav refers to it.
        ordered = sorted(enumerate(self.site.pages), key=lambda entry: entry[1].group)
        for number, page in ordered:
            mine = (zlib.crc32(page.group.encode()) % n if page.group else number % n) == k
            mine = mine and self.part in (None, part_of(page))
            # Whether a page is kept is known from its address before mkdocs's
            # file is made: most pages of a rebuild are kept.
            if mine and page.url and self._reused(page, output_uri(page.url)):  # the home: always rendered
                continue
            if mine or page.url == "":
                file = File.generated(config, source_uri(page.url), content="")
                ArchiveDocument(page, file, config)
                files.append(file)
        for extra in self.site.files if k == 0 and self.part in (None, index.COMMON) else ():
            if self.reuse is not None:
                continue  # publish.py places them: linked from the last site while unchanged, not made each build
            if isinstance(extra, GeneratedFile):
                # INCLUDED: host files such as .htaccess are dotfiles, which mkdocs leaves out by default.
                files.append(File.generated(config, extra.url, content=extra.data(), inclusion=InclusionLevel.INCLUDED))
            else:
                files.append(File.generated(config, extra.url, abs_src_path=extra.source))
        return files

    def _quick(self, page: Page) -> str | None:
        """The fingerprint of a page made without its view, from the digests
        of the records it shows: a meeting's page from its group's inputs
        (``Site.group_inputs``); a page that declares what it draws on (a
        person's, a topic's: ``Page.drawn``) from the inputs of those
        meetings, what every page may show and the rest it declares; None
        for any other page."""
        if page.group:
            inputs = self.site.group_inputs.get(page.group)
            return None if inputs is None else fingerprint(self.reuse.code, page, inputs)
        if page.drawn is None:
            return None
        return fingerprint(self.reuse.code, page, (self.site.shared_inputs, self._drawn_digest(page.drawn())))

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

    def _reused(self, page: Page, dest_uri: str) -> bool:
        """In an incremental build, the page as the last build made it when
        its fingerprint is unchanged (hard-linked from the old site). A page
        whose quick fingerprint (``_quick``) is as it was is kept without
        making its view; any other page makes its view to fingerprint it."""
        if self.reuse is None:
            return False
        quick = self.quick[page.url] = self._quick(page)
        if not self.reuse.known:
            return False  # a full build: fingerprinted as rendered
        old = os.path.join(self.reuse.site, dest_uri)
        if quick is not None and self.reuse.quick.get(page.url) == quick and page.url in self.reuse.known:
            self.fingerprints[page.url] = self.reuse.known[page.url]
            self.unviewed += 1
        else:
            # The view made here is not kept for rendering (a shard's views at
            # once would hold its whole text); a changed page makes it again.
            self.fingerprints[page.url] = fingerprint(self.reuse.code, page, page.view())
        if self.reuse.known.get(page.url) != self.fingerprints[page.url] or not os.path.isfile(old):
            return False
        # Linked into the new site by publish.py once the processes' pages
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
            index.run(Path(config.site_dir), self.settings.language, self.site.search_shards)
