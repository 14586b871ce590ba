"""The Markdown → HTML conversions of the last build, kept on disk for the
next one (a rebuild converts only the texts that changed).

They were a dictionary in each render process, written out as JSON at the
end: at 1,000 meetings one process reached 675 MB while writing it (the
build's peak), and both grew with the archive. Now each process looks a text
up in SQLite files and writes the conversions it used into a file of its
own, holding only its latest texts in memory:

``store.html(text, language, convert)`` looks in this process's own file
of this build, then in the last build's files (only those this very code
wrote), and converts only a text found in neither; a text not yet in its own
file is written there, which the build keeps (``keep``) as part of the next
build's cache.

A process opens its files when it first needs them, so forked render
processes never share a connection with their parent. The processes that
render one after another in a lane (``lane``: publish.py runs a few at
once) add to one file.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

PATTERN = "conversions-*.sqlite"


def _key(text: str, language: str) -> bytes:
    return hashlib.blake2b(f"{language}\0{text}".encode("utf-8", "surrogatepass"), digest_size=20).digest()


def _lookup(db: sqlite3.Connection, key: bytes) -> str | None:
    try:
        row = db.execute("SELECT html FROM html WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None  # unreadable: the text is converted again
    return row[0] if row else None


class Store:
    def __init__(self, previous: Path | None, staging: Path, code: str):
        """``previous``: the cache folder of the last build (None: start afresh);
        ``staging``: where this build's processes write their files."""
        self.previous, self.staging, self.code = previous, staging, code
        self.lane: int | None = None  # None: a file of this process's own
        self._pid: int | None = None
        self._old: list[sqlite3.Connection] = []
        self._own: sqlite3.Connection | None = None

    def _open(self) -> None:
        if self._pid == os.getpid():
            return
        self._pid, self._own, self._old = os.getpid(), None, []
        for path in sorted(self.previous.glob(PATTERN)) if self.previous else ():
            try:
                old = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
                if old.execute("SELECT code FROM made_by").fetchone() == (self.code,):
                    self._old.append(old)
                else:
                    old.close()
            except sqlite3.Error:
                continue  # unreadable: its texts are converted again

    def _mine(self) -> sqlite3.Connection:
        if self._own is None:
            self.staging.mkdir(parents=True, exist_ok=True)
            name = f"lane{self.lane}" if self.lane is not None else str(os.getpid())
            path = self.staging / PATTERN.replace("*", name)
            if self.lane is None:
                path.unlink(missing_ok=True)  # of an earlier process of the same number
            self._own = sqlite3.connect(path)
            self._own.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;"
                                    "CREATE TABLE IF NOT EXISTS made_by (code TEXT);"
                                    "CREATE TABLE IF NOT EXISTS html (key BLOB PRIMARY KEY, html TEXT) WITHOUT ROWID;")
            if self._own.execute("SELECT code FROM made_by").fetchone() is None:
                self._own.execute("INSERT INTO made_by VALUES (?)", (self.code,))
        return self._own

    def html(self, text: str, language: str, convert: Callable[[str, str], str]) -> str:
        self._open()
        key = _key(text, language)
        if self._own is not None and (found := _lookup(self._own, key)) is not None:
            return found
        found = next((html for db in self._old if (html := _lookup(db, key)) is not None), None)
        if found is None:
            found = convert(text, language)
        self._mine().execute("INSERT OR IGNORE INTO html VALUES (?, ?)", (key, found))
        return found

    def finish(self) -> None:
        """Write this process's file out (a process that converted nothing has none)."""
        if self._pid == os.getpid() and self._own is not None:
            self._own.commit()
            self._own.close()
            self._own = None
        for old in self._old:
            old.close()
        self._old = []


def keep(staging: Path, cache: Path) -> None:
    """This build's conversions become the cache of the next one."""
    cache.mkdir(exist_ok=True)
    for old in (*cache.glob(PATTERN), *cache.glob("conversions-*.json")):  # JSON: written by earlier versions
        old.unlink()
    for new in staging.glob(PATTERN):
        os.replace(new, cache / new.name)
