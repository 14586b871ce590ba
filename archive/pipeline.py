"""The stages in order, as one function: load → validate → model → render data."""
from __future__ import annotations

from pathlib import Path

from . import i18n, permalinks, routes
from .diagnostics import Diagnostics
from .load import load
from .model import Archive, build_archive
from .validate import validate
from .views import Settings, Site


def check(content: Path) -> tuple[Archive | None, Diagnostics]:
    """Load and validate ``content``; the archive is None when there are errors."""
    diagnostics = Diagnostics(root=content.parent)
    records = validate(load(content, diagnostics), diagnostics)
    if diagnostics.errors:
        return None, diagnostics
    return build_archive(records, diagnostics), diagnostics


def compile_site(content: Path, settings: Settings | None = None) -> tuple[Site | None, Diagnostics]:
    """Everything the site will hold: pages with their views, files, feeds and
    the redirects of moved URLs; None when there are errors (a published URL
    that would disappear is one)."""
    settings = settings or Settings()
    i18n.activate(settings.language)
    archive, diagnostics = check(content)
    if archive is None:
        return None, diagnostics
    if not settings.accessibility_statement:
        diagnostics.error("mkdocs.yml", None, "extra.accessibility_statement",
                          "required: the address of the accessibility statement (was.digst.dk), "
                          "linked from every page as webtilgængelighedsloven asks")
    site, problems = routes.build_site(archive, settings)
    for problem in problems:
        diagnostics.error(content / permalinks.REGISTRY, None, "url", problem)
    permalinks.check_published(site, content, diagnostics)
    return (None if diagnostics.errors else site), diagnostics
