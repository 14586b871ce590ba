"""Stage 5, index: Danish full-text search with Pagefind, in shards.

No Pagefind run holds the whole archive (Pagefind keeps its whole index in
memory: 4 GB for 20,000 pages). The searchable pages are cut into shards of
consecutive years, each of at most ``budget`` pages unless one year alone is
larger, and each shard is indexed by a Pagefind run of its own into
``pagefind/<years>/``. The search page merges them in the browser
(Pagefind's ``mergeIndex``); since shards hold disjoint runs of years, a
search sorted by date reads them newest first.

The plan is made from the pages alone, oldest year first, so that a new
meeting changes the newest shard only; a rebuild re-indexes only the shards
one of whose pages changed.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import tree

# Pagefind takes ~0.1–0.2 MB of memory per page indexed: a shard of 4,000
# pages indexes in about 0.5 GB.
SHARD_PAGES = 4000
BUNDLE = "pagefind"  # the folder of the site that holds the shards
HIGHLIGHT = "pagefind-highlight.js"  # the same in every shard: one copy at the bundle's root


class PagefindError(RuntimeError):
    pass


@dataclass(frozen=True)
class Shard:
    key: str                 # its folder under pagefind/: "2019-2021", "2022"
    years: tuple[int, ...]   # ascending
    urls: tuple[str, ...]    # the pages it indexes


def plan(pages: Iterable, budget: int = SHARD_PAGES) -> tuple[Shard, ...]:
    """The shards of the searchable ``pages`` (anything with ``url``,
    ``pagefind`` and ``year``), newest first."""
    by_year: dict[int, list[str]] = defaultdict(list)
    for page in pages:
        if page.pagefind:
            by_year[page.year].append(page.url)
    runs: list[list[int]] = []
    size = 0
    for year in sorted(by_year):
        if not runs or size + len(by_year[year]) > budget:
            runs.append([])
            size = 0
        runs[-1].append(year)
        size += len(by_year[year])
    shards = [Shard(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]), tuple(run),
                    tuple(url for year in run for url in by_year[year])) for run in runs]
    return tuple(reversed(shards))


# A build can be split by shard (`build.py build --shard KEY`, one machine
# each, then `build.py merge`): a shard's part is the pages of its years and
# their index; the common part is every other page and the site's files.
COMMON = "common"


def parts(shards: Iterable[Shard]) -> list[str]:
    return [COMMON, *(shard.key for shard in shards)]


def part_finder(shards: Iterable[Shard]) -> Callable[[object], str]:
    """The part a page (anything with ``year``) belongs to."""
    by_year = {year: shard.key for shard in shards for year in shard.years}
    return lambda page: by_year.get(page.year, COMMON)


def folder(site: Path, shard: Shard) -> Path:
    return site / BUNDLE / shard.key


def run(site: Path, language: str, shards: Iterable[Shard], previous: Path | None = None,
        unchanged: Callable[[Shard], bool] = lambda shard: False) -> tuple[int, int]:
    """Index each shard of ``site`` with the Pagefind CLI (the Python API's
    per-file indexing is ~55× slower), one run at a time so that memory is
    one shard's; a shard whose pages are all ``unchanged`` and whose index
    in ``previous`` (the last build's site) holds as many pages is taken from
    there instead. Returns (shards indexed, shards kept)."""
    indexed = kept = 0
    shards = list(shards)
    bundle = site / BUNDLE
    # ``site`` may start as an older site (publish.py's spare): its files are
    # shared with the live site, so nothing here writes into one in place.
    for stale in bundle.iterdir() if bundle.is_dir() else ():
        if stale.name in {HIGHLIGHT, *(shard.key for shard in shards)}:
            continue
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    for shard in shards:
        old = folder(previous, shard) if previous is not None else None
        if old is not None and unchanged(shard) and page_count(old, language) == len(shard.urls):
            tree.mirror(old, folder(site, shard))
            kept += 1
        else:
            shutil.rmtree(folder(site, shard), ignore_errors=True)
            _index(site, shard, language)
            indexed += 1
    for shard in shards:  # the highlight script of search hits, at an address that no plan changes
        tree.place(folder(site, shard) / HIGHLIGHT, bundle / HIGHLIGHT)
        break
    return indexed, kept


def _index(site: Path, shard: Shard, language: str) -> None:
    """One Pagefind run over the shard's pages: those of the searchable
    routes in its years (a glob made from the route table; verify() checks
    that it found exactly the shard's pages)."""
    from .routes import search_glob

    result = subprocess.run(
        [sys.executable, "-m", "pagefind_bin", "--site", str(site), "--force-language", language,
         "--glob", search_glob(shard.years), "--output-path", str(folder(site, shard))],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise PagefindError(f"pagefind failed on the shard {shard.key}:\n{result.stdout}\n{result.stderr}")


def page_count(bundle: Path, language: str) -> int | None:
    """How many pages the index in ``bundle`` holds; None if it is unreadable."""
    import json

    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return int(entry["languages"][language]["page_count"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def verify(site: Path, shards: Collection[Shard], language: str) -> None:
    """Pagefind says success on a full disk: check that every shard's entry
    file parses and that it indexed every one of its pages."""
    for shard in shards:
        entry = folder(site, shard) / "pagefind-entry.json"
        indexed = page_count(folder(site, shard), language)
        if indexed is None:
            raise PagefindError(f"{entry}: the search index is incomplete")
        if indexed != len(shard.urls):
            raise PagefindError(f"{entry}: the search index holds {indexed} pages, "
                                f"not the {len(shard.urls)} searchable ones")
