"""The import's middle stages on tiny data: names → slugs (with proposals for
the unknown), an imported meeting → record files in the archive's sections."""
from __future__ import annotations

import datetime as dt

import yaml
from conftest import ROOT, check

from archive.diagnostics import Diagnostics
from archive.importer.model import ImportedItem, ImportedMeeting, ImportedStep
from archive.importer.resolve import Resolver
from archive.importer.write import MeetingWriter
from archive.load import load
from archive.validate import validate


def records(content):
    return validate(load(content, Diagnostics(root=content.parent)), Diagnostics(root=content.parent))


def test_names_resolve_by_spelling_genitive_and_near_match_and_the_rest_are_proposed():
    resolver = Resolver(records(ROOT / "examples" / "aarhus"))
    assert resolver.person("Polly Dutschke", "x") == "polly-bak-dutschke"        # a variant
    assert resolver.person("Jakob Søgaard Clausens", "x") == "jakob-soegaard-clausen"  # genitive
    assert resolver.person("Jakob Søgard Clausen", "x") == "jakob-soegaard-clausen"    # a letter missing
    assert resolver.party("Socialistisk Folkepartis", "x") == "socialistisk-folkeparti"
    assert resolver.party("Venstres byrådsgruppe", "x") == "venstre"
    assert resolver.committee("Magistraten", "x") == "magistraten"
    assert resolver.person("Lars Møller", "meetings/x/item.md") is None
    assert resolver.proposals.people == {"lars-moeller": {"name": "Lars Møller", "seen": ["meetings/x/item.md"]}}


def test_an_imported_meeting_becomes_records_in_the_archives_sections(tiny):
    meeting = ImportedMeeting(source="referat.txt", date=dt.date(2021, 5, 7), kind="minutes", start="10:00",
                              place="Teams-møde", apologies=["Lasse Jakobsen", "Ukendt Person"])
    meeting.items = [
        ImportedItem("1", "Godkendelse af dagsorden", 10, presenters=["Jesper Kaas Schmidt"],
                     sections=[("recommendation", "Det indstilles, at dagsordenen godkendes."),
                               ("decision", "Godkendt.")]),
        ImportedItem("2", "Human First", 14, sections=[("plain:Baggrund", "Et partnerskab."),
                                                       ("plain:Tidsplan", "Efteråret.")],
                     steps=[ImportedStep("KD-Net", dt.date(2021, 4, 9), "5", "Drøftet.")],
                     attachments=["Notat om Human First"], attachment_pages=[("Notat om Human First", "Tekst.")]),
    ]
    meeting.unplaced = [(30, "En linje uden plads")]
    resolver = Resolver(records(tiny))
    written = MeetingWriter(resolver, records(tiny).config, "kd-net").write(meeting)
    assert written.folder == "meetings/kd-net/2021-05-07"
    assert sorted(written.files) == ["01-godkendelse-af-dagsorden.md", "02-human-first.md",
                                     "bilag/notat-om-human-first.md", "meeting.md"]
    head = yaml.safe_load(written.files["meeting.md"].split("---")[1])
    assert head["apologies"] == ["lasse-jakobsen"] and "start" in head and "end" not in head
    assert "# not in people.yaml (see the proposals): Ukendt Person" in written.files["meeting.md"]
    first = written.files["01-godkendelse-af-dagsorden.md"]
    assert "## Indstilling\n\nDet indstilles, at dagsordenen godkendes.\n" in first and "## Referat\n\nGodkendt." in first
    second = written.files["02-human-first.md"]
    assert "## Baggrund\n\nEt partnerskab." in second
    assert "## Sagsfremstilling\n\n### Tidsplan\n\nEfteråret." in second  # not a section of the archive
    assert "file: bilag/notat-om-human-first.md" in second and "committee: kd-net" in second
    assert any("line 30: not placed: En linje uden plads" in n for n in written.notes)
    assert any("'Tidsplan' is not one of the archive's sections" in n for n in written.notes)
    folder = tiny / written.folder
    for name, text in written.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    assert check(tiny).errors == []
