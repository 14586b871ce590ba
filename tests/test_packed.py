"""Section texts held compressed (packed.py): what goes in comes out, and
the records export, compare and pickle them as the texts they hold."""
from __future__ import annotations

import pickle
import sys

from archive import records as r
from archive.packed import PackedText

LONG = "## Indstilling\n\nRådet vedtager økonomien for Århus. " * 100


def test_a_packed_text_gives_back_what_it_was_made_of_and_is_smaller():
    for text in ("", "Kort.", LONG):
        assert PackedText(text).text == text
    assert sys.getsizeof(PackedText(LONG)._data) < len(LONG) / 4
    assert PackedText(LONG) == PackedText(LONG) and PackedText(LONG) != PackedText(LONG + ".")
    assert bool(PackedText("")) is False and bool(PackedText("x")) is True
    assert repr(PackedText(LONG)) == f"PackedText({PackedText(LONG).digest.hex()})"  # what fingerprints see
    assert pickle.loads(pickle.dumps(PackedText(LONG))).text == LONG


def test_a_section_is_validated_exported_and_described_as_its_text():
    section = r.TextSection(name="Indstilling", role="recommendation", markdown=LONG + "Skriv til post@kl.dk i dag.")
    assert section.text.endswith("post@kl.dk i dag.")  # pages hide addresses when they convert the Markdown
    exported = section.model_dump(mode="json")["markdown"]
    assert exported.startswith(LONG) and "post (snabel-a) kl.dk" in exported  # the export hides them
    assert r.TextSection.model_validate(section.model_dump()) == section
    schema = r.TextSection.model_json_schema()["properties"]["markdown"]
    assert schema == {"type": "string", "description": "The text, Markdown.", "title": "Markdown"}
