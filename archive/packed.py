"""The items' section texts and Markdown attachments, held compressed.

The texts are half of what a compiled archive holds (100 of 217 MB traced
at 1,000 meetings), and each render process forked from the build's comes
to hold its own copy of them. Yet a build reads few of them: a rebuild
renders the pages of what changed, and what the model stage finds in a text
is kept between builds under the text's digest (references.SCANS). So each
is held as zlib makes it (a quarter of the size on the synthetic archive's
prose, half on the bundled archive's shorter texts) with the digest of its
words, and unpacked where a page shows it (``text``).

A record's field holds one through ``PackedMarkdown`` (records.py): it is
validated from a string, and exported and described in the JSON Schema as
the string it holds. Attachments are packed too: a scanned packet of them
can be more text than all of its meeting's items (the bundled archive's
are 151 KB beside its items' 116 KB).

Packed, they were still the largest part of a compiled archive (82 of 341
MB traced at 3,000 meetings), held by the build's process through the
compile and the render, and copied by each render process that read them.
So a packed text is written to a file of the process (``Store``: a
temporary file, deleted when the process ends) and read back where it is
shown: the archive holds where it lies. A render process forked from the
build's reads the same file.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import zlib

# Shorter texts are held as they are: compressed they would hardly shrink.
_SMALLEST = 200


class Store:
    """Bytes of this process (the packed texts; held.py: the items),
    appended to a temporary file; a place is its offset and size in one
    int. A process forked from the one whose file it is reads the file it
    inherited, and holds what it puts itself in memory: its writes would
    clash with its parent's."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self._file = None
        self._owner = 0   # the process that writes the file
        self._end = 0
        self._lock = threading.Lock()

    def put(self, data: bytes) -> int | bytes:
        """Where ``data`` now lies, or ``data`` itself where it cannot be written."""
        with self._lock:
            if self._owner != os.getpid():
                if self._file is not None:
                    return data
                self._file, self._owner = tempfile.TemporaryFile(prefix=self._prefix), os.getpid()
            place = self._end << 32 | len(data)
            os.pwrite(self._file.fileno(), data, self._end)
            self._end += len(data)
            return place

    def get(self, place: int) -> bytes:
        return os.pread(self._file.fileno(), place & 0xFFFFFFFF, place >> 32)


_STORE = Store("moedearkiv-texts-")


class PackedText:
    __slots__ = ("_data", "digest")

    def __init__(self, text: str) -> None:
        raw = text.encode("utf-8", "surrogatepass")
        self.digest: bytes = hashlib.blake2b(raw, digest_size=16).digest()
        # The text itself (short), its compressed bytes, or where _STORE holds them.
        self._data: str | bytes | int = text if len(raw) < _SMALLEST else _STORE.put(zlib.compress(raw, 1))

    def _packed(self) -> str | bytes:
        data = self._data
        return _STORE.get(data) if type(data) is int else data

    @property
    def text(self) -> str:
        data = self._packed()
        return data if type(data) is str else zlib.decompress(data).decode("utf-8", "surrogatepass")

    def __bool__(self) -> bool:
        return bool(self._data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PackedText) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        # What the pages' fingerprints (plugin.fingerprint) see of it: its digest, not its bytes.
        return f"PackedText({self.digest.hex()})"

    def __getstate__(self):  # the bytes: a record cache's entry holds its texts
        return self._packed(), self.digest

    def __setstate__(self, state) -> None:
        data, self.digest = state
        self._data = data if type(data) is str else _STORE.put(data)
