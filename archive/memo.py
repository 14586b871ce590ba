"""Results kept between builds, keyed by a digest of what they are made of.

A stage that makes something costly from plain inputs (what an item's text
mentions, a committee's calendar) asks its ``Memo``: the result is taken
from the last build when the key is one that build used, else made. The
build writes what it used beside the site for the next one (publish.py,
JSON: reading it runs no code), valid only for the code that wrote it; a
result no build used is dropped.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable


class Memo:
    def __init__(self) -> None:
        self._kept: dict[str, object] = {}
        self._used: dict[str, object] = {}

    def use(self, entries: dict[str, object]) -> None:
        """Start from the entries of an earlier build (made by this very code)."""
        self._kept = dict(entries)
        self._used = {}

    def used(self) -> dict[str, object]:
        """The entries this build used, for the next one."""
        return dict(self._used)

    def forget_used(self) -> None:
        self._used = {}

    def get(self, key: str, make: Callable[[], object]) -> object:
        found = self._used[key] if key in self._used else self._kept[key] if key in self._kept else make()
        self._used[key] = found
        return found


def key(*parts: object) -> str:
    """A key from plain values (their repr: dates, strings, numbers, tuples)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
