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
"""
from __future__ import annotations

import hashlib
import zlib

# Shorter texts are held as they are: compressed they would hardly shrink.
_SMALLEST = 200


class PackedText:
    __slots__ = ("_data", "digest")

    def __init__(self, text: str) -> None:
        raw = text.encode("utf-8", "surrogatepass")
        self.digest: bytes = hashlib.blake2b(raw, digest_size=16).digest()
        self._data: str | bytes = text if len(raw) < _SMALLEST else zlib.compress(raw, 1)

    @property
    def text(self) -> str:
        data = self._data
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

    def __getstate__(self):
        return self._data, self.digest

    def __setstate__(self, state) -> None:
        self._data, self.digest = state
