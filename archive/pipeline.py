"""The stages in order, as one function: load → validate → model → render data."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import i18n, permalinks, routes
from .diagnostics import Diagnostics
from .keep import NO_CACHE, RecordCache
from .load import CONFIG_FILE, load
from .model import Archive, build_archive
from .validate import validate
from .views import Settings, Site


def check(content: Path, cache: RecordCache = NO_CACHE) -> tuple[Archive | None, Diagnostics]:
    """Load and validate ``content``, the meetings ``cache`` holds unchanged
    as the last build validated them; the archive is None when there are errors."""
    diagnostics = Diagnostics(root=content.parent)
    # A long-lived process (the live preview) holds its meetings in memory
    # anyway (keep.Remembered): shelved again each build, they would fill the shelf.
    records = validate(load(content, diagnostics, cache), diagnostics, cache, shelve=cache.memory is None)
    cache.save()
    if diagnostics.errors:
        return None, diagnostics
    return build_archive(records, diagnostics), diagnostics


def with_archive_config(settings: Settings, config) -> Settings:
    """The site's settings, completed by the archive's own configuration:
    what archive.yaml says wins over mkdocs.yml."""
    return replace(
        settings, site_name=config.site_name or settings.site_name,
        site_short_name=config.site_short_name or config.site_name or settings.site_short_name or settings.site_name,
        description=config.description or settings.description,
        accessibility_statement=config.accessibility_statement or settings.accessibility_statement,
        logo=routes.url("assets", path="logo" + Path(config.logo).suffix.lower()) if config.logo else "")


def compile_site(content: Path, settings: Settings | None = None,
                 cache: RecordCache = NO_CACHE) -> tuple[Site | None, Diagnostics]:
    """Everything the site will hold: pages with their views, files, feeds and
    the redirects of moved URLs; None when there are errors (a published URL
    that would disappear is one)."""
    settings = settings or Settings()
    i18n.activate(settings.language)
    archive, diagnostics = check(content, cache)
    if archive is None:
        return None, diagnostics
    settings = with_archive_config(settings, archive.config)
    if not settings.accessibility_statement:
        diagnostics.error(content / CONFIG_FILE, None, "accessibility_statement",
                          "required: the address of the body's accessibility statement (was.digst.dk), "
                          "linked from every page as webtilgængelighedsloven asks")
    published = permalinks.read_registry(content, diagnostics)  # read once: redirects and the check
    site, problems = routes.build_site(archive, settings, (entry.url for entry in published))
    site.settings = settings
    for problem in problems:
        diagnostics.error(content / permalinks.REGISTRY, None, "url", problem)
    permalinks.check_published(site, content, published, diagnostics)
    return (None if diagnostics.errors else site), diagnostics
