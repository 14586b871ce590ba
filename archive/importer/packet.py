"""An attachment packet (the documents a scan carries after the minutes)
→ Markdown attachment pages of the meeting they belong to, each linked from
the item that lists it.

The packet's documents rarely carry the title the agenda lists them by
("Samarbejdspapir" is listed as "Fælles ambitioner på ungeområdet"), so a
document is matched to a listed attachment by its title or, failing that, by
how many of the listed title's words its text uses. Records are only added
to: a page is written where no file of that name exists, and an attachment
gets ``file:`` only where it has none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from ..diagnostics import Diagnostics
from ..load import LocatedList, LocatedMap, read_document
from ..slugs import slugify

# The score a listed title must reach to take a document: by title, by text.
MATCH = {"title": 70, "text": 60}
_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True)
class Listed:
    path: Path           # the item's file
    index: int           # the attachment's place in its list
    title: str
    line: int            # the line of its "- title:"
    has_file: bool


def _listed(folder: Path) -> list[Listed]:
    found = []
    for path in sorted(folder.glob("*.md")):
        if path.name == "meeting.md":
            continue
        doc = read_document(path, Diagnostics())
        entries = doc.meta.get("attachments") if doc else None
        if not isinstance(entries, LocatedList):
            continue
        for index, entry in enumerate(entries):
            if isinstance(entry, LocatedMap) and isinstance(entry.get("title"), str):
                found.append(Listed(path, index, entry["title"], entries.item_lines[index], "file" in entry))
    return found


def _by_title(title: str, _text: str, listed: str) -> int:
    return int(fuzz.token_set_ratio(title.casefold(), listed.casefold()))


def _by_text(_title: str, text: str, listed: str) -> int:
    """The share of the listed title's words (their first seven letters, for
    Danish endings) the document's text uses; only for titles of three words
    or more, so a short title is not taken by every text that mentions it."""
    words = {w.casefold()[:7] for w in _WORD.findall(listed)}
    folded = text.casefold()
    return int(100 * sum(1 for w in words if w in folded) / len(words)) if len(words) >= 3 else 0


def attach(folder: Path, documents: list[tuple[str, str]]) -> list[str]:
    """Write each (title, Markdown) document as a page in ``folder``/bilag/
    and link it from the listed attachment it matches best; what was done,
    line by line."""
    listed = [entry for entry in _listed(folder) if not entry.has_file]
    chosen: dict[int, Listed] = {}
    taken: set[tuple[Path, int]] = set()
    for score_of, least in ((_by_title, MATCH["title"]), (_by_text, MATCH["text"])):  # titles first
        pairs = sorted(((score_of(title, text, entry.title), n, entry) for n, (title, text) in enumerate(documents)
                        for entry in listed), key=lambda p: (-p[0], p[1]))
        for score, n, entry in pairs:
            if score >= least and n not in chosen and (entry.path, entry.index) not in taken:
                chosen[n] = entry
                taken.add((entry.path, entry.index))
    report, links = [], {}
    for n, (title, text) in enumerate(documents):
        page = folder / "bilag" / f"{slugify(title)[:60].rstrip('-')}.md"
        if page.exists():
            report.append(f"{page.relative_to(folder)}: exists already, left as it is")
            continue
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text.strip() + "\n", encoding="utf-8")
        entry = chosen.get(n)
        if entry is None:
            report.append(f"{page.relative_to(folder)}: written; no listed attachment matches '{title}' — link it by hand")
            continue
        links.setdefault(entry.path, []).append((entry.line, page.relative_to(folder).as_posix()))
        report.append(f"{page.relative_to(folder)}: written, linked from {entry.path.name} ('{entry.title}')")
    for path, added in links.items():
        _add_files(path, added)
    return report


def _add_files(path: Path, added: list[tuple[int, str]]) -> None:
    """Insert ``file: …`` after each attachment's ``- title:`` line, at its indentation."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for line, file in sorted(added, reverse=True):
        title_line = lines[line - 1]
        indent = len(title_line) - len(title_line.lstrip(" -"))
        lines.insert(line, " " * indent + f"file: {file}")
    path.write_text("\n".join(lines), encoding="utf-8")
