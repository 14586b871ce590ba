"""Meetings kept validated between builds (keep.py): a folder is read again
when any of its files, the registries or the code changed, never kept with
errors, and a broken cache costs time, not correctness."""
from __future__ import annotations

import sys

from conftest import MEETING, ROOT, edit

from archive import pipeline
from archive.keep import RecordCache

ITEM = f"{MEETING}/05-human-first.md"


def _check(content, cache_folder, code="code"):
    """The archive, its diagnostics, and how many meetings came from the cache."""
    cache = RecordCache(cache_folder, code)
    archive, diagnostics = pipeline.check(content, cache)
    return archive, diagnostics, sum(cache.used.values())


def test_an_unchanged_folder_is_kept_and_a_changed_one_read_again(tiny, tmp_path):
    cache = tmp_path / "records"
    first, _, kept = _check(tiny, cache)
    assert kept == 0 and len(list(cache.glob("*.pickle"))) == 1
    again, _, kept = _check(tiny, cache)
    assert kept == 1 and again.meetings == first.meetings
    edit(tiny, ITEM, "Human First", "Human Last")
    edited, _, kept = _check(tiny, cache)
    assert kept == 0 and "Human Last" in edited.meetings[0].items[-1].title
    assert len(list(cache.glob("*.pickle"))) == 1  # the old entry is gone


def test_registries_attachments_and_code_are_part_of_the_key(tiny, tmp_path):
    cache = tmp_path / "records"
    _check(tiny, cache)
    edit(tiny, "people.yaml", "name: Flemming Storgaard", "name: Flemming Storgård")
    assert _check(tiny, cache)[2] == 0
    attachment = tiny / MEETING / "bilag" / "notat.md"
    attachment.write_text(attachment.read_text(encoding="utf-8") + "\nEt tillæg.\n", encoding="utf-8")
    archive, _, kept = _check(tiny, cache)
    assert kept == 0 and any("Et tillæg." in a.text for i in archive.meetings[0].items
                             for a in i.attachments)
    assert _check(tiny, cache, code="other code")[2] == 0
    assert _check(tiny, cache, code="other code")[2] == 1


def test_a_folder_with_errors_is_never_kept_and_warnings_are_replayed(tiny, tmp_path):
    cache = tmp_path / "records"
    edit(tiny, ITEM, "presenters: [flemming-storgaard]", "presenters: [flemming-storgard]")
    for _ in range(2):
        archive, diagnostics, kept = _check(tiny, cache)
        assert archive is None and kept == 0 and len(diagnostics.errors) == 1
    edit(tiny, ITEM, "presenters: [flemming-storgard]", "presenters: [flemming-storgaard]")
    edit(tiny, f"{MEETING}/meeting.md", "\n---\n", "\n---\nFredag den 10. april 2021.\n")
    warnings = [str(d) for d in _check(tiny, cache)[1].warnings]
    _, diagnostics, kept = _check(tiny, cache)
    assert kept == 1 and [str(d) for d in diagnostics.warnings] == warnings
    assert any("is a lørdag, not a fredag" in w for w in warnings)


def test_an_unreadable_entry_is_read_again(tiny, tmp_path):
    cache = tmp_path / "records"
    first = _check(tiny, cache)[0]
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    archive, _, kept = _check(tiny, cache)
    assert kept == 0 and archive.meetings == first.meetings


def test_a_long_lived_process_reads_only_the_folders_its_file_events_name(tiny, tmp_path):
    """The live preview keeps the entries in memory (keep.Remembered) and is
    told which folders changed: any other folder is taken as it was without
    reading a file of it — so an edit nobody reported is not seen (shown
    here on purpose), one reported is, and a registry edited means every key again."""
    from archive.keep import Remembered

    cache, memory = tmp_path / "records", Remembered()
    folder = tiny / MEETING

    def check(changed):
        memory.changed = changed
        records = RecordCache(cache, "code", memory=memory)
        archive, _ = pipeline.check(tiny, records)
        return archive, sum(records.used.values())

    check(None)
    for pickle_file in cache.glob("*.pickle"):
        pickle_file.unlink()  # from memory, not from disk
    assert check(set())[1] == 1
    edit(tiny, ITEM, "Human First", "Human Last")
    archive, kept = check(set())  # not reported: not read
    assert kept == 1 and "Human First" in archive.meetings[0].items[-1].title
    archive, kept = check({folder})
    assert kept == 0 and "Human Last" in archive.meetings[0].items[-1].title
    edit(tiny, "people.yaml", "name: Flemming Storgaard", "name: Flemming Storgård")
    assert check(set())[1] == 0  # the registries are in every key


def test_a_record_file_is_read_again_only_when_its_stat_changed_or_was_racy(tmp_path):
    """keep.FileDigests: a file's digest is taken from the last build while its
    size, inode and times are as they were and were so well before that build
    read it; a write within the last two seconds of that read proves nothing
    (one tick of the file system's clock can hold two writes), nor does a
    modification time set back."""
    import os

    from archive.keep import RACY_NS, FileDigests

    path = tmp_path / "01-item.md"
    path.write_text("first", encoding="utf-8")
    stat = path.stat()
    mark = [stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns]
    real = FileDigests().digest(path)

    def seen(read_from: int) -> bytes:
        digests = FileDigests()
        digests.use({"read_from": read_from, "files": {str(path): [*mark, "from-the-last-build"]}})
        return digests.digest(path)

    changed_since = max(mark[2:])
    assert seen(changed_since + RACY_NS + 1) == b"from-the-last-build"  # not read
    assert seen(changed_since + RACY_NS // 2) == real  # racy: read
    path.write_text("other", encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the modification time set back
    assert seen(changed_since + RACY_NS + 1) != b"from-the-last-build"


def test_walk_lists_files_and_folders_in_one_order_without_entering_linked_folders(tmp_path):
    from archive.keep import walk

    (tmp_path / "bilag").mkdir()
    (tmp_path / "bilag" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "01-punkt.md").write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "bilag", target_is_directory=True)
    names = [name for name, _entry in walk(tmp_path)]
    assert names == ["01-punkt.md", "bilag", "bilag/a.pdf", "linked"]
    assert [entry.is_file() for _name, entry in walk(tmp_path)] == [True, False, True, False]
    assert walk(tmp_path / "missing") == []


def test_keeping_a_meeting_leaves_its_texts_as_they_were_in_memory(tiny, tmp_path):
    # Python's pickler makes a non-ASCII text keep a UTF-8 copy of itself for
    # good (sys.getsizeof counts it): a full build held every text twice.
    # An item's sections are held packed (packed.py); the introduction is a text.
    long = "\nRådet vedtog økonomien. " * 200
    for name in (ITEM, f"{MEETING}/meeting.md"):
        (tiny / name).write_text((tiny / name).read_text(encoding="utf-8") + long, encoding="utf-8")
    archive, _, _ = _check(tiny, tmp_path / "records")  # read, validated and kept
    meeting = archive.meetings[0]
    packed = [section.markdown for item in meeting.items for section in item.sections]
    assert any(long.strip() in text.text for text in packed)
    intro = meeting.intro
    assert len(intro) > 4000 and sys.getsizeof(intro) == sys.getsizeof(intro.encode().decode())
    again, _, kept = _check(tiny, tmp_path / "records")
    assert kept == 1 and again.meetings == archive.meetings
    assert sys.getsizeof(again.meetings[0].intro) == sys.getsizeof(intro)
    assert [text.text for item in again.meetings[0].items for text in (s.markdown for s in item.sections)] == [
        text.text for text in packed]


def test_records_share_one_set_of_the_fields_their_files_gave_also_from_the_cache(tmp_path):
    # pydantic keeps one per record; shared, they cost nothing (records.Record).
    cache = tmp_path / "records"
    for _ in range(2):  # read, then from the cache
        archive, _, kept = _check(ROOT / "content", cache)
        items = [item for meeting in archive.meetings for item in meeting.items]
        sets = {id(item.model_fields_set) for item in items}
        sections = [section for item in items for section in item.sections]
        assert len(items) > 3 and len(sets) < len(items) / 2
        assert len({id(section.model_fields_set) for section in sections}) < len(sections) / 4
        assert all(item.model_fields_set >= {"title"} for item in items)
    assert kept == len(archive.meetings)  # the second time, every meeting from the cache
    meeting = archive.meetings[0]
    copied = meeting.model_copy(update={"place": "Viborg"})  # as validation makes a meeting with its items
    assert "place" in copied.model_fields_set and copied.place == "Viborg" and meeting.place != "Viborg"
