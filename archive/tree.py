"""Make a folder tree into the next site by changing only what differs.

A build stages the new site in a tree of its own and swaps it in at once.
Making that tree from nothing costs a folder and a hard link per page, and
removing the tree it replaced an unlink and a folder per page: at 25,000
pages ~12 s, most of an edit's build. So the tree a swap sets aside is kept
(the *spare*) and the next build starts from it: files already as wanted
(the same inode as the page kept from the live site) are left alone, others
are linked or moved over them, and files no longer wanted are removed.

No file of a tree is ever written in place: the spare and the live site
share their unchanged files (hard links), so everything here replaces a
directory entry (a rename, a link under a temporary name renamed over the
old one, an unlink) and never opens a file for writing. That is also why any
tree can serve as a spare, even one a killed build left half made: each
step compares with what is wanted, never with what the tree should be.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path


def link_or_copy(source, target) -> None:
    """A file into another tree: a hard link, or a copy on another file system."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _same(a: os.stat_result, b: os.stat_result) -> bool:
    return a.st_ino == b.st_ino and a.st_dev == b.st_dev


def place(source: Path | str, target: Path | str) -> None:
    """``target`` becomes (a hard link to) ``source``, unless it is already."""
    try:
        there = os.lstat(target)
    except FileNotFoundError:
        _write(Path(target), lambda path: link_or_copy(source, path))  # nothing to replace: one link
        return
    if not _same(there, os.stat(source)):
        _replace(Path(target), lambda path: link_or_copy(source, path))


def copy_in(source: Path, target: Path) -> None:
    """``target`` becomes a copy of ``source``: a file of its own (a record's
    attachment is copied, not linked, so that an edit of it in place never
    reaches a published site)."""
    _replace(target, lambda path: shutil.copy2(source, path))


def _write(path: Path, write) -> None:
    """``write(path)``, making its folder if it is missing."""
    try:
        write(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path)


def _replace(target: Path, write) -> None:
    """``write`` a new file under a temporary name beside ``target`` and
    rename it over ``target``: the entry is replaced, the file it named is
    left as it was (the live site may share it)."""
    temporary = target.with_name(f".{target.name}.new")
    temporary.unlink(missing_ok=True)
    _write(temporary, write)
    try:
        os.replace(temporary, target)
    except OSError:
        temporary.unlink()
        raise


def place_all(source_root: Path, target_root: Path, files: Iterable[str]) -> None:
    """``place`` each of ``files`` (paths relative to both roots)."""
    # Joined as strings: a rebuild places every kept page (25,000 at 1,000
    # meetings), and two pathlib joins a file were a third of the time.
    source, target = os.fspath(source_root), os.fspath(target_root)
    for file in files:
        _giving_way(target_root, file, lambda: place(f"{source}/{file}", f"{target}/{file}"))


def copy_all(sources: Iterable[tuple[Path, str]], target_root: Path) -> None:
    """``copy_in`` each (source, path relative to ``target_root``)."""
    for source, file in sources:
        _giving_way(target_root, file, lambda: copy_in(source, target_root / file))


def write_all(contents: Iterable[tuple[bytes, str]], target_root: Path) -> None:
    """Each (bytes, path relative to ``target_root``) as a new file there."""
    for data, file in contents:
        _giving_way(target_root, file, lambda: _replace(target_root / file, lambda path: path.write_bytes(data)))


def move_into(source: Path, target: Path) -> list[str]:
    """Move every file of ``source`` into ``target`` over what is there
    (same file system: renames); the files moved, relative to the roots."""
    moved: list[str] = []
    for folder, _, files in os.walk(source):
        relative = Path(folder).relative_to(source)
        for name in files:
            file = (relative / name).as_posix()
            _giving_way(target, file, lambda: _write(target / file, lambda path: os.replace(Path(folder) / name, path)))
            moved.append(file)
    return moved


def _giving_way(root: Path, file: str, put) -> None:
    """``put()`` a file at ``file`` (relative to ``root``); if something
    stands in its way — a file where one of its folders must be, a folder
    where it must be (an older site had a file ``x`` where this one has a
    page ``x/``) — remove that and put it again."""
    try:
        put()
    except (IsADirectoryError, NotADirectoryError, FileExistsError):
        path = root
        for part in Path(file).parts[:-1]:
            path = path / part
            if path.is_symlink() or path.is_file():
                path.unlink()
        target = root / file
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        put()


def prune(root: Path, wanted: set[str], skip: Iterable[str] = ()) -> int:
    """Remove every file under ``root`` not ``wanted`` (paths relative to
    it), and the folders left empty; the top-level entries named in ``skip``
    are left alone. Returns the number of files removed."""
    skip = set(skip)
    removed = 0
    emptied: set[str] = set()
    top = os.path.normpath(root)
    for folder, folders, files in os.walk(top):
        relative = _below(folder, top)
        if not relative:
            folders[:] = [name for name in folders if name not in skip]
            files = [name for name in files if name not in skip]
        for name in files:
            path = f"{relative}/{name}" if relative else name
            if path not in wanted:
                os.unlink(os.path.join(folder, name))
                removed += 1
                emptied.add(folder)
    for folder in sorted(emptied, key=len, reverse=True):  # deepest first
        while Path(folder) != root:
            try:
                os.rmdir(folder)
            except OSError:
                break  # not empty: a folder of wanted files
            folder = os.path.dirname(folder)
    return removed


def mirror(source: Path, target: Path) -> None:
    """``target`` holds exactly the files of ``source``, as hard links."""
    top = os.path.normpath(source)
    files = [f"{relative}/{name}" if relative else name
             for folder, _, names in os.walk(top) for relative in (_below(folder, top),) for name in names]
    place_all(source, target, files)
    prune(target, set(files))


def _below(folder: str, top: str) -> str:
    """The path of ``folder`` (one that ``os.walk(top)`` gave, ``top``
    normalised) from ``top``: "" for ``top`` itself. ``os.path.relpath``
    makes both absolute and splits them, which for every folder of a
    25,000-page site was a second of every rebuild."""
    return folder[len(top) + 1:] if folder != top else ""
