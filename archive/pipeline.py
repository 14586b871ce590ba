"""The stages in order, as one function: load → validate → model → render data."""
from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostics
from .load import load
from .model import Archive, build_archive
from .validate import validate
from .views import Site, build_site


def check(content: Path) -> tuple[Archive | None, Diagnostics]:
    """Load and validate ``content``; the archive is None when there are errors."""
    diagnostics = Diagnostics(root=content.parent)
    records = validate(load(content, diagnostics), diagnostics)
    if diagnostics.errors:
        return None, diagnostics
    return build_archive(records, diagnostics), diagnostics


def compile_site(content: Path) -> tuple[Site | None, Diagnostics]:
    archive, diagnostics = check(content)
    return (build_site(archive) if archive else None), diagnostics
