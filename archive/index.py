"""Stage 5, index: Danish full-text search with Pagefind, in shards.

No Pagefind run holds the whole archive (Pagefind keeps its whole index in
memory: 4 GB for 20,000 pages), and a rebuild indexes again the shards whose
pages changed, so an edit costs a Pagefind run over its shard: the smaller
the shards, the cheaper an edit. The searchable pages are cut into shards
of consecutive years, each of at most ``budget`` pages; a year larger than
that (a municipality's: 4,000 searchable pages) is cut into runs of months
likewise. Each shard is indexed by a Pagefind run of its own into
``pagefind/<key>/``. The search page merges them in the browser (Pagefind's
``mergeIndex``); since shards hold disjoint runs of time, a search sorted by
date reads them newest first.

The plan is made from the pages alone, oldest first, so that a new meeting
changes the newest shard only (or, the first time its year outgrows the
budget, that year's).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import tree

# Pagefind takes ~0.1–0.2 MB of memory per page indexed, and ~1.5 ms of
# time: a shard of 2,000 pages indexes in about 3 s. Smaller shards would
# make an edit cheaper still, but cost readers an index chunk (20–45 kB)
# per shard and word typed: at 1,000 meetings a query fetched 0.8 MB with
# shards of a year, 0.9 MB with 2,000 pages, 1.6 MB with 1,000.
SHARD_PAGES = 2000
# A Pagefind run uses about one core: two at a time halve a full build's
# indexing on two cores, and bound its memory on a machine of many.
RUNS_AT_ONCE = 2
BUNDLE = "pagefind"  # the folder of the site that holds the shards
HIGHLIGHT = "pagefind-highlight.js"  # the same in every shard: one copy at the bundle's root


class PagefindError(RuntimeError):
    pass


@dataclass(frozen=True)
class Shard:
    key: str                 # its folder under pagefind/: "2019-2021", "2022", "2023-07" (from July)
    years: tuple[int, ...]   # ascending
    urls: tuple[str, ...]    # the pages it indexes
    months: tuple[int, ...] = ()  # a part of one year larger than the budget: its months; () whole years

    @property
    def periods(self) -> tuple[str, ...]:
        """Its pages' dates begin with one of these: "2022", or "2023-07"."""
        if self.months:
            return tuple(f"{self.years[0]}-{month:02}" for month in self.months)
        return tuple(map(str, self.years))


@dataclass(frozen=True)
class Job:
    """What a Pagefind run needs of a shard: its folder's key, the glob of
    the files it reads, how many pages it indexes; not their addresses (the
    process that runs Pagefind holds no more of the archive than this)."""
    key: str
    glob: str
    pages: int


def jobs(shards: Iterable[Shard]) -> tuple[Job, ...]:
    from .routes import search_glob

    return tuple(Job(shard.key, search_glob(shard.periods), len(shard.urls)) for shard in shards)


def plan(pages: Iterable, budget: int = SHARD_PAGES) -> tuple[Shard, ...]:
    """The shards of the searchable ``pages`` (anything with ``url``,
    ``pagefind``, ``year`` and ``month``), newest first: runs of whole years,
    each of at most ``budget`` pages; a year larger than that is cut into runs
    of months likewise (a month larger still is a shard of its own)."""
    by_month: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for page in pages:
        if page.pagefind:
            by_month[page.year][page.month].append(page.url)
    shards: list[Shard] = []
    whole: dict[int, tuple[str, ...]] = {}  # the run of whole years being gathered

    def close_run() -> None:
        for run in _runs(whole, budget):
            shards.append(Shard(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]), tuple(run),
                                _urls(whole, run)))
        whole.clear()

    for year in sorted(by_month):
        months = by_month[year]
        runs = _runs(months, budget)
        if len(runs) < 2:  # within the budget, or one month (or undated pages) alone: not cut
            whole[year] = _urls(months, sorted(months))
            continue
        close_run()  # runs of whole years do not reach across a year that is cut
        shards += [Shard(f"{year}-{run[0]:02}", (year,), _urls(months, run), tuple(run)) for run in runs]
    close_run()
    return tuple(reversed(shards))  # made oldest first


def _urls(by_unit: dict, units: Iterable[int]) -> tuple[str, ...]:
    return tuple(url for unit in units for url in by_unit[unit])


def _runs(by_unit: dict[int, list], budget: int) -> list[list[int]]:
    """Consecutive units (years, or one year's months), oldest first, in runs
    of at most ``budget`` pages (a unit larger than that: a run of its own)."""
    runs: list[list[int]] = []
    size = 0
    for unit in sorted(by_unit):
        if not runs or size + len(by_unit[unit]) > budget:
            runs.append([])
            size = 0
        runs[-1].append(unit)
        size += len(by_unit[unit])
    return runs


# A build can be split by shard (`build.py build --shard KEY`, one machine
# each, then `build.py merge`): a shard's part is the pages of its years (or
# months) and their index; the common part is every other page and the site's files.
COMMON = "common"


def parts(shards: Iterable[Shard]) -> list[str]:
    return [COMMON, *(shard.key for shard in shards)]


def part_finder(shards: Iterable[Shard]) -> Callable[[object], str]:
    """The part a page (anything with ``year`` and ``month``) belongs to."""
    by_period = {(year, month): shard.key for shard in shards for year in shard.years
                 for month in shard.months or (0,)}
    return lambda page: by_period.get((page.year, 0), by_period.get((page.year, page.month), COMMON))


def folder(site: Path, shard: Shard | Job) -> Path:
    return site / BUNDLE / shard.key


def run(site: Path, language: str, shards: Iterable[Job], previous: Path | None = None,
        unchanged: Callable[[Job], bool] = lambda shard: False) -> tuple[int, int, float]:
    """Index each shard of ``site`` with the Pagefind CLI (the Python API's
    per-file indexing is ~55× slower), ``RUNS_AT_ONCE`` at a time, so that
    memory is two shards' on any machine; a shard
    whose pages are all ``unchanged`` and whose index in ``previous`` (the
    last build's site) holds as many pages is taken from there instead.
    Returns (shards indexed, shards kept, seconds of the Pagefind runs)."""
    kept = 0
    shards = list(shards)
    to_index = []
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
        if old is not None and unchanged(shard) and page_count(old, language) == shard.pages:
            tree.mirror(old, folder(site, shard))
            kept += 1
        else:
            shutil.rmtree(folder(site, shard), ignore_errors=True)
            to_index.append(shard)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=RUNS_AT_ONCE) as runs:  # each thread waits on its Pagefind process
        list(runs.map(lambda shard: _index(site, shard, language), to_index))
    indexing = time.perf_counter() - started
    for shard in shards:  # the highlight script of search hits, at an address that no plan changes
        tree.place(folder(site, shard) / HIGHLIGHT, bundle / HIGHLIGHT)
        break
    return len(to_index), kept, indexing


def _index(site: Path, shard: Job, language: str) -> None:
    """One Pagefind run over the shard's pages: those of the searchable
    routes in its years (a glob made from the route table; verify() checks
    that it found exactly the shard's pages)."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind_bin", "--site", str(site), "--force-language", language,
         "--glob", shard.glob, "--output-path", str(folder(site, shard))],
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


def verify(site: Path, shards: Collection[Job], language: str) -> None:
    """Pagefind says success on a full disk: check that every shard's entry
    file parses and that it indexed every one of its pages."""
    for shard in shards:
        entry = folder(site, shard) / "pagefind-entry.json"
        indexed = page_count(folder(site, shard), language)
        if indexed is None:
            raise PagefindError(f"{entry}: the search index is incomplete")
        if indexed != shard.pages:
            raise PagefindError(f"{entry}: the search index holds {indexed} pages, "
                                f"not the {shard.pages} searchable ones")
