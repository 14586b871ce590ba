"""`build.py import`: documents → records that pass `build.py check`; bad
input refused with one clear message and nothing written."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, check, run_cli
from test_cli import tree_digest

SEEDS = FIXTURES / "documents" / "seeds"
SAMPLES = FIXTURES / "documents" / "aarhus"
BAD = FIXTURES / "import" / "bad"


@pytest.mark.parametrize("name, expected", [
    ("scannet.pdf", "scannet.pdf: a PDF without text (scanned pages?)"),
    ("krypteret.pdf", "krypteret.pdf: the PDF is encrypted"),
    ("forkert.docx", "forkert.docx: not a Word .docx file"),
    ("noter.odt", "noter.odt: not a document we read; expected a Word document (.docx)"),
])
def test_a_document_that_cannot_be_read_is_refused_and_nothing_written(tiny, name, expected):
    before = tree_digest(tiny)
    result = run_cli("--content", str(tiny), "import", str(BAD / name), "--committee", "kd-net")
    assert result.returncode == 1
    assert f"error: {expected}" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("error:") == 1
    assert tree_digest(tiny) == before


def test_an_unknown_committee_is_refused_with_a_suggestion(tiny):
    result = run_cli("--content", str(tiny), "import", str(SEEDS / "000_649d02525be223f9.txt"), "--committee", "kd-nett")
    assert result.returncode == 1
    assert "error: unknown committee 'kd-nett' — did you mean 'kd-net'?" in result.stderr


@pytest.fixture
def kd_net(tmp_path) -> Path:
    """The bundled archive without its meeting of 9 April 2021 (seed 000)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.rmtree(content / "meetings/kd-net/2021-04-09")
    return content


def test_import_writes_records_that_pass_check_and_refuses_to_overwrite(kd_net):
    seed = str(SEEDS / "000_649d02525be223f9.txt")
    dry = run_cli("--content", str(kd_net), "import", seed, "--committee", "kd-net", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would write meetings/kd-net/2021-04-09/" in dry.stdout
    assert not (kd_net / "meetings/kd-net/2021-04-09").exists()
    result = run_cli("--content", str(kd_net), "import", seed, "--committee", "kd-net")
    assert result.returncode == 0, result.stderr
    assert "wrote meetings/kd-net/2021-04-09/: meeting.md and 13 item(s)" in result.stdout
    d = check(kd_net)
    assert d.errors == [], d.report()
    item = next((kd_net / "meetings/kd-net/2021-04-09").glob("05-*.md")).read_text(encoding="utf-8")
    assert "title: Beslutning om deltagelse i Human First" in item and "flemming-storgaard" in item
    again = run_cli("--content", str(kd_net), "import", seed, "--committee", "kd-net")
    assert again.returncode == 1
    assert "error: meetings/kd-net/2021-04-09/ exists already: nothing written (--force replaces its records)" \
        in again.stderr
    forced = run_cli("--content", str(kd_net), "import", seed, "--committee", "kd-net", "--force")
    assert forced.returncode == 0, forced.stderr


def test_a_word_document_imports_to_records_that_pass_check(kd_net):
    result = run_cli("--content", str(kd_net), "import", str(FIXTURES / "import" / "000.docx"), "--committee", "kd-net")
    assert result.returncode == 0, result.stderr
    assert "wrote meetings/kd-net/2021-04-09/: meeting.md and 13 item(s)" in result.stdout
    assert check(kd_net).errors == []


@pytest.mark.parametrize("document, committee, folder", [
    ("teknisk-udvalg-2025-10-01-referat.html", "teknisk-udvalg", "meetings/teknisk-udvalg/2025-10-01"),
    ("byraad-2025-08-27-referat.pdf", "aarhus-byraad", "meetings/aarhus-byraad/2025-08-27"),
])
def test_firstagenda_documents_import_to_the_hand_made_records(tmp_path, document, committee, folder):
    """The importer's records of the Aarhus minutes pass check and agree with
    the hand transcription on numbers, titles, case numbers, closed items and
    the bodies of the case's path."""
    from archive import pipeline

    content = tmp_path / "content"
    shutil.copytree(ROOT / "examples" / "aarhus", content)
    shutil.rmtree(content / folder)
    result = run_cli("--content", str(content), "import", str(SAMPLES / document), "--committee", committee)
    assert result.returncode == 0, result.stderr
    imported, d = pipeline.check(content)
    assert imported is not None, d.report()
    hand, _ = pipeline.check(ROOT / "examples" / "aarhus")
    date = dt.date.fromisoformat(folder.rsplit("/", 1)[1])
    ours, theirs = (a.meeting_index[(committee, date)].items for a in (imported, hand))
    fields = lambda i: (i.number, i.title, i.case, i.closed, [(s.committee, s.date, s.number) for s in i.steps])  # noqa: E731
    assert [fields(i) for i in ours] == [fields(i) for i in theirs]


def test_the_packet_after_the_ocr_minutes_becomes_the_attachment_pages_of_28_august_2020(tmp_path):
    """Seed 004 carries, after the minutes of 29 May 2020, the attachments of
    the next meeting: imported, they are the committed attachment pages of
    28 August 2020, each linked from its item — byte for byte."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    august = content / "meetings/kd-net/2020-08-28"
    shutil.rmtree(august / "bilag")
    for item in august.glob("*.md"):
        text = item.read_text(encoding="utf-8")
        item.write_text("\n".join(line for line in text.split("\n") if "file: bilag/" not in line), encoding="utf-8")
    result = run_cli("--content", str(content), "import", str(SEEDS / "004_6a4a50f277417b20.txt"),
                     "--committee", "kd-net", "--skip-existing")
    assert result.returncode == 0, result.stderr
    assert "meetings/kd-net/2020-05-29/ exists already: skipped" in result.stdout
    assert "the 7 documents after the minutes belong to the meeting of 2020-08-28 (by their dates):" in result.stdout
    assert tree_digest(august) == tree_digest(ROOT / "content/meetings/kd-net/2020-08-28")
    linked = {item.name[:2] for item in august.glob("*.md") if "file: bilag/" in item.read_text(encoding="utf-8")}
    assert linked == {"03", "04", "05", "07", "08", "09"}


def test_the_ocr_minutes_import_to_records_that_pass_check(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.rmtree(content / "meetings/kd-net/2020-05-29")
    result = run_cli("--content", str(content), "import", str(SEEDS / "004_6a4a50f277417b20.txt"), "--committee", "kd-net")
    assert result.returncode == 0, result.stderr
    assert "wrote meetings/kd-net/2020-05-29/: meeting.md and 15 item(s)" in result.stdout
    assert check(content).errors == []
    decision = next((content / "meetings/kd-net/2020-05-29").glob("07-*.md")).read_text(encoding="utf-8")
    assert "GovTech Midtjylland" in decision and "## Referat" in decision
