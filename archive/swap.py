"""Stage 6, publish: a staged site indexed, checked and swapped in at once,
so that a failed or killed build leaves the last good ``site/`` as it was.

- One build at a time: ``lock()`` holds ``.site.lock`` (flock) for the whole
  build, registry included; a second build says so and waits.
- Each build stages in ``.site.build-<pid>/`` (``stage``), which starts as
  the site the last swap replaced (the spare, ``tree.py``). publish.py
  renders the pages into it; then ``index_and_swap`` indexes them with
  Pagefind in shards and verifies Pagefind's output.
- The swap is one atomic exchange of the two folders (Linux ``renameat2``
  with ``RENAME_EXCHANGE``); where the file system cannot exchange, two
  renames, and a build that finds the old site set aside with no ``site/``
  puts it back before anything else (``recover``). The site swapped out
  is kept as the next build's spare.

This module imports no more than it needs: ``build.py`` runs it in a
process that never holds the archive (worker.py), and what that process
imports it holds beside the render and the Pagefind runs.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import marshal
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from . import conversions, index
from .index import PagefindError


class PublishError(RuntimeError):
    pass


@contextlib.contextmanager
def lock(site_dir: Path):
    """Hold the lock of ``site_dir`` for the whole build; a second build waits."""
    path = beside(site_dir, "lock")
    try:
        handle = path.open("a+")
    except OSError as exc:
        raise PublishError(f"{path}: cannot take the build lock ({exc.strerror})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            print(f"another build of {site_dir} is running (process {holder}); waiting for it", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield


def beside(site_dir: Path, what: str) -> Path:
    site_dir = site_dir.absolute()  # not resolve(): site/ itself may be a link the user made
    return site_dir.with_name(f".{site_dir.name}.{what}")


def recover(site_dir: Path) -> None:
    """Before anything else: put back a site set aside by a swap that was cut
    short (two renames where the file system cannot exchange), and clear the
    staging folders of builds that were killed (a tree one was making is
    the next build's spare if there is none: see tree.py)."""
    site_dir = site_dir.absolute()
    for staging in sorted(site_dir.parent.glob(f".{site_dir.name}.build-*")):
        previous = staging / "previous"
        if not site_dir.exists() and previous.is_dir():
            previous.rename(site_dir)
        _set_aside(staging / "site", site_dir)
        shutil.rmtree(staging, ignore_errors=True)


def _spare(site_dir: Path) -> Path:
    """Where the site a swap replaced waits to become the next build's (tree.py)."""
    return beside(site_dir, "cache") / "spare"


def _set_aside(old: Path, site_dir: Path) -> None:
    """Keep the tree ``old`` as the spare of the next build, if there is none."""
    spare = _spare(site_dir)
    if old.is_dir() and not spare.exists():
        spare.parent.mkdir(exist_ok=True)
        old.rename(spare)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(new: Path, site_dir: Path, staging: Path) -> None:
    if not site_dir.exists():
        new.rename(site_dir)
    elif not _exchange(new, site_dir):
        site_dir.rename(staging / "previous")  # recover() puts it back if we are killed now
        new.rename(site_dir)


def unchanged(site_dir: Path, digest: str) -> bool:
    """The site was built from exactly these inputs, and is there."""
    stamp = beside(site_dir, "inputs")
    return site_dir.is_dir() and stamp.is_file() and stamp.read_text().strip() == digest


def remember_inputs(site_dir: Path, digest: str | None) -> None:
    write_beside(site_dir, "inputs", None if digest is None else digest + "\n")


def write_beside(site_dir: Path, what: str, text: str | bytes | None) -> None:
    """Replace the record ``what`` beside the site at once (a temporary file
    renamed over it), or with None remove it."""
    path = beside(site_dir, what)
    if text is None:
        path.unlink(missing_ok=True)
    else:
        replace_file(path, text)


def replace_file(path: Path, data: str | bytes) -> None:
    """Replace a file at once: a temporary file renamed over it."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(temporary, path)


# The fingerprints of a site's pages, as its build records them beside it:
# {"full": {url: fingerprint of the page's view}, "quick": {url: fingerprint
# of a page from the inputs of the records it shows}} (plugin.py) — per site tree,
# by the inode of its folder, so that a build killed on either side of the
# swap leaves a record of whichever site is in place.
PAGE_FINGERPRINTS = ("full", "quick")
FINGERPRINTS = (*PAGE_FINGERPRINTS, "files")  # "files": {url: what the file is made of (publish._place_files)}


def known_pages(site_dir: Path) -> dict[str, dict[str, str]]:
    """The fingerprints of the pages of ``site_dir`` as its build recorded them."""
    try:
        known = marshal.loads(beside(site_dir, "pages").read_bytes())[site_dir.stat().st_ino]
        return {kind: dict(known[kind]) for kind in FINGERPRINTS}
    except (OSError, EOFError, ValueError, KeyError, TypeError):
        return {kind: {} for kind in FINGERPRINTS}  # none, or unreadable: every page is rendered


def record_pages(site_dir: Path, trees: dict[Path, dict[str, dict[str, str]]]) -> None:
    """Record the page fingerprints of each of ``trees`` (a site folder's)."""
    # marshal's format, as the caches (publish._write_cache): 3 MB at 1,000 meetings, written twice a build.
    write_beside(site_dir, "pages", marshal.dumps({tree.stat().st_ino: fingerprints
                                                    for tree, fingerprints in trees.items()}))


@dataclass
class Rendered:
    pages: int  # rendered now
    kept: int   # unchanged since the last build, kept as they were
    unviewed: int = 0  # of those, known unchanged from their records without making their views
    shards: tuple[int, int] = (0, 0)  # search shards indexed again, and kept from the last build
    indexing: float = 0.0  # seconds of Pagefind


@dataclass(frozen=True)
class Staged:
    """A site rendered into its staging folder, neither indexed nor swapped
    in yet: what the indexing and the swap need of the render, a few
    megabytes that one process can hand to another (build.py renders in a
    process of its own, which ends before the Pagefind runs start)."""
    staging: Path
    shards: tuple[index.Job, ...]  # those to index (a part's only)
    unchanged: frozenset[str]  # the keys of the shards whose every page is as the last build made it
    rendered: int
    kept: int
    unviewed: int


def index_and_swap(staged: Staged, site_dir: Path, language: str) -> Rendered:
    """Index a staged site's search shards with Pagefind, verify them and
    swap the site in (publish.build_and_swap's second half)."""
    site_dir = site_dir.absolute()
    merged = staged.staging / "site"
    with undone_on_failure(staged.staging):
        indexed, unchanged, indexing = index.run(merged, language, staged.shards,
                                                 previous=site_dir if site_dir.is_dir() else None,
                                                 unchanged=lambda shard: shard.key in staged.unchanged)

    def keep_caches(staging: Path) -> None:
        _forget_replaced(site_dir)
        conversions.keep(staging, beside(site_dir, "cache"))

    swap_in(site_dir, staged.staging, staged.shards, language, keep_caches)
    return Rendered(staged.rendered, staged.kept, staged.unviewed, (indexed, unchanged), indexing)


def _forget_replaced(site_dir: Path) -> None:
    """After a swap: the record of page fingerprints keeps the site's alone."""
    try:
        trees = marshal.loads(beside(site_dir, "pages").read_bytes())
        record_pages(site_dir, {site_dir: trees[site_dir.stat().st_ino]})
    except (OSError, EOFError, ValueError, KeyError, TypeError):
        return  # the next build renders every page


def stage(site_dir: Path, from_spare: bool) -> Path:
    """A staging folder beside ``site_dir``, whose ``site`` the new site is
    made in (``from_spare``: starting as the site the last swap replaced)."""
    recover(site_dir)
    staging = beside(site_dir, f"build-{os.getpid()}")
    with undone_on_failure(staging):
        staging.mkdir()
        if from_spare and _spare(site_dir).is_dir():
            _spare(site_dir).rename(staging / "site")
        else:
            (staging / "site").mkdir()
    return staging


def swap_in(site_dir: Path, staging: Path, shards, language: str, after_swap) -> None:
    """Verify the staged site's search index, swap it in, then
    ``after_swap(staging)``; the site it replaced is kept as the next spare.
    Any failure before the swap leaves ``site_dir`` as it was."""
    merged = staging / "site"
    with undone_on_failure(staging):
        index.verify(merged, shards, language)
        _swap(merged, site_dir, staging)
        after_swap(staging)
        # The exchange left the old site where the new one was; the two renames, in "previous".
        _set_aside(merged if merged.is_dir() else staging / "previous", site_dir)
    shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def undone_on_failure(staging: Path):
    """A failure removes the staging folder (a tree that failed is not kept:
    it might fail again) and is raised as one line."""
    try:
        yield
    except (PublishError, PagefindError, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(one_line(exc)) from None


def commit_prepared(prepared: tuple[Path, Path] | None) -> None:
    """A file written and synced beside its place before the swap
    (permalinks.prepare_registry: (temporary, place)), renamed after it."""
    if prepared is not None:
        os.replace(*prepared)


def discard_prepared(prepared: tuple[Path, Path] | None) -> None:
    """The build failed: the prepared file is not put in place."""
    if prepared is not None:
        prepared[0].unlink(missing_ok=True)


def one_line(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename or ''}: {exc.strerror}".lstrip(": ")
    return str(exc)
