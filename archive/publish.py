"""Build the site into a fresh folder, then swap it in: a failed build leaves
the last good ``site/`` exactly as it was."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .index import PagefindError
from .views import Settings, Site


class PublishError(RuntimeError):
    pass


def settings(config_file: Path) -> Settings:
    """What mkdocs.yml tells the archive (site_url, accessibility statement)."""
    from .plugin import settings as from_config
    return from_config(load_config(str(config_file)))


def build_and_swap(config_file: Path, site: Site, content: Path, site_dir: Path) -> None:
    site_dir = site_dir.resolve()
    staging = site_dir.with_name(f".{site_dir.name}.new")
    previous = site_dir.with_name(f".{site_dir.name}.old")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        config = load_config(str(config_file), site_dir=str(staging))
        plugin = config.plugins["archive"]
        plugin.site = site
        plugin.config.content = str(content)
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        build(config)
    except (MkDocsException, PagefindError, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(str(exc)) from None
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
