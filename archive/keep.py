"""Validated meetings kept between builds: a meeting folder whose files are
as the last build read them, beside the same registries and rules, read by
the same code, is not read, parsed and validated again.

Load and validate are most of what compiling a large archive costs (at 1,000
meetings 19 s of 38 s on one core), and an edit changes one folder. Each
folder's entry is its ``r.Meeting`` and the warnings and notes its reading
gave (replayed, so ``check`` and ``build`` report the same); a folder with
errors is never kept. The key is a digest of:

- the code and the absolute content folder (a record's paths name it);
- every top-level file of the content folder (registries, archive.yaml):
  what a meeting's references and sections are checked against;
- the folder's own files: names and bytes of records (``.md``, ``.yaml``),
  names, sizes and modification times of attachments (a twenty-year archive
  holds gigabytes of PDF), and where links lead.

Entries are pickles (one file per folder, ``.site.cache/records/``), as
Sphinx keeps its environment: a pickle runs code when read, so the folder
must be as trusted as the project's own code — it sits beside the site,
written by the build, and is read only when its code digest matches.

A process that builds again and again (the live preview) also keeps the
entries in memory (``Remembered``) and is told which folders its file
events saw change: the other folders' keys are not computed again (no file
of theirs is read) and their entries are not unpickled.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import records as r
from .diagnostics import Diagnostic

_RECORD_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")


@dataclass(frozen=True)
class Kept:
    meeting: r.Meeting
    diagnostics: tuple[Diagnostic, ...]  # warnings and notes, as its reading gave them


# Of a file whose times are this close to when the last build read it, the
# times prove nothing: a second write within one tick of the file system's
# clock keeps them (git's "racily clean" files).
RACY_NS = 2_000_000_000


class FileDigests:
    """The digest of each record file's bytes, kept between builds with the
    file's size, inode and modification and change times (as git's index
    keeps them): a file whose stat is as it was, and was so well before the
    last build read it, is not read again. A write always changes the
    change time, which no program sets back (``touch -d``, ``cp -p`` and
    checkouts set the other). Reading 21,000 records for their bytes was
    2.3 s of the record keys and 2 s of the inputs digest at 1,000 meetings.

    Plain data (JSON beside the site, publish.py): ``use`` the last build's,
    ``used`` this build's."""

    def __init__(self) -> None:
        self.use({})

    def use(self, entries: dict) -> None:
        self._kept: dict[str, list] = entries.get("files", {}) if isinstance(entries.get("files"), dict) else {}
        self._read_from: int = entries.get("read_from", 0) if isinstance(entries.get("read_from"), int) else 0
        self._used: dict[str, list] = {}
        self._now = time.time_ns()  # before this build reads a file: what its entries are sure of

    def used(self) -> dict:
        return {"read_from": self._now, "files": dict(self._used)}

    def digest(self, path: Path | str) -> bytes:
        stat = os.stat(path)
        mark = [stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns]
        name = os.fspath(path)
        for entry, sure_before in ((self._used.get(name), self._now), (self._kept.get(name), self._read_from)):
            if isinstance(entry, list) and entry[:4] == mark and max(mark[2:]) < sure_before - RACY_NS:
                self._used[name] = entry
                return entry[4].encode()
        with open(path, "rb") as file:
            found = hashlib.blake2b(file.read(), digest_size=16).hexdigest()
        self._used[name] = [*mark, found]
        return found.encode()


RECORD_FILES = FileDigests()


def file_part(path: Path | str) -> bytes:
    """What a file of the records adds to a digest: a record's bytes (by
    their digest, ``RECORD_FILES``); of any other file (an attachment:
    gigabytes of PDF in a twenty-year archive) its size and modification time.
    A path as a string will do: made into a Path for each of 21,000 files
    twice a build, pathlib was a fifth of a rebuild's record keys."""
    if os.path.splitext(path)[1].lower() in _RECORD_SUFFIXES:
        return RECORD_FILES.digest(path)
    stat = os.stat(path)
    return f"{stat.st_size}:{stat.st_mtime_ns}".encode()


def walk(root: Path) -> list[tuple[str, os.DirEntry]]:
    """Every file and folder under ``root`` by its path from there, in one
    order, not into linked folders (as ``rglob``): with ``os.scandir``,
    which knows each entry's kind without a stat. Pathlib's globbing,
    sorting and path arithmetic were most of a second of every build's
    digests at 21,000 records."""
    found: list[tuple[str, os.DirEntry]] = []
    if not root.is_dir():
        return found  # as rglob: nothing (a project copy without its lock file)

    def visit(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                found.append((prefix + entry.name, entry))
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, f"{prefix}{entry.name}/")
    visit(str(root), "")
    found.sort(key=lambda pair: pair[0])
    return found


@dataclass
class Remembered:
    """The last build's entries, kept in memory by a long-lived process."""

    keys: dict[Path, tuple[bytes, str]] = field(default_factory=dict)  # folder → (context, key)
    entries: dict[str, Kept] = field(default_factory=dict)  # key → entry
    # Folders whose files may have changed since the last build (file
    # events); None: unknown, every key is computed (the first build, or a
    # change outside the meeting folders).
    changed: set[Path] | None = None


class _TextPickler(pickle.Pickler):
    """Pickles a text that is not ASCII as its UTF-8 bytes. Python's own
    pickler asks the text for its UTF-8 form, which the text then keeps for
    its lifetime beside its own characters (a Danish text is stored one byte
    a letter, so its UTF-8 form is a second copy): every text of the archive
    held twice by a full build (10 MB more of 68 MB traced at 100 meetings).
    Short texts (names, titles) are left as they are: each is read back by a
    call of ``persistent_load``, and the texts are most of the size."""

    def persistent_id(self, obj):
        if type(obj) is str and len(obj) > 200 and not obj.isascii():
            return obj.encode("utf-8", "surrogatepass")
        return None


class _TextUnpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        if type(pid) is not bytes:
            raise pickle.UnpicklingError("not a kept text")
        return pid.decode("utf-8", "surrogatepass")


@dataclass
class RecordCache:
    folder: Path | None  # None: nothing kept, nothing read (a cache that does nothing)
    code: str = ""
    read: bool = True    # False: a full build, which keeps but does not read
    context: bytes = b""
    used: dict[str, bool] = field(default_factory=dict)  # key of each entry this build used → read, not made
    memory: Remembered | None = None

    def start(self, root: Path) -> None:
        """The digest every key starts from: code, content folder and its top-level files."""
        digest = hashlib.blake2b(f"{self.code}\0{root.resolve()}".encode(), digest_size=16)
        for path in sorted(root.iterdir()):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        self.context = digest.digest()

    def key(self, folder: Path) -> str:
        memory = self.memory
        if memory is not None:
            context, key = memory.keys.get(folder, (None, ""))
            if memory.changed is not None and folder not in memory.changed and context == self.context:
                return key
            memory.keys[folder] = (self.context, key := self._key(folder))
            return key
        return self._key(folder)

    def _key(self, folder: Path) -> str:
        digest = hashlib.blake2b(self.context + str(folder).encode(), digest_size=16)
        for name, entry in walk(folder):
            digest.update(b"\0" + name.encode() + b"\0")
            if entry.is_symlink():
                digest.update(os.path.realpath(entry.path).encode())
            if entry.is_file():
                digest.update(file_part(entry.path))
        return digest.hexdigest()

    def get(self, key: str) -> Kept | None:
        if self.folder is None or not self.read:
            return None
        if self.memory is not None and key in self.memory.entries:
            self.used[key] = True
            return self.memory.entries[key]
        try:
            kept = _TextUnpickler(io.BytesIO((self.folder / f"{key}.pickle").read_bytes())).load()
        except Exception:  # absent, or unreadable: the folder is read again  # noqa: BLE001
            return None
        if not isinstance(kept, Kept):
            return None
        self.used[key] = True
        if self.memory is not None:
            self.memory.entries[key] = kept
        return kept

    def put(self, key: str, kept: Kept) -> None:
        """Keep ``kept``: written now, so that a build holds no meeting for
        its cache's sake (held.py lets its items go)."""
        if self.folder is None:
            return
        self.used[key] = False
        if self.memory is not None:
            self.memory.entries[key] = kept
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f"{key}.tmp"
            with temporary.open("wb") as file:
                _TextPickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump(kept)
            os.replace(temporary, self.folder / f"{key}.pickle")
        except OSError:
            pass  # a cache that cannot be written costs the next build time, nothing else

    def save(self) -> None:
        """Remove the entries this build did not use."""
        if self.folder is None:
            return
        if self.memory is not None:
            self.memory.entries = {key: kept for key, kept in self.memory.entries.items() if key in self.used}
        try:
            for path in self.folder.iterdir():
                if path.stem not in self.used or path.suffix != ".pickle":
                    path.unlink()
        except OSError:
            pass  # a cache that cannot be written costs the next build time, nothing else


NO_CACHE = RecordCache(None)
