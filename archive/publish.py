"""Build the site into a fresh folder, then swap it in: a failed build leaves
the last good ``site/`` exactly as it was.

The pages are rendered by one mkdocs build per core, each taking every n-th
page (processes forked after the archive is compiled, so none compiles it
again); their outputs are merged, indexed once by Pagefind, and swapped in.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import index
from .index import PagefindError
from .views import Settings, Site


class PublishError(RuntimeError):
    pass


def settings(config_file: Path) -> Settings:
    """What mkdocs.yml tells the archive (site_url, accessibility statement)."""
    from .plugin import settings as from_config
    return from_config(load_config(str(config_file)))


# The compiled site, shared with the forked render processes (copy-on-write).
_JOB: dict = {}


def _render(shard: int) -> str | None:
    """Render shard ``shard`` of the pages with mkdocs; an error message or None."""
    job = _JOB
    try:
        config = load_config(str(job["config_file"]), site_dir=str(job["staging"] / f"shard-{shard}"))
        plugin = config.plugins["archive"]
        plugin.site = job["site"]
        plugin.shard = (shard, job["shards"])
        plugin.config.content = str(job["content"])
        plugin.config.pagefind = False  # once, over the merged site
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        build(config)
    except (MkDocsException, OSError) as exc:
        return str(exc) or type(exc).__name__
    return None


def _merge(source: Path, target: Path) -> None:
    """Move every file of ``source`` into ``target`` (same file system: renames)."""
    for folder, _, files in os.walk(source):
        destination = target / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.replace(Path(folder) / name, destination / name)


def build_and_swap(config_file: Path, site: Site, content: Path, site_dir: Path, language: str,
                   workers: int | None = None) -> None:
    site_dir = site_dir.resolve()
    staging = site_dir.with_name(f".{site_dir.name}.new")
    previous = site_dir.with_name(f".{site_dir.name}.old")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    shards = max(1, min(workers or os.cpu_count() or 1, 8))
    _JOB.update(config_file=config_file, site=site, content=content, staging=staging, shards=shards)
    try:
        if shards == 1:
            errors = [_render(0)]
        else:
            with multiprocessing.get_context("fork").Pool(shards) as pool:
                errors = pool.map(_render, range(shards))
        if any(errors):
            raise PublishError("; ".join(e for e in errors if e))
        merged = staging / "site"
        for shard in range(shards):
            _merge(staging / f"shard-{shard}", merged)
        index.run(merged, language)
    except (PublishError, PagefindError, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(str(exc)) from None
    finally:
        _JOB.clear()
    if site_dir.exists():
        site_dir.rename(previous)
    merged.rename(site_dir)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(previous, ignore_errors=True)
