"""URLs that never break.

The archive keeps the list of every URL it has published in
``content/published-urls.txt`` (written by each successful build, committed
with the content). A build that would drop one of them fails with its name,
unless a record declares where it went (``formerly:`` on an item, a meeting,
or a registry record); each declared move becomes a redirect page.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import urls
from .diagnostics import Diagnostics
from .load import read_text
from .model import Archive
from .views import MovedView, Page, Site

REGISTRY = "published-urls.txt"
_HEADER = ("# Every URL this archive has published, with the name of what it showed.\n"
           "# Written by `build.py build`; commit it with the content. A URL listed here\n"
           "# must keep working: when a record moves, declare it with `formerly:`.\n")


@dataclass(frozen=True)
class Published:
    url: str   # site-relative, as in urls.py
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


def declared_moves(archive: Archive) -> dict[str, str]:
    """Old URL → new URL for every move the records declare."""
    moves: dict[str, str] = {}
    for meeting in archive.meetings:
        committee = archive.committees[meeting.committee]
        for old_committee in (meeting.committee, *committee.formerly):
            for old_date in (meeting.date, *meeting.formerly):
                if (old_committee, old_date) == (meeting.committee, meeting.date):
                    continue
                moved = meeting.model_copy(update={"committee": old_committee, "date": old_date})
                moves[urls.meeting(moved)] = urls.meeting(meeting)
                for item in meeting.items:
                    old = item.model_copy(update={"committee": old_committee, "date": old_date})
                    moves[urls.item(old)] = urls.item(item)
                    for a in item.attachments:
                        if urls.attachment(item, a):
                            moves[urls.attachment(old, a)] = urls.attachment(item, a)
        for item in meeting.items:
            for number in item.formerly:
                moves[urls.item(item.model_copy(update={"number": number}))] = urls.item(item)
    for records, url in ((archive.committees, urls.committee), (archive.people, urls.person),
                         (archive.organisations, urls.organisation), (archive.topics, urls.topic)):
        for record in records.values():
            for old in record.formerly:
                moves[url(old)] = url(record.slug)
    return moves


def add_redirects(site: Site, archive: Archive, content: Path, diagnostics: Diagnostics) -> None:
    """A redirect page for every declared move."""
    current = {p.url for p in site.pages} | {f.url for f in site.files}
    names = {p.url: p.name or p.title for p in site.pages}
    registry = content / REGISTRY
    for old, new in sorted(declared_moves(archive).items()):
        if old in current:
            diagnostics.error(registry, None, "formerly",
                              f"/{old} is declared as moved to /{new}, but another page still has that address")
            continue
        site.pages.append(Page(old, "moved.html", f"Flyttet: {names.get(new, new)}",
                               f"Siden er flyttet til /{new}",
                               partial(MovedView, new, names.get(new, new)), name=names.get(new, new)))
        current.add(old)


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
        entries.setdefault(static.url, static.name)
    lines = [f"/{url}\t{name}" for url, name in sorted(entries.items())]
    text = _HEADER + "\n".join(lines) + "\n"
    path = content / REGISTRY
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
