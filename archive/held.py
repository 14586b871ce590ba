"""The items of a built archive, held on disk and read back where a page reads them.

The validated items were the largest part of what a compiled archive holds
(an item and its sections about 2 KB, 40 of 92 MB traced at 1,000
meetings), and a build's process held all of them from the compile to the
end of the render: the archive's memory grew with its years. Yet each page
reads a few meetings' items, and the render deals its pages in the order of
what they show (``plugin.plan``).

So each meeting's items are pickled to a file of the process (``_SHELF``,
as ``packed`` holds the texts), and the meeting holds a ``HeldItem`` for
each: every field but the texts, the attachments (unless there are none)
and the file's path (``ON_SHELF``), and where the item lies. A field on
the shelf is read from the item, unpickled when first asked for and kept
with its meeting's items among the last ``RECENT`` meetings read.

A held item is the item everywhere: one object per item, shared by every
lookup of the model, equal to an item with the same fields. ``whole``
gives a meeting with its items in full, for what dumps the record (the
JSON export, a digest of its fields).
"""
from __future__ import annotations

import io
import pickle

from . import records as r
from .packed import PackedText, Store

RECENT = 128  # meetings whose items a process keeps unpickled (a year of a large municipality's)

_SHELF = Store("moedearkiv-items-")
_recent: dict[int | bytes, tuple[r.Item, ...]] = {}


class _Pickler(pickle.Pickler):
    """Pickles a packed text as where it lies: it is not written again."""

    def persistent_id(self, obj):
        return (obj._data, obj.digest) if type(obj) is PackedText and type(obj._data) is not bytes else None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        text = PackedText.__new__(PackedText)
        text._data, text.digest = pid
        return text


# What an item holds most of, read by its own pages and a few passes over
# the archive, a meeting at a time: its texts and attachments, and its file.
ON_SHELF = ("sections", "attachments", "source_path")
# The rest (a small object each, most of them an empty tuple) is held: the
# lists of the archive choose items by them across all its meetings (a
# person's stances, a topic's people, a case's path), and each read of a
# field on the shelf unpickles its meeting's items.
HELD = (*(name for name in r.Item.model_fields if name not in ON_SHELF), "key")


class HeldItem:
    """An item whose texts and attachments are read from the shelf where asked for."""

    __slots__ = (*HELD, "attachments", "_place", "_index")  # attachments: held when there are none
    sort_key = r.Item.sort_key  # of its number, held

    def __init__(self, item: r.Item, place: int | bytes, index: int) -> None:
        for name in HELD:
            setattr(self, name, getattr(item, name))
        if not item.attachments:  # most items have none: the passes over them need not read the shelf
            self.attachments = ()
        self._place, self._index = place, index

    def whole(self) -> r.Item:
        items = _recent.get(self._place)
        if items is None:
            items = _items(self._place)
        return items[self._index]

    def __getattr__(self, name: str):
        if name in ("_place", "_index"):  # not set yet (a copy being made): not the item's to answer
            raise AttributeError(name)
        return getattr(self.whole(), name)

    def __repr__(self) -> str:
        return repr(self.whole())

    def __eq__(self, other: object) -> bool:
        """As the items compare (the meetings of two builds)."""
        return other is self or self.whole() == (other.whole() if type(other) is HeldItem else other)

    def __hash__(self) -> int:
        return hash(self.key)


def _items(place: int | bytes) -> tuple[r.Item, ...]:
    data = _SHELF.get(place) if type(place) is int else place
    items = _Unpickler(io.BytesIO(data)).load()
    if len(_recent) >= RECENT:
        del _recent[next(iter(_recent))]  # the first read of those kept
    _recent[place] = items
    return items


def shelve(meeting: r.Meeting) -> r.Meeting:
    """``meeting`` with its items held on the shelf."""
    if not meeting.items or type(meeting.items[0]) is HeldItem:
        return meeting
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(meeting.items)
    place = _SHELF.put(buffer.getvalue())
    held = meeting.model_copy()
    object.__setattr__(held, "__pydantic_fields_set__", meeting.__pydantic_fields_set__)  # shared (records.py)
    object.__setattr__(held, "items", tuple(HeldItem(item, place, n) for n, item in enumerate(meeting.items)))
    return held


def whole(meeting: r.Meeting) -> r.Meeting:
    """``meeting`` with its items in full (itself, when they are not held)."""
    if not meeting.items or type(meeting.items[0]) is not HeldItem:
        return meeting
    full = meeting.model_copy()
    object.__setattr__(full, "items", tuple(item.whole() for item in meeting.items))
    return full
