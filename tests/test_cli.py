"""The command line: exit codes, messages without tracebacks, the scaffold, and
a failed build that leaves the last good site untouched."""
import hashlib
import re
from pathlib import Path

from conftest import MEETING, edit, run_cli


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_check_ok(tiny):
    result = run_cli("--content", str(tiny), "check")
    assert result.returncode == 0, result.stderr
    assert "ok: 1 meetings, 2 items" in result.stdout


def test_check_reports_errors_with_exit_code_1_and_no_traceback(tiny):
    edit(tiny, f"{MEETING}/05-human-first.md", "[flemming-storgaard]", "[flemming-storgard]")
    edit(tiny, f"{MEETING}/meeting.md", "kind: agenda", "kind: dagsorden")
    result = run_cli("--content", str(tiny), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ("content/meetings/kd-net/2021-04-09/05-human-first.md:4: error: presenters[0]: "
            "unknown person 'flemming-storgard' — did you mean 'flemming-storgaard'?") in result.stderr
    assert "meeting.md:4: error: kind: 'dagsorden' is not one of: agenda, minutes, planned or cancelled" in result.stderr
    assert "2 error(s), 0 warning(s)" in result.stderr


def test_failed_build_leaves_the_previous_site_untouched(tiny, tmp_path):
    site = tmp_path / "site"
    first = run_cli("--content", str(tiny), "build", "--site", str(site))
    assert first.returncode == 0, first.stderr
    assert (site / "kd-net/2021-04-09/5/index.html").is_file()
    before = tree_digest(site)
    edit(tiny, f"{MEETING}/05-human-first.md", "title: Beslutning", "titel: Beslutning")
    second = run_cli("--content", str(tiny), "build", "--site", str(site))
    assert second.returncode == 1
    assert "unknown field 'titel' — did you mean 'title'?" in second.stderr
    assert "left as it was" in second.stderr
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.cache", ".site.lock", ".site.pages", "content", "site"]  # no staging left


def test_successful_build_replaces_the_site(tiny, tmp_path):
    site = tmp_path / "site"
    assert run_cli("--content", str(tiny), "build", "--site", str(site)).returncode == 0
    edit(tiny, f"{MEETING}/05-human-first.md", "Beslutning om deltagelse", "Beslutning om fortsat deltagelse")
    assert run_cli("--content", str(tiny), "build", "--site", str(site)).returncode == 0
    assert "Beslutning om fortsat deltagelse" in (site / "kd-net/2021-04-09/5/index.html").read_text()


def test_new_meeting_scaffold_has_the_standing_items_and_validates(tiny):
    result = run_cli("--content", str(tiny), "new", "kd-net", "2021-09-24")
    assert result.returncode == 0, result.stderr
    folder = tiny / "meetings/kd-net/2021-09-24"
    assert sorted(p.name for p in folder.iterdir()) == [
        "01-godkendelse-af-dagsorden.md", "02-godkendelse-af-referat.md", "03-eventuelt.md", "meeting.md"]
    assert 'title: Eventuelt' in (folder / "03-eventuelt.md").read_text()
    check = run_cli("--content", str(tiny), "check")
    assert check.returncode == 0, check.stderr
    assert "ok: 2 meetings, 5 items" in check.stdout


def test_the_scaffold_invents_nothing_and_warns_until_filled_in(tiny):
    assert run_cli("--content", str(tiny), "new", "kd-net", "2021-09-24").returncode == 0
    folder = tiny / "meetings/kd-net/2021-09-24"
    written = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert not re.search(r"\b(start|end): \S", written)  # no times and "Det indstilles" not in written
    check = run_cli("--content", str(tiny), "check")
    warnings = [line for line in check.stderr.splitlines() if "draft: written by `build.py new`" in line]
    assert len(warnings) == 4, check.stderr  # the meeting and its three items
    assert warnings[0].startswith("content/meetings/kd-net/2021-09-24/01-godkendelse-af-dagsorden.md:4: warning:")
    for path in folder.iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    assert "draft" not in run_cli("--content", str(tiny), "check").stderr


def test_new_meeting_refuses_unknown_committee_bad_date_and_existing_folder(tiny):
    unknown = run_cli("--content", str(tiny), "new", "kdnet", "2021-09-24")
    assert unknown.returncode == 1 and "unknown committee 'kdnet' — did you mean 'kd-net'?" in unknown.stderr
    bad = run_cli("--content", str(tiny), "new", "kd-net", "2021-09-31")
    assert bad.returncode == 1 and "'2021-09-31' is not a date" in bad.stderr
    exists = run_cli("--content", str(tiny), "new", "kd-net", "2021-04-09")
    assert exists.returncode == 1 and "exists already" in exists.stderr


def test_unresolved_mentions_are_listed_as_notes_not_errors(tiny):
    edit(tiny, f"{MEETING}/05-human-first.md", "Human First er et partnerskab.",
         "Human First blev drøftet på mødet den 22. januar 2021 med Lars Petersen.")
    result = run_cli("--content", str(tiny), "check")
    assert result.returncode == 0, result.stderr
    assert ("05-human-first.md: note: mention: 'mødet den 22. januar 2021': no KD-Net meeting "
            "on 2021-01-22 in the archive (not linked)") in result.stderr
    assert "0 error(s), 0 warning(s), 1 note(s)" in result.stderr
