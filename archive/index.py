"""Stage 5, index: Danish full-text search with Pagefind over the built site."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class PagefindError(RuntimeError):
    pass


def run(site_dir: Path, language: str) -> None:
    """Index ``site_dir`` in place with the Pagefind CLI (the fast path; the
    Python API's per-file indexing is ~55× slower), reading only the pages
    of the routes that search indexes."""
    from .routes import search_glob

    result = subprocess.run(
        [sys.executable, "-m", "pagefind_bin", "--site", str(site_dir), "--force-language", language,
         "--glob", search_glob()],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise PagefindError(f"pagefind failed:\n{result.stdout}\n{result.stderr}")
