"""Items held on disk (held.py): a held item is its item wherever it is
read, a compiled archive holds only the last few meetings' items in full,
and the texts are not written a second time."""
from __future__ import annotations

import gc
import os

from archive import held, pipeline, publish
from archive import records as r
from archive.diagnostics import Diagnostics
from archive.keep import RecordCache, Remembered
from archive.load import load
from archive.packed import _STORE
from archive.validate import validate
from conftest import ROOT
from tools import synthetic


def _items_in_memory() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is r.Item)


def test_a_held_item_reads_as_its_item(archive):
    diagnostics = Diagnostics(root=ROOT)
    as_validated = validate(load(ROOT / "content", diagnostics), diagnostics, shelve=False).meetings
    assert len(as_validated) == len(archive.meetings) and type(as_validated[0].items[0]) is r.Item
    for meeting, original in zip(archive.meetings, as_validated):
        assert held.whole(meeting).model_dump(mode="json") == original.model_dump(mode="json")
        assert meeting == original  # equal as the records it holds (two builds' meetings compare so)
    meeting = next(m for m in archive.meetings if len(m.items) > 3 and any(i.attachments for i in m.items))
    full = held.whole(meeting)
    assert type(meeting.items[0]) is held.HeldItem and type(full.items[0]) is r.Item
    for stub, item in zip(meeting.items, full.items):
        for name in ("key", "number", "title", "committee", "date", "closed", "presenters", "topics", "case",
                     "sections", "attachments", "steps", "positions", "decision", "recommendation", "sort_key"):
            assert getattr(stub, name) == getattr(item, name), name
        assert stub.text_of("case_text") == item.text_of("case_text")
        assert repr(stub) == repr(item)  # what the pages' fingerprints see
    # One object per item: every lookup of the model holds the same one.
    item = next(i for i in archive.items() if i.topics)
    assert any(other is item for other in archive.items_by_topic[item.topics[0]])
    assert archive.item_index[item.key] is item


def test_what_lists_choose_items_by_is_read_without_the_shelf(archive):
    held._recent.clear()
    for item in archive.items():
        for name in held.HELD:
            getattr(item, name)
        assert item.sort_key
    assert not held._recent  # nothing was unpickled
    # Attachments are read from the shelf where there are any.
    with_attachments = {(i.committee, i.date) for i in archive.items() if i.attachments}
    assert len(held._recent) == len(with_attachments) > 0
    assert set(held.HELD) | set(held.ON_SHELF) == {*r.Item.model_fields, "key"}


def test_items_read_again_after_they_were_let_go_are_the_same(monkeypatch):
    monkeypatch.setattr(held, "RECENT", 2)
    held._recent.clear()
    archive, diagnostics = pipeline.check(ROOT / "content")
    assert archive is not None, diagnostics.report()
    first = [(i.key, i.decision, [a.title for a in i.attachments]) for i in archive.items()]
    assert len(held._recent) <= 2
    end = _STORE._end
    again = [(i.key, i.decision, [a.title for a in i.attachments]) for i in reversed(list(archive.items()))]
    assert again[::-1] == first and any(decision for _key, decision, _a in first)
    assert _STORE._end == end  # the texts were read from where they lay, not written again


def test_a_forked_process_reads_the_items_of_its_parent(archive):
    item = next(i for i in archive.items() if i.decision)
    held._recent.clear()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the render processes are forked so (publish.py)
        try:
            os.write(writer, b"1" if item.decision and held._recent else b"0")
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    assert os.read(reader, 1) == b"1"


def test_a_compiled_archive_holds_the_items_of_the_last_few_meetings_only(tmp_path, monkeypatch):
    content = tmp_path / "content"
    synthetic.write(content, meetings=40, items=5, committees=2)
    monkeypatch.setattr(held, "RECENT", 3)
    held._recent.clear()
    before = _items_in_memory()
    settings = publish.settings(ROOT / "mkdocs.yml")
    site, diagnostics = publish.compile_site(content, settings, tmp_path / "site", ROOT / "mkdocs.yml", full=True)
    assert site is not None, diagnostics.report()
    assert sum(1 for page in site.pages if page.template == "item.html") == 200  # every item has its page
    # 200 items compiled; those of 3 meetings are held in full (not 200, as before held.py).
    assert _items_in_memory() - before <= 3 * 5
    # A long-lived process (the live preview) keeps its meetings as they are.
    kept = pipeline.check(content, RecordCache(tmp_path / "kept", memory=Remembered()))[0]
    assert type(kept.meetings[0].items[0]) is r.Item
