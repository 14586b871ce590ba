"""Live preview (`build.py serve`): an error in a record shows in the browser
with file, line and message, and the preview recovers when it is fixed."""
from __future__ import annotations

import contextlib
import html
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import MEETING, ROOT, edit

ITEM = f"{MEETING}/05-human-first.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:  # the 404 page carries the errors too
        return error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _get(url)
        if text in page:
            return page
        time.sleep(0.3)
    pytest.fail(f"{url} did not show {text!r} within {seconds} s")


def _wait_for_log(log, condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition(log.read_text()):
        if time.monotonic() > deadline:
            pytest.fail(f"the preview's log did not show what was awaited within {seconds} s")
        time.sleep(0.2)


def _built_since_last_change(text: str) -> bool:
    return "pages rendered" in text.rsplit("Detected file changes", 1)[-1]


@contextlib.contextmanager
def _serving(content, tmp_path):
    """`build.py serve` of ``content`` on a free port: its address and log file."""
    port = _free_port()
    log = tmp_path / "serve.log"
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(content), "serve",
                               "--addr", f"127.0.0.1:{port}", "--preview", str(tmp_path / "preview")], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=log.open("w"))
    try:
        yield f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_shows_errors_in_the_browser_and_recovers(tiny, tmp_path):
    with _serving(tiny, tmp_path) as (base, log):
        _wait_for(f"{base}/kd-net/2021-04-09/5/", "Beslutning om deltagelse i Human First")
        edit(tiny, ITEM, "[flemming-storgaard]", "[flemming-storgard]")
        page = html.unescape(_wait_for(f"{base}/kd-net/2021-04-09/5/", "Arkivet har fejl"))
        assert ("content/meetings/kd-net/2021-04-09/05-human-first.md:4: error: presenters[0]: unknown person "
                "'flemming-storgard' — did you mean 'flemming-storgaard'?") in page
        assert "Arkivet har fejl" in _get(f"{base}/")
        assert "the errors of the saved meetings shown" in log.read_text()  # before the build (fast_render.py)
        edit(tiny, ITEM, "[flemming-storgard]", "[flemming-storgaard]")
        _wait_for(f"{base}/kd-net/2021-04-09/5/", "Beslutning om deltagelse i Human First")
        # The fix shows before its build ends (fast_render.py): counted before
        # that build had logged, the builds were one short (a CI failure).
        _wait_for_log(log, _built_since_last_change)
        # An edit after the fix shows at once (the saved meeting's pages,
        # fast_render.py), then is rebuilt from the preview as it was before
        # the error: only the pages that show the edited item are rendered again.
        builds = log.read_text().count("pages rendered")
        edit(tiny, ITEM, "Human First er et partnerskab.", "Human First er et nyt partnerskab.")
        _wait_for(f"{base}/kd-net/2021-04-09/5/", "Human First er et nyt partnerskab.")
        assert "pages of the saved meetings shown" in log.read_text()
        _wait_for_log(log, lambda text: text.count("pages rendered") > builds)
        rendered, kept = map(int, re.findall(r"(\d+) pages rendered, (\d+) kept", log.read_text())[-1])
        assert 0 < rendered < 10 < kept
        # The builds read every record; reading is not saving: no build follows unbidden.
        builds = log.read_text().count("pages rendered")
        time.sleep(3)
        assert log.read_text().count("pages rendered") == builds


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="closes are heard on Linux (inotify) only")
def test_a_save_is_built_once_when_its_file_is_closed(tiny, tmp_path):
    """A writer that closes the file a while after writing it (a busy
    machine, an editor that flushes first) sets off one build, after the
    close, which reads what was written."""
    with _serving(tiny, tmp_path) as (base, log):
        _wait_for(f"{base}/kd-net/2021-04-09/5/", "Beslutning om deltagelse i Human First")
        builds = log.read_text().count("pages rendered")
        path = tiny / ITEM
        text = path.read_text(encoding="utf-8").replace("Human First er et partnerskab.",
                                                        "Human First er et nyt partnerskab.", 1)
        with path.open("w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            time.sleep(1.5)  # the server waits a quarter of a second for saves to stop
            assert log.read_text().count("Detected file changes") == 0
        _wait_for(f"{base}/kd-net/2021-04-09/5/", "Human First er et nyt partnerskab.")
        _wait_for_log(log, lambda text: text.count("pages rendered") > builds)
        time.sleep(3)
        assert log.read_text().count("pages rendered") == builds + 1


def test_the_preview_hears_which_meeting_folders_saves_changed(tmp_path):
    """A save in a meeting folder (its records, an attachment in a subfolder)
    names that folder; a save anywhere else (a registry) means every folder
    is read again and no page is shown before the build; nothing is known
    before the watch starts, but what was heard is shown."""
    from watchdog.events import FileClosedEvent, FileMovedEvent

    from archive.preview import _Saves

    saves = _Saves(tmp_path)
    meeting = tmp_path / "meetings/kd-net/2021-04-09"
    assert saves.take() == (None, set())  # nothing watched yet
    saves.on_any_event(FileClosedEvent(str(meeting / "05-human-first.md")))
    saves.forget()  # the watch starts: what it hears before the first take may not be all
    assert saves.take() == (None, {meeting})
    saves.on_any_event(FileClosedEvent(str(meeting / "05-human-first.md")))
    saves.on_any_event(FileMovedEvent(str(meeting / "bilag/a.pdf"), str(tmp_path / "meetings/kd-net/2021-08-20/a.pdf")))
    both = {meeting, tmp_path / "meetings/kd-net/2021-08-20"}
    assert saves.take() == (both, both)
    assert saves.take() == (set(), set())
    saves.on_any_event(FileClosedEvent(str(tmp_path / "people.yaml")))
    saves.on_any_event(FileClosedEvent(str(meeting / "meeting.md")))
    assert saves.take() == (None, set())


@pytest.mark.browser
def test_the_browser_reloads_to_a_saved_edit_by_itself(tiny, tmp_path, page):
    """Only a browser shows the live reload: the open item page reloads to
    the saved text (first from the fast render, fast_render.py), with no
    action of the reader."""
    with _serving(tiny, tmp_path) as (base, log):
        url = f"{base}/kd-net/2021-04-09/5/"
        _wait_for(url, "Beslutning om deltagelse i Human First")
        page.goto(url)
        edit(tiny, ITEM, "Human First er et partnerskab.", "Human First er et nyt partnerskab.")
        page.wait_for_function("document.body.innerText.includes('Human First er et nyt partnerskab.')",
                               timeout=30_000)
        assert "pages of the saved meetings shown" in log.read_text()
