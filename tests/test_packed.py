"""Section texts held compressed (packed.py): what goes in comes out, and
the records export, compare and pickle them as the texts they hold."""
from __future__ import annotations

import os
import pickle

from archive import records as r
from archive.packed import _STORE, PackedText

LONG = "## Indstilling\n\nRådet vedtager økonomien for Århus. " * 100


def test_a_packed_text_gives_back_what_it_was_made_of_and_is_smaller():
    for text in ("", "Kort.", LONG):
        assert PackedText(text).text == text
    # Compressed to a quarter, and held in the process's file, not in memory.
    assert type(PackedText(LONG)._data) is int and len(PackedText(LONG)._packed()) < len(LONG) / 4
    assert PackedText("Kort.")._data == "Kort."  # a short text is held as it is
    assert PackedText(LONG) == PackedText(LONG) and PackedText(LONG) != PackedText(LONG + ".")
    assert bool(PackedText("")) is False and bool(PackedText("x")) is True
    assert repr(PackedText(LONG)) == f"PackedText({PackedText(LONG).digest.hex()})"  # what fingerprints see
    assert pickle.loads(pickle.dumps(PackedText(LONG))).text == LONG
    assert type(PackedText(LONG).__getstate__()[0]) is bytes  # a record cache's entry holds the bytes, not a place
    assert type(pickle.loads(pickle.dumps(PackedText(LONG)))._data) is int  # and read back into the file


def test_a_forked_process_reads_the_texts_of_its_parent_and_keeps_its_own_in_memory():
    before = PackedText(LONG)
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the render processes are forked so (publish.py)
        try:
            own = PackedText(LONG + " Ny.")
            good = before.text == LONG and own.text == LONG + " Ny." and type(own._data) is bytes
            os.write(writer, b"1" if good else b"0")
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    assert os.read(reader, 1) == b"1"
    after = PackedText(LONG + " Efter.")  # the parent's file was not written by the child
    assert type(after._data) is int and after.text == LONG + " Efter." and before.text == LONG
    assert _STORE._owner == os.getpid()


def test_a_section_is_validated_exported_and_described_as_its_text():
    section = r.TextSection(name="Indstilling", role="recommendation", markdown=LONG + "Skriv til post@kl.dk i dag.")
    assert section.text.endswith("post@kl.dk i dag.")  # pages hide addresses when they convert the Markdown
    exported = section.model_dump(mode="json")["markdown"]
    assert exported.startswith(LONG) and "post (snabel-a) kl.dk" in exported  # the export hides them
    assert r.TextSection.model_validate(section.model_dump()) == section
    schema = r.TextSection.model_json_schema()["properties"]["markdown"]
    assert schema == {"type": "string", "description": "The text, Markdown.", "title": "Markdown"}
