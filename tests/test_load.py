"""Stage 1: reading YAML and frontmatter with positions."""
from pathlib import Path

from conftest import MEETING

from archive.diagnostics import Diagnostics
from archive.load import parse_yaml, read_document


def parse(text: str):
    d = Diagnostics()
    return parse_yaml(text, Path("x.yaml"), d), d


def test_keys_remember_their_lines():
    data, d = parse("a: 1\nb:\n  - x\n  - y\nc: {d: 2}\n")
    assert not d.items
    assert data.key_lines == {"a": 1, "b": 2, "c": 5}
    assert data["b"].item_lines == [3, 4]


def test_hand_written_values_are_not_reinterpreted():
    data, _ = parse('number: 3.10\nstart: 10:00\nzero: 05\ndate: 2021-02-30\nn: 7\n')
    assert data == {"number": "3.10", "start": "10:00", "zero": "05", "date": "2021-02-30", "n": 7}


def test_yaml_error_names_the_line():
    data, d = parse("a: 1\nb: [unclosed\nc: 3\n")
    assert data is None
    assert d.errors[0].line is not None and d.errors[0].message.startswith("YAML:")


def test_duplicate_key_is_an_error():
    data, d = parse("title: a\ntitle: b\n")
    assert data is None
    assert "duplicate key 'title'" in d.errors[0].message and d.errors[0].line == 2


def test_frontmatter_lines_are_file_lines(tiny):
    d = Diagnostics()
    doc = read_document(tiny / MEETING / "05-human-first.md", d)
    assert doc.meta.key_lines["number"] == 2
    assert doc.meta.key_lines["topics"] == 5
    assert doc.body_line == 11
    assert doc.body.splitlines()[0] == "" and "## Indstilling" in doc.body


def test_missing_frontmatter(tmp_path):
    path = tmp_path / "item.md"
    path.write_text("## Indstilling\n\nTekst\n", encoding="utf-8")
    d = Diagnostics()
    assert read_document(path, d) is None
    assert d.errors[0].line == 1 and "missing frontmatter" in d.errors[0].message


def test_not_utf8(tmp_path):
    path = tmp_path / "item.md"
    path.write_bytes("---\ntitle: Møde\n---\n".encode("latin-1"))
    d = Diagnostics()
    assert read_document(path, d) is None
    assert "not UTF-8" in d.errors[0].message


def test_a_meeting_folder_is_read_when_validation_takes_it_and_let_go_of_after(monkeypatch):
    # All folders read first held every text of the archive at once: most of a compile's peak.
    from conftest import ROOT

    from archive import load as load_stage
    from archive import validate as validate_stage

    reads, read_when_validated, real_read, real_meeting = [], [], load_stage._read_folder, validate_stage._Checker._meeting
    monkeypatch.setattr(load_stage, "_read_folder", lambda folder, d: reads.append(folder) or real_read(folder, d))

    def meeting(checker, folder):
        read_when_validated.append(len(reads))
        return real_meeting(checker, folder)

    monkeypatch.setattr(validate_stage._Checker, "_meeting", meeting)
    diagnostics = Diagnostics(root=ROOT)
    records = validate_stage.validate(load_stage.load(ROOT / "content", diagnostics), diagnostics)
    assert len(records.meetings) > 3 and read_when_validated == list(range(1, len(records.meetings) + 1))
