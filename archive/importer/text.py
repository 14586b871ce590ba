"""Reader for plain text exported from Word agendas and minutes (KD-Net,
KKR Midtjylland), and for what other readers print in that shape (.docx,
repaired OCR text).

The document, top to bottom: a title; header lines ("Tid og sted:",
"Deltagere:", "Afbud:", "Dato:", "Sted:"); the parts of the meeting
("Temamøde … klokken 11.30 – 12.30"); an overview table ("Punkt Indhold
Bilag", or KKR's contents with dotted leaders and page numbers); then the
items, each under a numbered heading ("3. **Title** v. Name", "## 3.1. Title")
with an optional case-number line ("SAG-2019-03640 jhp") and sections by
their printed labels. A number counts as an item heading only where the
overview (or, without one, the numbering so far) expects it, so numbered
lists in the text stay text.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from ..danish import MONTHS
from ..records import ArchiveConfig
from .model import ImportedItem, ImportedMeeting, ImportError_
from .text_header import MONTH_NAMES, read_header
from .text_markdown import (
    BULLET,
    MD_HEADING,
    Line,
    plain,
    take_attachments,
    to_markdown,
    unwrap_emphasis,
)

CASE_LINE = re.compile(rf"^\s*({ArchiveConfig().case_pattern.pattern})\s*([\w/.,-]*)\s*$")
# Item sections by their printed label; "Baggrund" after the case text has
# begun is a heading inside it (KD-Net), before it a section (KKR).
SECTION_LABEL = re.compile(r"^(Indstilling|Referat|Beslutning|Sagsfremstilling|Baggrund|Bilag)\s*(?::\s*(.*))?$",
                           re.IGNORECASE)
ROLES = {"indstilling": "recommendation", "referat": "decision", "beslutning": "decision",
         "sagsfremstilling": "case_text", "baggrund": "plain:Baggrund", "bilag": "attachments"}
RECOMMENDATION = re.compile(r"^\s*\*{0,2}\s*Det indstilles", re.IGNORECASE)
NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.\s*(\S.*)$")
TOC_HEAD = re.compile(r"^\s*Punkt\s*[\t|]?\s*Indhold", re.IGNORECASE)
TOC_ROW = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s*[\t|]\s*([^\t|]+?)\s*(?:[\t|]\s*(\./\.)?\s*)?$")
LEADER_ROW = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s+(.+?)\s*\.{3,}\s*(\d+)\s*$")
PAGE_MARK = re.compile(r"^\s*(?:Side|Page)\s+\d+(?:\s*(?:af|of|/)\s*\d+)?\s*$", re.IGNORECASE)


@dataclass
class TocEntry:
    number: str
    title: str
    attachment: bool | None   # the "Bilag" column: ./. or empty; None without one
    line: int


@dataclass
class Heading:
    number: str | None
    title: str
    presenters: list[str]
    recommendation: str       # "*Det indstilles …*" printed on the heading line
    strong: bool              # a Markdown heading, bold, or with "v. Name": surely a heading
    index: int = 0            # in the document's lines
    end: int = 0              # last line it takes (a heading may wrap)
    group: bool = False


@dataclass
class _Section:
    role: str
    lines: list[Line] = field(default_factory=list)
    labelled: bool = True


def read(path: Path) -> ImportedMeeting:
    raw = Path(path).read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")   # Word's "Tekst (Windows)" export
    return parse(text, Path(path).name)


def parse(text: str, source: str) -> ImportedMeeting:
    lines: list[Line] = list(enumerate(text.splitlines(), start=1))
    meeting = ImportedMeeting(source=source)
    for number, line in lines:
        if PAGE_MARK.match(line):
            meeting.unplaced.append((number, line))
    lines = [(n, "" if PAGE_MARK.match(t) else t) for n, t in lines]
    toc, toc_lines = find_toc(lines)
    headings = find_headings(lines, toc, start=max(toc_lines, default=-1) + 1, notes=meeting.notes)
    if not headings:
        raise ImportError_(f"{source}: no numbered agenda items found: expected item headings such as "
                           "'1. Godkendelse af dagsorden' or '## 3.1. Title' after the header")
    header = [line for i, line in enumerate(lines[:headings[0].index]) if i not in toc_lines]
    read_header(header, meeting)
    grouped = any("." in heading.number for heading in headings)
    for k, heading in enumerate(headings):
        body = lines[heading.end + 1:headings[k + 1].index if k + 1 < len(headings) else len(lines)]
        if grouped and "." not in heading.number:
            # KKR: every top-level heading is a group; one without sub-items
            # ("5. KKR") is an item as well.
            meeting.groups[heading.number] = heading.title
        if heading.group:
            stray = [line for line in body if line[1].strip()]
            meeting.unplaced += stray
            if stray:
                meeting.notes.append(f"line {stray[0][0]}: text under the group heading "
                                     f"'{heading.number}. {heading.title}' before its first item")
        else:
            meeting.items.append(build_item(heading, body, lines[heading.index][0], meeting.notes))
    compare_with_toc(meeting, toc)
    if any(role == "decision" for item in meeting.items for role, _ in item.sections):
        meeting.kind = "minutes"
    return meeting


# ---- the overview table ------------------------------------------------------

def find_toc(lines: list[Line]) -> tuple[list[TocEntry], set[int]]:
    """KD-Net's "Punkt Indhold Bilag" table or KKR's contents (dotted leaders
    and page numbers): the items the document announces, and the lines it takes."""
    for i, (_, text) in enumerate(lines):
        if TOC_HEAD.match(text):
            entries, used, j = [], {i}, i + 1
            has_column = "bilag" in text.lower()
            while j < len(lines) and (m := TOC_ROW.match(lines[j][1])):
                entries.append(TocEntry(m.group(1), m.group(2).strip(),
                                        (m.group(3) is not None) if has_column else None, lines[j][0]))
                used.add(j)
                j += 1
            if entries:
                return entries, used
    run: list[int] = []
    for i, (_, text) in enumerate(lines + [(0, "")]):
        if LEADER_ROW.match(re.sub(r"</?b>", "", text)):
            run.append(i)
        elif len(run) >= 2:
            rows = [LEADER_ROW.match(re.sub(r"</?b>", "", lines[k][1])) for k in run]
            return [TocEntry(m.group(1), m.group(2).strip(), None, lines[k][0]) for m, k in zip(rows, run)], set(run)
        else:
            run = []
    return [], set()


# ---- item headings -------------------------------------------------------------

def split_heading(text: str) -> Heading:
    """ "4. **Status på X** v. A og B *Det indstilles, at …*" → its parts."""
    raw = re.sub(r"</?b>", "", text).strip()
    markdown = MD_HEADING.match(raw)
    body = markdown.group(1) if markdown else raw
    strong = bool(markdown) or body.startswith("**")
    recommendation = ""
    if (inline := re.search(r"\s\*{0,2}Det indstilles", body)):
        recommendation, body = unwrap_emphasis(body[inline.start():]), body[:inline.start()]
    body = plain(body.replace("**", ""))
    numbered = NUMBERED.match(body)
    number, rest = (numbered.group(1), numbered.group(2)) if numbered else (None, body)
    title, presenters = split_presenters(rest)
    return Heading(number, title, presenters, recommendation, strong or bool(presenters))


def split_presenters(text: str) -> tuple[str, list[str]]:
    """"Title v. Pernille Blach Hansen og Flemming Storgaard" → title, names."""
    marks = list(re.finditer(r"\s+v\.\s+", text))
    if marks:
        names = re.split(r"\s*,\s*|\s+og\s+", text[marks[-1].end():].strip(" .*"))
        names = [n.strip() for n in names if n.strip()]
        if names and all(n[0].isupper() for n in names):
            return clean_title(text[:marks[-1].start()]), names
    return clean_title(text), []


def clean_title(text: str) -> str:
    return " ".join(text.replace("**", "").split()).rstrip(" .:;,*")


def successors(number: str | None) -> list[str]:
    """The numbers that may follow ``number``: 3.2 → 3.3, 4, 3.2.1, 4.1."""
    if number is None:
        return ["1", "1.1"]
    parts = [int(p) for p in number.split(".")]
    nexts = [".".join(map(str, parts[:depth - 1] + [parts[depth - 1] + 1])) for depth in range(len(parts), 0, -1)]
    return nexts + [number + ".1"] + [n + ".1" for n in nexts]


def find_headings(lines: list[Line], toc: list[TocEntry], start: int, notes: list[str]) -> list[Heading]:
    """The item (and group) headings, in order. The overview says which
    number comes next; a strong heading may skip a few (a missed line)."""
    order = [e.number for e in toc]
    titles = {e.number: e.title for e in toc}
    found: list[Heading] = []
    pos, i = 0, start
    while i < len(lines):
        text = lines[i][1]
        heading = split_heading(text) if text.strip() else None
        current = found[-1].number if found else None
        number = None
        if heading and heading.number and (heading.title[:1].isupper() or heading.strong):
            if pos < len(order):
                ahead = order[pos:pos + 4]
                if heading.number == ahead[0] and (heading.strong or similar(heading.title, titles[ahead[0]], 50)):
                    number = heading.number
                elif heading.number in ahead[1:] and heading.strong:
                    number = heading.number
                    notes.append(f"line {lines[i][0]}: heading {number} found where "
                                 f"{', '.join(order[pos:order.index(number)])} was expected")
                if number:
                    pos = order.index(number) + 1
            elif heading.number in successors(current):
                number = heading.number
        elif heading and not heading.number:
            number = unnumbered(heading, lines, i, order[pos] if pos < len(order) else None, titles, found)
            if number:
                notes.append(f"line {lines[i][0]}: heading without a number taken as item {number}")
                if pos < len(order) and number == order[pos]:
                    pos += 1
        if number:
            heading.number, heading.index, heading.end = number, i, i
            while re.search(r"(\s(og|v\.)|,)$", lines[heading.end][1].rstrip()) and heading.end + 1 < len(lines):
                heading.end += 1   # the names run on to the next line
                joined = " ".join(lines[k][1].strip() for k in range(i, heading.end + 1))
                heading = Heading(**{**split_heading(joined).__dict__, "number": number,
                                     "index": i, "end": heading.end})
            found.append(heading)
            i = heading.end
        i += 1
    groups = {e.number for e in toc if any(o.number.startswith(e.number + ".") for o in toc)}
    for k, heading in enumerate(found):
        after = found[k + 1].number if k + 1 < len(found) else ""
        heading.group = heading.number in groups or after.startswith(heading.number + ".")
    return found


def unnumbered(heading: Heading, lines: list[Line], i: int, expected: str | None,
               titles: dict[str, str], found: list[Heading]) -> str | None:
    """A heading whose number was lost (OCR) or never printed: the expected
    item's title followed by "Det indstilles", or "Eventuelt" after the last item."""
    following = next((t for _, t in lines[i + 1:] if t.strip()), "")
    if expected and RECOMMENDATION.match(following) and similar(heading.title, titles[expected], 80):
        return expected
    if found and heading.title.casefold() == "eventuelt" and i and not lines[i - 1][1].strip():
        return successors(found[-1].number.split(".")[0])[0]
    return None


def similar(a: str, b: str, least: int) -> bool:
    return fuzz.token_set_ratio(a.casefold(), b.casefold()) >= least


# ---- one item --------------------------------------------------------------------

def build_item(heading: Heading, body: list[Line], line: int, notes: list[str]) -> ImportedItem:
    item = ImportedItem(number=heading.number, title=heading.title, line=line, presenters=heading.presenters)
    content = [(n, t) for n, t in body if t.strip()]
    if content and (case := CASE_LINE.match(content[0][1])):
        item.case, item.case_handler = case.group(1), case.group(2)
        body = [(n, t) for n, t in body if n != content[0][0]]
    sections: list[_Section] = []
    if heading.recommendation:
        sections.append(_Section("recommendation", [(line, heading.recommendation)], labelled=False))
    blank_since = False
    for number, text in body:
        label = SECTION_LABEL.match(plain(text))
        role = ROLES[label.group(1).lower()] if label else None
        if role == "plain:Baggrund" and any(s.role == "case_text" for s in sections):
            role = None
        if role:
            sections.append(_Section(role, [(number, label.group(2))] if label.group(2) else []))
        elif not text.strip():
            if sections:
                sections[-1].lines.append((number, text))
            blank_since = True
            continue
        elif not sections or (blank_since and not sections[-1].labelled and sections[-1].role == "recommendation"
                              and not BULLET.match(text) and not RECOMMENDATION.match(text)):
            # Unheaded text: "Det indstilles …" right after the title is the
            # recommendation, the rest is the case text.
            role = "recommendation" if RECOMMENDATION.match(text) else "case_text"
            sections.append(_Section(role, [(number, text)], labelled=False))
        else:
            sections[-1].lines.append((number, text))
        blank_since = False
    merged: dict[str, list[Line]] = {}
    for section in sections:
        if section.role in merged:
            notes.append(f"item {item.number}: a second '{section.role}' section joined to the first")
            merged[section.role] += [(0, "")]
        merged.setdefault(section.role, []).extend(section.lines)
    for role, section_lines in merged.items():
        kept, titles = take_attachments(section_lines, listed=role == "attachments")
        item.attachments += titles
        markdown = to_markdown(kept, headings=role == "case_text" or role.startswith("plain:"))
        if markdown:   # under "Bilag", text that is no title (a web address) stays as printed
            item.sections.append(("plain:Bilag" if role == "attachments" else role, markdown))
    if "kommende møder" in item.title.casefold():
        item.schedule = schedule(dict(item.sections).get("case_text", ""))
    return item


def schedule(markdown: str) -> list[dict]:
    """"### Mødekalender for KKR Midtjylland 2021" and its "- 23. april" lines."""
    out, committee, year = [], None, None
    for line in markdown.splitlines():
        if (head := re.match(r"^###\s+Mødekalend[ae]r\s+for\s+(.+?)\s+(\d{4})\s*:?\s*$", line, re.IGNORECASE)):
            committee, year = head.group(1), int(head.group(2))
        elif line.startswith("### "):
            committee = None
        elif committee and (day := re.match(rf"^-\s+(\d{{1,2}})\.\s*({MONTH_NAMES})(?:\s+(\d{{4}}))?\s*(.*)$", line, re.I)):
            date = dt.date(int(day.group(3) or year), MONTHS.index(day.group(2).lower()) + 1, int(day.group(1)))
            out.append({"committee": committee, "date": date, "note": day.group(4).strip(" -–()")})
    return out


# ---- the overview against the items ----------------------------------------------

def compare_with_toc(meeting: ImportedMeeting, toc: list[TocEntry]) -> None:
    """What the overview says and the headings do not: notes, and an item
    made from the overview where its heading was never found."""
    numbers = {item.number: item for item in meeting.items}
    for entry in toc:
        item = numbers.get(entry.number)
        if entry.number in meeting.groups:
            continue
        if item is None:
            meeting.items.append(ImportedItem(number=entry.number, title=clean_title(entry.title), line=entry.line))
            meeting.notes.append(f"item {entry.number} '{entry.title}' is in the overview (line {entry.line}) "
                                 "but its heading was not found: its text is in the item before it")
            continue
        if clean_title(entry.title) != item.title:
            meeting.notes.append(f"item {entry.number}: the overview says '{clean_title(entry.title)}', "
                                 f"the heading '{item.title}' (heading used)")
        if entry.attachment is not None and entry.attachment != bool(item.attachments):
            meeting.notes.append(f"item {entry.number}: the overview {'marks' if entry.attachment else 'marks no'} "
                                 f"attachment, the text names {len(item.attachments)}")
    meeting.items.sort(key=lambda item: [int(p) if p.isdigit() else 0 for p in item.number.split(".")])
    meeting.unplaced.sort()
