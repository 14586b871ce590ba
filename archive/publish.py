"""Stage 4, render: the compiled site's pages made with mkdocs into a
staged site (``render_staged``), which swap.py then indexes and swaps in.

- The pages are rendered in batches, each by one mkdocs build in a process
  forked for it after the archive is compiled (so none compiles it again),
  one per core at a time; their outputs are moved into the staged site,
  which starts as the site the last swap replaced (the spare, ``tree.py``),
  and the pages unchanged since the last build are kept from it.
- ``build.py`` compiles and renders in a worker process (``worker.py``),
  which ends before the Pagefind runs begin, so that the process that runs
  them holds no archive. The live preview does both in its own process
  (``build_and_swap``).
- What the last build kept beside the site: the inputs' digest, the page
  fingerprints, the model stage's memos, the Markdown conversions.
"""
from __future__ import annotations

import ctypes
import gc
import hashlib
import logging
import marshal
import multiprocessing
import os
import sqlite3
import sys
import threading
from multiprocessing import connection
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import conversions, feeds, index, markup, pipeline, references, swap, tree
from .diagnostics import Diagnostics
from .pages import context
from .keep import RECORD_FILES, RecordCache, Remembered, file_part, walk
from .plugin import SHARD_VARIABLE, Reuse, output_uri, plan as render_plan
from .swap import PublishError
from .views import Settings, Site, StaticFile


def settings(config_file: Path) -> Settings:
    """What mkdocs.yml tells the archive (site_url, accessibility statement)."""
    from .plugin import settings as from_config
    return from_config(load_config(str(config_file)))


# The compiled site, shared with the forked render processes (copy-on-write).
_JOB: dict = {}

# The most pages a render process makes (or fingerprints by their views).
# A process forked from this one comes to hold a copy of every part of the
# archive it reads (it writes the reference count of each object it
# touches, copying its memory page), besides mkdocs's own record of each
# page: a process for each batch, ended when its batch is, holds one
# batch's worth, not a share of the whole archive's.
BATCH_PAGES = 2000


def _render(batch: int, lane: int = 0) -> tuple[str | None, dict[str, dict[str, str]], list[tuple[str, str]]]:
    """Render the ``batch``-th batch of the job's ``RenderPlan`` with mkdocs,
    keeping the unchanged pages of the last build: an error message or None,
    the fingerprints of its pages (``Fingerprints``), and the address and
    file of those to keep. ``lane``: which of the processes running at once
    this is (each writes its Markdown conversions into a file of its own)."""
    job = _JOB
    try:
        config = load_config(str(job["config_file"]), site_dir=str(job["staging"] / f"batch-{batch}"))
        plugin = config.plugins["archive"]
        plugin.site = job["site"]
        plugin.share = job["plan"].batches[batch]
        plugin.theme_files = batch == 0 and not job.get("pages_only", False)
        plugin.reuse = job["reuse"]
        plugin.errors = job["errors"]
        plugin.templates_cache = job["templates"]
        plugin.config.content = str(job["content"])
        plugin.config.pagefind = False  # once, over the merged site
        job["conversions"].lane = lane
        mkdocs_log = logging.getLogger("mkdocs")
        level = mkdocs_log.level
        mkdocs_log.setLevel(logging.WARNING)
        try:
            build(config)
        finally:
            mkdocs_log.setLevel(level)  # a build in one process renders in the caller's (the live preview)
        job["conversions"].finish()
    except (MkDocsException, OSError, sqlite3.Error) as exc:
        return str(exc) or type(exc).__name__, {}, []
    return None, {"full": plugin.fingerprints}, plugin.kept


def _render_all(processes: int, full: bool = False, **job) -> list:
    """The outcome of each render process (``_render``) of ``job``'s site,
    with the Markdown conversions and compiled templates of the last build
    beside ``site_dir`` (none for a ``full`` build's conversions); first,
    that of the plan (the pages kept without making their views)."""
    cache = swap.beside(job["site_dir"], "cache")
    store = conversions.Store(None if full else cache, job["staging"], job["code"])
    markup.use_store(store)
    plan = render_plan(job["site"], job["reuse"], job["part"], processes, None if processes == 1 else BATCH_PAGES)
    planned = (None, {"full": plan.fingerprints, "quick": plan.quick, "unviewed": len(plan.kept)}, plan.kept)
    _JOB.update(job, plan=plan, conversions=store, templates=cache / TEMPLATES)
    try:
        if processes == 1:
            return [planned, *(_render(batch) for batch in range(len(plan.batches)))]
        # The archive moves to the collector's permanent generation first:
        # a collection in a child would write to every inherited object.
        frozen = gc.get_freeze_count()
        gc.freeze()
        _release_free_memory()  # what the children would otherwise inherit
        try:
            return [planned, *_forked(len(plan.batches), processes)]
        finally:
            if not frozen:
                gc.unfreeze()  # the live preview keeps its archive frozen itself
    finally:
        _JOB.clear()
        store.finish()  # the files of the parent (a build in one process)
        markup.use_store(None)


def _forked(batches: int, lanes: int) -> list:
    """The outcome of ``_render`` of each batch, each in a process forked
    from this one for it alone, ``lanes`` at a time. After a failure no
    further batch is started."""
    context = multiprocessing.get_context("fork")
    outcomes: list = []
    waiting, free, running, failed = list(range(batches)), list(range(lanes)), {}, False
    try:
        while running or (waiting and not failed):
            while waiting and free and not failed:
                batch, lane = waiting.pop(0), free.pop(0)
                reader, writer = context.Pipe(duplex=False)
                process = context.Process(target=_render_into, args=(writer, batch, lane), daemon=True)
                process.start()
                writer.close()
                running[reader] = (process, lane)
            for reader in connection.wait(list(running)):
                process, lane = running.pop(reader)
                try:
                    outcome = reader.recv()
                except EOFError:  # it died before it could answer (its error is on stderr)
                    outcome = None
                reader.close()
                process.join()
                outcomes.append(outcome or (f"a render process ended with exit code {process.exitcode}", {}, []))
                failed = failed or outcomes[-1][0] is not None
                free.append(lane)
    finally:
        for process, _ in running.values():  # interrupted: none outlives the build
            process.terminate()
            process.join()
    return outcomes


def _render_into(answer, batch: int, lane: int) -> None:
    """A forked render process: ``_render``'s outcome sent back.

    It renders in a thread of its own, because glibc gives a new thread a
    malloc arena of its own: the render's allocations then come from fresh
    memory, not from the free chunks strewn through the heap it shares with
    the build's process, each of which would copy a page of the archive
    (a batch of 2,000 pages at 1,000 meetings: 87 MB of its own memory
    instead of 152)."""
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(_render(batch, lane)), name=f"render-{batch}")
    worker.start()
    worker.join()
    if not outcome:
        os._exit(1)  # it failed without an answer: its traceback is on stderr
    answer.send(outcome[0])
    answer.close()


def _release_free_memory() -> None:
    """Give the free pages of the C heap back to the system (glibc's
    ``malloc_trim``). Python frees the objects of the model stage and the
    render, but malloc keeps their pages for its next allocations, and this
    process holds them while the render processes and Pagefind run."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)  # glibc's only (not macOS's, not musl's)
    if trim is not None:
        trim(0)


def render_here(config_file: Path, site: Site, content: Path, staging: Path, site_dir: Path) -> Path:
    """Every page of ``site`` rendered in this process into a folder of
    ``staging`` (returned): nothing kept, nothing indexed — the live
    preview's fast render of saved meetings. The Markdown conversions of
    ``site_dir``'s last build are used."""
    [_planned, (error, _, _)] = _render_all(1, config_file=config_file, site=site, content=content, staging=staging,
                                  site_dir=site_dir, part=None, reuse=None, code=code_digest(config_file),
                                  errors=(), pages_only=True)
    if error:
        raise PublishError(error)
    return staging / "batch-0"


# Caches beside the site, each valid only for the code that wrote it: plain
# values in marshal's format (not pickle: reading it makes values and runs
# no code). It gives back the values as they were made (tuples, numbers as
# keys), so a kept entry equals a new one, which JSON did not; and with the
# pages' fingerprints (below) it reads and writes the 51 MB of these files
# at 3,000 meetings in 0.9 s a rebuild against JSON's 1.2 s.
def _write_cache(path: Path, code: str, entries) -> None:
    swap.replace_file(path, marshal.dumps((code, entries)))


def _cache_entries(path: Path, code: str):
    """The entries of a cache file if this very code wrote it; None if not, or unreadable."""
    try:
        written_by, entries = marshal.loads(path.read_bytes())
        return entries if written_by == code else None
    except (OSError, EOFError, ValueError, TypeError):
        return None


def compile_site(content: Path, settings: Settings, site_dir: Path, config_file: Path,
                 full: bool = False, memory: Remembered | None = None) -> tuple[Site | None, Diagnostics]:
    """``pipeline.compile_site`` for a build of ``site_dir``, starting from
    what its last build kept beside it (validated meetings, the scans of the
    texts; a full build reads neither) and keeping this build's for the next;
    ``memory``: the validated meetings a long-lived process holds (keep.py)."""
    code = code_digest(config_file)
    cache = swap.beside(site_dir, "cache")
    _use_memos(site_dir, code, MEMOS, full)
    site, diagnostics = pipeline.compile_site(content, settings, RecordCache(cache / "records", code, read=not full,
                                                                                  memory=memory))
    try:
        cache.mkdir(exist_ok=True)
        for name, memo in MEMOS.items():
            _write_cache(cache / name, code, memo.used())
    except OSError:
        pass  # a cache that cannot be written costs the next build time, nothing else
    for memo in MEMOS.values():
        # Not needed past the model stage (the render processes need not
        # share them), but by a long-lived process: its fast render of saved
        # meetings links the archive again (fast_render.py).
        memo.use(memo.used() if memory is not None else {})
    return site, diagnostics


def _use_memos(site_dir: Path, code: str, memos: dict, full: bool = False) -> None:
    """Each memo from its file beside ``site_dir`` if this very code wrote it
    (a full build: from nothing)."""
    cache = swap.beside(site_dir, "cache")
    for name, memo in memos.items():
        kept = None if full else _cache_entries(cache / name, code)
        memo.use(kept if isinstance(kept, dict) else {})  # none, or unreadable: everything is made again


# The templates compiled by Jinja, in the cache folder beside the site: each
# render process of each build compiled them again (half a second a process).
TEMPLATES = "templates"

# The memos of the model stage, by their file in the cache folder beside the
# site; the digests of the records' files (read by the inputs digest first).
FILES = "files"
MEMOS = {"scans": references.SCANS, "calendars": feeds.CALENDARS, "meetings": context.MEETING_PARTS,
         FILES: RECORD_FILES}


PROJECT = Path(__file__).resolve().parent.parent
# What a build reads besides the content folder: a change to any of them means a new build.
CODE = ("archive", "overrides", "static", "requirements.lock", "pyproject.toml")


def inputs_digest(config_file: Path, content: Path, site_dir: Path | None = None) -> str:
    """One digest of everything a build reads: the records (their registry of
    published URLs excepted: a build writes it), the configuration, the code,
    templates and stylesheets, the pinned packages, and the clock the build
    dates pages by (SOURCE_DATE_EPOCH). The records' files are read as the
    last build of ``site_dir`` left them (keep.FileDigests)."""
    if site_dir is not None:
        _use_memos(site_dir, code_digest(config_file), {FILES: RECORD_FILES})
    return _digest(_code(config_file), records=content)


def code_digest(config_file: Path) -> str:
    """What every page is made with besides its records: the inputs but the records."""
    return _digest(_code(config_file))


def _code(config_file: Path) -> list[Path]:
    return [config_file, *(PROJECT / name for name in CODE)]


def _read_bytes(path) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _digest(roots: list[Path], records: Path | None = None) -> str:
    """Of the files of ``roots`` by their bytes, and of the ``records``
    folder as the record cache sees it (``keep.file_part``: attachments by
    size and time, not gigabytes of PDF read on every build)."""
    import hashlib

    digest = hashlib.sha256()
    # What the environment sets of a build: the clock, and the search shards' budget.
    digest.update(f"{sys.version}|{os.environ.get('SOURCE_DATE_EPOCH', '')}|"
                  f"{os.environ.get(SHARD_VARIABLE, '')}".encode())
    sources = [(root, _read_bytes) for root in roots] + ([(records, file_part)] if records else [])
    for root, made_of in sources:
        files = [(root.name, root)] if root.is_file() else \
            [(f"{root.name}/{name}", entry.path) for name, entry in walk(root) if entry.is_file()]
        for name, path in files:
            if os.path.basename(path) == "published-urls.txt" or "__pycache__" in name.split("/"):
                continue
            digest.update(name.encode() + b"\0" + made_of(path) + b"\0")
    return digest.hexdigest()


def _place_files(site: Site, site_dir: Path, merged: Path, known: dict[str, str], part: str | None,
                 code: str) -> dict[str, str]:
    """Put the site's files into ``merged``: linked from the last site when
    made of the same — a static file's source as it was then (path, size,
    modification time: a twenty-year archive holds gigabytes of attachments,
    which mkdocs would copy on every build), a generated file's key (made
    only if changed: a year's export) or bytes — else copied or written.
    Returns their fingerprints, for the next build."""
    if part not in (None, index.COMMON):
        return {}
    marks, kept, copies, written = {}, [], [], []
    for file in site.files:
        if isinstance(file, StaticFile):
            stat = os.stat(file.source)
            mark = f"{file.source}\0{stat.st_size}\0{stat.st_mtime_ns}"
        elif file.key is not None:
            mark = f"{code}\0{file.key}"
        else:
            mark = hashlib.blake2b(file.data(), digest_size=16).hexdigest()
        marks[file.url] = mark
        if known.get(file.url) == mark and (site_dir / file.url).is_file():
            kept.append(file.url)
        elif isinstance(file, StaticFile):
            copies.append((Path(file.source), file.url))
        else:
            written.append(file)
    tree.place_all(site_dir, merged, kept)
    tree.copy_all(copies, merged)
    for file in written:  # one at a time: a year's export is made, written and let go
        tree.write_all([(file.data(), file.url)], merged)
    return marks


def build_and_swap(config_file: Path, site: Site, content: Path, site_dir: Path, language: str,
                   workers: int | None = None, full: bool = False, part: str | None = None,
                   errors: tuple[str, ...] = ()) -> swap.Rendered:
    """Render (keeping the pages whose fingerprint is that of the last build,
    unless ``full``), index, verify, swap in: ``render_staged`` and
    ``index_and_swap`` in this process (the live preview's). Any failure
    before the swap leaves ``site_dir`` as it was. ``part``: only the pages
    and search shard of that part (index.parts), for ``merge``; ``errors``:
    the records' errors, which the live preview's errors site shows."""
    staged = render_staged(config_file, site, content, site_dir, workers, full, part, errors)
    _release_free_memory()  # held through the Pagefind runs otherwise
    return swap.index_and_swap(staged, site_dir, language)


def render_staged(config_file: Path, site: Site, content: Path, site_dir: Path, workers: int | None = None,
                  full: bool = False, part: str | None = None, errors: tuple[str, ...] = ()) -> swap.Staged:
    """Stage ``site``'s pages and files (``build_and_swap``'s first half):
    render, keep and place them in a staging folder beside ``site_dir``,
    and record their fingerprints."""
    site_dir = site_dir.absolute()
    processes = max(1, min(workers or os.cpu_count() or 1, 8))
    code = code_digest(config_file)
    # Every page shows the site's settings (its name, logo, statement: archive.yaml too): part of what made it.
    known = {kind: {} for kind in swap.FINGERPRINTS} if full else swap.known_pages(site_dir)
    reuse = Reuse(site_dir, known["full"], f"{code}|{site.settings!r}", known["quick"])
    shards = tuple(shard for shard in site.search_shards if part in (None, shard.key))
    staging = swap.stage(site_dir, from_spare=True)
    merged = staging / "site"
    with swap.undone_on_failure(staging):
        outcomes = _render_all(processes, full, config_file=config_file, site=site, content=content,
                               staging=staging, site_dir=site_dir, part=part, reuse=reuse, code=code, errors=errors)
        failures = [error for error, _, _ in outcomes if error]
        if failures:
            raise PublishError("; ".join(failures))
        # ``merged`` starts as the site before the last (the spare, when there
        # is one): the rendered pages are moved over it, the kept ones linked
        # where they differ, and what the site no longer has removed.
        wanted = {file for batch in staging.glob("batch-*") for file in tree.move_into(batch, merged)}
        kept_files = [entry for _, _, entries in outcomes for entry in entries]
        tree.place_all(site_dir, merged, [file for _, file in kept_files])
        wanted.update(file for _, file in kept_files)
        files = _place_files(site, site_dir, merged, known["files"], part, code)
        wanted.update(files)
        tree.prune(merged, wanted, skip=[index.BUNDLE])  # before Pagefind reads the pages
        kept = {url for url, _ in kept_files}
        fingerprints = {kind: {url: mark for _, marks, _ in outcomes for url, mark in marks.get(kind, {}).items()}
                        for kind in swap.PAGE_FINGERPRINTS}
        fingerprints["files"] = files
        # Killed before the swap, the old site is in place; after, the new one: a record of both.
        swap.record_pages(site_dir, {merged: fingerprints, **({site_dir: known} if site_dir.is_dir() else {})})
    # A shard whose every page is as the last build made it: so is its index.
    unchanged = frozenset(shard.key for shard in shards if kept.issuperset(shard.urls))
    return swap.Staged(staging, index.jobs(shards), unchanged, rendered=len(fingerprints["full"]) - len(kept),
                       kept=len(kept), unviewed=sum(marks.get("unviewed", 0) for _, marks, _ in outcomes if marks))


def merge_and_swap(parts: list[Path], site: Site, site_dir: Path, language: str) -> int:
    """Assemble the parts of a split build (each a ``build --shard KEY``
    output, made on this machine or elsewhere) into one site: every file of
    every part, a file that two parts hold the same in both; then check that
    every page of ``site`` and every search shard is there, and swap in as a
    build does. Returns the number of files."""
    site_dir = site_dir.absolute()
    count: list[int] = []

    def make(staging: Path, merged: Path) -> None:
        count.append(_union(parts, merged))
        missing = [page.url for page in site.pages if not (merged / output_uri(page.url)).is_file()]
        missing += [file.url for file in site.files if not (merged / file.url).is_file()]
        if missing:
            raise PublishError(f"the parts lack {len(missing)} of the site's pages and files, "
                               f"such as /{missing[0]} (is a part missing?)")

    _stage_and_swap(site_dir, make, index.jobs(site.search_shards), language, lambda staging: None)
    return count[0]


def _union(parts: list[Path], target: Path) -> int:
    """Hard-link every file of ``parts`` into ``target``; a path in two parts
    must have the same bytes in both (the home page, the stylesheets)."""
    import filecmp

    count = 0
    for part in parts:
        if not part.is_dir():
            raise PublishError(f"{part}: no such folder")
        for folder, _, files in os.walk(part):
            destination = target / Path(folder).relative_to(part)
            destination.mkdir(parents=True, exist_ok=True)
            for name in files:
                source, there = Path(folder) / name, destination / name
                if there.exists():
                    if not filecmp.cmp(source, there, shallow=False):
                        raise PublishError(f"{source}: differs from the same file of another part "
                                           "(were the parts built from the same records and code?)")
                    continue
                tree.link_or_copy(source, there)
                count += 1
    return count


def _stage_and_swap(site_dir: Path, make, shards, language: str, after_swap) -> None:
    """``make(staging, merged)`` the new site in a staging folder beside
    ``site_dir``, then ``swap_in``."""
    staging = swap.stage(site_dir, from_spare=False)
    with swap.undone_on_failure(staging):
        make(staging, staging / "site")
    swap.swap_in(site_dir, staging, shards, language, after_swap)


