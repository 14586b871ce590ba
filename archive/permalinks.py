"""URLs that never break.

The archive keeps the list of every URL it has published in
``content/published-urls.txt`` (written by each successful build, committed
with the content). A build that would drop one of them fails with its name,
unless a record declares where it went (``formerly:`` on an item, a meeting,
or a registry record); the route table turns each declared move into a
redirect (``routes.py``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics
from .load import read_text
from .views import Site

REGISTRY = "published-urls.txt"
# What mkdocs and Pagefind make, not the records: never "would stop working".
NOT_RECORDS = ("assets/", "pagefind/", "404.html", "search/")
_HEADER = ("# Every URL this archive has published, with the name of what it showed.\n"
           "# Written by `build.py build`; commit it with the content. A URL listed here\n"
           "# must keep working: when a record moves, declare it with `formerly:`.\n")


@dataclass(frozen=True)
class Published:
    url: str   # site-relative, as routes.url makes them
    name: str
    line: int


def read_registry(content: Path, diagnostics: Diagnostics) -> list[Published]:
    path = content / REGISTRY
    if not path.exists():
        return []
    text = read_text(path, diagnostics) or ""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        url, _, name = line.partition("\t")
        if not url.startswith("/"):
            diagnostics.error(path, number, "url", f"'{url}' is not a site path: it must start with /")
            continue
        entries.append(Published(url[1:], name.strip(), number))
    return entries


def check_published(site: Site, content: Path, published: list[Published], diagnostics: Diagnostics) -> None:
    """Report every published URL (``read_registry``) that this site would no longer serve."""
    current = {p.url for p in site.pages} | {f.url for f in site.files}
    names = {p.url: p.name or p.title for p in site.pages}
    registry = content / REGISTRY
    published_urls = {entry.url for entry in published}
    new_by_name: dict[str, list[str]] = {}
    for url, name in names.items():
        if url not in published_urls:
            new_by_name.setdefault(name, []).append(url)
    for entry in published:
        if entry.url in current or entry.url.startswith(NOT_RECORDS):
            continue
        hint = ""
        if candidates := new_by_name.get(entry.name):
            hint = f"; '{entry.name}' is now at /{candidates[0]}: add `formerly:` to that record"
        diagnostics.error(registry, entry.line, "url",
                          f"published URL /{entry.url} ('{entry.name}') would stop working: declare where it "
                          f"went with `formerly:` in the record that moved{hint}")


def addresses(site: Site) -> dict[str, str]:
    """Every URL of ``site`` (moved ones included) with the name the
    registry gives it: taken before the build lets go of the site."""
    named: dict[str, str] = {}
    for page in site.pages:
        named.setdefault(page.url, page.name or page.title)
    for static in site.files:
        if getattr(static, "published", True):  # host configuration files are no address of the archive
            named.setdefault(static.url, static.name)
    return named


def prepare_registry(content: Path, named: dict[str, str]) -> tuple[Path, Path] | None:
    """The URLs of this build (``addresses``) added to the registry,
    written to a temporary file beside it and synced: (temporary, registry)
    for ``swap.commit_prepared`` after the swap, or None when nothing changes.
    Never through a link; an error (read-only, full disk) comes before the
    site is swapped, as one line."""
    path = content / REGISTRY
    if path.is_symlink():
        raise OSError(0, "a symbolic link: the registry is written only as a file of the content folder", str(path))
    entries = {e.url: e.name for e in read_registry(content, Diagnostics())}
    for url, name in named.items():
        entries.setdefault(url, name)
    # A name is one line of the registry: no line break or tab can come from a record.
    lines = [f"/{url}\t{' '.join(name.split())}" for url, name in sorted(entries.items())]
    text = _HEADER + "\n".join(lines) + "\n"
    for stale in path.parent.glob(f".{REGISTRY}.*.tmp"):  # of a build that was killed (builds hold a lock)
        stale.unlink(missing_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return None
    temporary = path.with_name(f".{REGISTRY}.{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return temporary, path
