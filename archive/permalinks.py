"""URLs that never break.

The archive keeps the list of every URL it has published in
``content/published-urls.txt`` (written by each successful build, committed
with the content). A build that would drop one of them fails with its name,
unless a record declares where it went (``formerly:`` on an item, a meeting,
or a registry record); the route table turns each declared move into a
redirect (``routes.py``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics
from .load import read_text
from .views import Site

REGISTRY = "published-urls.txt"
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


def check_published(site: Site, content: Path, diagnostics: Diagnostics) -> None:
    """Report every published URL that this site would no longer serve."""
    current = {p.url for p in site.pages} | {f.url for f in site.files}
    names = {p.url: p.name or p.title for p in site.pages}
    registry = content / REGISTRY
    published = read_registry(content, diagnostics)
    published_urls = {entry.url for entry in published}
    new_by_name: dict[str, list[str]] = {}
    for url, name in names.items():
        if url not in published_urls:
            new_by_name.setdefault(name, []).append(url)
    for entry in published:
        if entry.url in current:
            continue
        hint = ""
        if candidates := new_by_name.get(entry.name):
            hint = f"; '{entry.name}' is now at /{candidates[0]}: add `formerly:` to that record"
        diagnostics.error(registry, entry.line, "url",
                          f"published URL /{entry.url} ('{entry.name}') would stop working: declare where it "
                          f"went with `formerly:` in the record that moved{hint}")


def write_registry(content: Path, site: Site) -> None:
    """Record every URL of this build (moved ones included) in the registry."""
    entries = {e.url: e.name for e in read_registry(content, Diagnostics())}
    for page in site.pages:
        entries.setdefault(page.url, page.name or page.title)
    for static in site.files:
        if getattr(static, "published", True):  # host configuration files are no address of the archive
            entries.setdefault(static.url, static.name)
    lines = [f"/{url}\t{name}" for url, name in sorted(entries.items())]
    text = _HEADER + "\n".join(lines) + "\n"
    path = content / REGISTRY
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
