"""The stages in order, as one function: load → validate → model → render data."""
from __future__ import annotations

from pathlib import Path

from . import permalinks
from .diagnostics import Diagnostics
from .feeds import build_feeds, build_sitemap
from .load import load
from .model import Archive, build_archive
from .pages import build_site
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
    archive, diagnostics = check(content)
    if archive is None:
        return None, diagnostics
    if not settings.accessibility_statement:
        diagnostics.error("mkdocs.yml", None, "extra.accessibility_statement",
                          "required: the address of the accessibility statement (was.digst.dk), "
                          "linked from every page as webtilgængelighedsloven asks")
    site = build_site(archive, settings)
    site.files.extend(build_feeds(archive, settings.site_url))
    permalinks.add_redirects(site, archive, content, diagnostics)
    site.files.append(build_sitemap(site, settings.site_url))
    permalinks.check_published(site, content, diagnostics)
    return (None if diagnostics.errors else site), diagnostics
