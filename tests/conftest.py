"""Shared helpers: a tiny archive copied per test, and ways to run the stages."""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archive.diagnostics import Diagnostics
from archive.load import load
from archive.validate import validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A writable copy of tests/fixtures/tiny (the content/ of a small archive)."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "tiny", target)
    return target


MEETING = "meetings/kd-net/2021-04-09"


def edit(content: Path, relative: str, old: str, new: str) -> None:
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(content: Path) -> Diagnostics:
    diagnostics = Diagnostics(root=content.parent)
    validate(load(content, diagnostics), diagnostics)
    return diagnostics


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})})


def search_shards(site: Path) -> dict[str, dict]:
    """The entry file of each shard of the search index, by folder name."""
    return {entry.parent.name: json.loads(entry.read_text(encoding="utf-8"))
            for entry in sorted((site / "pagefind").glob("*/pagefind-entry.json"))}


# The real archive's search index in shards as a large archive's are: of
# whole years (2019, 2021) and of a year cut by month (2020-05, 2020-08), so
# that every search test searches across shards of both kinds.
SHARDED = {"MOEDEARKIV_SEARCH_SHARD_PAGES": "30"}
SHARD_KEYS = ["2021", "2020-08", "2020-05", "2019"]  # newest first


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real archive in content/, built once per test session with mkdocs
    and Pagefind (its index in shards: SHARDED)."""
    target = tmp_path_factory.mktemp("built") / "site"
    result = run_cli("build", "--site", str(target), env=SHARDED)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return target


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory) -> Path:
    """The tiny fixture archive built once (it has a Markdown attachment page)."""
    root = tmp_path_factory.mktemp("tiny")
    shutil.copytree(FIXTURES / "tiny", root / "content")
    result = run_cli("--content", str(root / "content"), "build", "--site", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def archive():
    """The real archive in content/, loaded and validated."""
    from archive import pipeline

    archive, diagnostics = pipeline.check(ROOT / "content")
    assert archive is not None, diagnostics.report()
    return archive


@contextlib.contextmanager
def serve_folder(folder: Path, hold: Callable[[str], None] = lambda path: None, compress: bool = False):
    """A static HTTP server for ``folder`` on loopback; yields its base URL.
    ``hold`` is called with each path before it is answered (a test may
    make it wait). ``compress``: text gzipped for a client that accepts it,
    as static hosts serve it."""
    handler = functools.partial(_CompressingHandler if compress else _QuietHandler, directory=str(folder), hold=hold)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served(site):
    """The built site on a loopback HTTP server; yields its base URL."""
    with serve_folder(site) as base:
        yield base


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, hold: Callable[[str], None], **kwargs):
        self.hold = hold
        super().__init__(*args, **kwargs)

    def do_GET(self):
        self.hold(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


class _CompressingHandler(_QuietHandler):
    """Text (HTML, CSS, JavaScript, JSON, SVG) gzipped when the client
    accepts it, as static hosts serve it; Pagefind's own files are
    compressed already and go as they are."""

    TEXT = ("text/", "application/javascript", "application/json", "image/svg+xml")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not (path.is_file() and kind.startswith(self.TEXT) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()  # and redirects, 404s
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by playwright. A missing browser fails the
    tests (no skip): `make test` installs it."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: run `make test`, which installs it"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
