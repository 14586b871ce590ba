"""FirstAgenda's PDF export → ImportedMeeting.

The export: a front page ("REFERAT Aarhus Byråd d. 27-08-2025", Mødedato,
Mødested), a table of contents with dotted leaders, then per item a bold
"Punkt N: title" (wrapping onto a second line), the case number, and the
same bold section headings as the HTML page.

The PDF has no blank lines; paragraphs come from the lines' positions
(pdfplumber): a line ends its paragraph when the next line's first word
would have fitted after it within the right margin, unless the next line
goes on with a lower-case word after a line without final punctuation.
A wider gap between lines starts a new text field (the HTML page's unheaded
field). Line numbers count the lines of the whole document, page after
page, as pdfplumber extracts them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from . import firstagenda as fa
from .model import ImportedMeeting, ImportError_

_ITEM = re.compile(r"^Punkt\s+(?P<number>\d+(?:\.\d+)*)\s*:\s*(?P<title>.*)$")
_TOC_ENTRY = re.compile(r"^(?P<title>.*?)(?:\.{3,}\s*|\s+)(?P<page>\d+)$")
_PAGE_NUMBER = re.compile(r"^(?:Side\s+)?\d+(?:\s*(?:af|/)\s*\d+)?$", re.IGNORECASE)
_UNMAPPED = re.compile(r"(?:\(cid:\d+\))+")
_LABEL = re.compile(r"^[A-ZÆØÅ][a-zæøå]+:\s")   # "Forslagsstiller: Polly Bak Dutschke, …"
_SUSPENDED = {"og", "eller", "samt", "til"}   # "Økonomi- og Erhvervsudvalget": the hyphen stays, with a space


@dataclass
class Line:
    text: str
    number: int        # in the whole document
    page: int
    top: float
    in_margin: bool    # in the page's top or bottom margin, where running headers and page numbers stand
    x1: float
    size: float
    bold: bool
    first_word: float  # width of the line's first word


def read(path: Path) -> ImportedMeeting:
    meeting = ImportedMeeting(source=path.name)
    lines = _without_furniture(_lines(path, meeting), meeting)
    if not any(not line.bold for line in lines):
        raise ImportError_(f"{path.name}: no text in the body font; expected a FirstAgenda PDF export")
    layout = _Layout(lines)
    starts = [i for i, line in enumerate(lines) if _ITEM.match(line.text) and layout.is_heading(line)]
    if not starts:
        raise ImportError_(f"{path.name}: no item headings 'Punkt N: …' found; expected a FirstAgenda PDF export")
    toc = _front_page(lines[:starts[0]], meeting)
    corpus = " ".join(line.text for line in lines)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        meeting.items.append(_item(lines[start:end], layout, meeting, corpus))
    if toc and len(toc) != len(meeting.items):
        meeting.notes.append(f"the table of contents lists {len(toc)} items, the document has {len(meeting.items)}")
    return meeting


def _lines(path: Path, meeting: ImportedMeeting) -> list[Line]:
    lines: list[Line] = []
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer's many kinds of damage; formats.py refuses most before us
        raise ImportError_(f"{path.name}: not a readable PDF ({type(exc).__name__})") from None
    with pdf:
        for page_number, page in enumerate(pdf.pages, 1):
            for found in page.extract_text_lines(return_chars=True):
                chars = found["chars"]
                text, unmapped = _UNMAPPED.subn("\ufffd", found["text"].strip())
                if unmapped:
                    meeting.notes.append(f"page {page_number}, line {len(lines) + 1}: characters the PDF gives "
                                         "no text for, shown as \ufffd")
                in_margin = not 0.055 * page.height < found["top"] < 0.95 * page.height
                lines.append(Line(text, len(lines) + 1, page_number, found["top"], in_margin, found["x1"],
                                  round(chars[0]["size"], 1), "bold" in chars[0]["fontname"].lower(),
                                  _first_word(chars) - found["x0"]))
    return lines


def _first_word(chars: list[dict]) -> float:
    """Where the line's first word ends: at a space, or where the next glyph
    stands apart (PDFs often print no space glyph)."""
    for a, b in zip(chars, chars[1:]):
        if b["text"].isspace() or b["x0"] - a["x1"] > 0.15 * a["size"]:
            return a["x1"]
    return chars[-1]["x1"]


def _without_furniture(lines: list[Line], meeting: ImportedMeeting) -> list[Line]:
    """Without page numbers and running headers or footers: a line in the top
    or bottom margin that is a page number or recurs, digits aside, on three
    or more pages."""
    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text)
    recurring = {k for k, n in Counter(key(line) for line in lines if line.in_margin).items() if n >= 3}
    kept = [line for line in lines
            if not (line.in_margin and (_PAGE_NUMBER.match(line.text) or key(line) in recurring))]
    if len(kept) < len(lines):
        meeting.notes.append(f"{len(lines) - len(kept)} page numbers and running headers left out")
    return kept


class _Layout:
    """The document's body font size, line pitch and right margin."""

    def __init__(self, lines: list[Line]):
        body = [line for line in lines if not line.bold]
        self.size = Counter(line.size for line in body).most_common(1)[0][0]
        self.margin = max(line.x1 for line in body if line.size == self.size)
        pitches = Counter(round(b.top - a.top, 1) for a, b in zip(body, body[1:]) if a.page == b.page and b.top > a.top)
        self.pitch = pitches.most_common(1)[0][0]

    def is_heading(self, line: Line) -> bool:
        return line.bold and line.size > self.size + 0.5

    def new_field(self, before: Line, line: Line) -> bool:
        return line.page == before.page and line.top - before.top > self.pitch * 1.3

    def ends_paragraph(self, paragraph: list[Line], line: Line) -> bool:
        before = paragraph[-1]
        if before.text.endswith("-") and before.text[-2:-1].isalnum():
            return False   # a word divided at the line's end
        if line.text[:1].islower() and not before.text.endswith((".", ":", "?", "!")):
            return False   # the sentence goes on
        if fa.STEP_FIELD.match(line.text):
            return True    # Sagsforløb's "Udvalg: …", "Dato: …"
        if before.text.endswith((".", ":", ";", "?", "!")) and (
                fa.LIST_ITEM.match(line.text) or fa.SUBHEADING.match(line.text) or _LABEL.match(line.text)):
            return True    # a list item, a heading or "Forslagsstiller: …" after a full line
        if fa.LIST_ITEM.match(paragraph[0].text) and before.text.endswith((".", "!", "?")) and line.text[:1].isupper():
            return True    # a list item is one sentence or so: a new sentence after it ends the list
        return before.x1 + 0.25 * before.size + line.first_word <= self.margin


def _front_page(lines: list[Line], meeting: ImportedMeeting) -> list[str]:
    """The title line, the labelled fields, and the table of contents (left
    out: it repeats the items' titles; its entries are returned to count)."""
    toc: list[str] = []
    in_toc = False
    for line in lines:
        if not meeting.title and line.bold:
            # "REFERAT Aarhus Byråd d. 27-08-2025": the kind, the body, the date
            first, _, rest = line.text.partition(" ")
            meeting.title = f"{first.capitalize()} {rest}".strip()
            meeting.kind = fa.kind_of(meeting.title)
            meeting.committee = re.split(r"\s+(?:d\.|den)\s+", rest)[0].strip() or None
            meeting.date = fa.parse_date(rest)
        elif line.text.strip().casefold() == "indholdsfortegnelse":
            in_toc = True
        elif in_toc and (entry := _TOC_ENTRY.match(line.text)):
            toc.append(entry["title"])
        else:
            label, _, value = line.text.partition(" ")
            if not (value and fa.header_field(meeting, label, value.strip())):
                meeting.unplaced.append((line.number, line.text))
    return toc


def _item(lines: list[Line], layout: _Layout, meeting: ImportedMeeting, corpus: str):
    head = _ITEM.match(lines[0].text)
    title = head["title"]
    rest = 1
    while rest < len(lines) and lines[rest].bold and lines[rest].size == lines[0].size:
        title = _join(title, lines[rest].text)
        rest += 1
    closed = title.startswith("Lukket:")
    title = title.removeprefix("Lukket:").strip()
    case, handler = None, ""
    if rest < len(lines) and (found := fa.CASE.match(lines[rest].text)):
        case, handler = found["case"], found["handler"] or ""
        rest += 1
    return fa.build_item(head["number"], title, lines[0].number, _content(lines[rest:], layout),
                         case=case, case_handler=handler, closed=closed, minutes=meeting.kind == "minutes",
                         corpus=corpus, meeting=meeting)


def _content(lines: list[Line], layout: _Layout) -> list[fa.Heading | fa.Para]:
    out: list[fa.Heading | fa.Para] = []
    paragraph: list[Line] = []

    def flush() -> None:
        if paragraph:
            text = paragraph[0].text
            for line in paragraph[1:]:
                text = _join(text, line.text)
            out.append(fa.Para(text, paragraph[0].number, list_item=bool(fa.LIST_ITEM.match(text))))
            paragraph.clear()

    before: Line | None = None
    for line in lines:
        if layout.is_heading(line):
            flush()
            out.append(fa.Heading(line.text, line.number))
        elif before is not None and not layout.is_heading(before) and layout.new_field(before, line):
            flush()
            out.append(fa.Heading("", line.number))
            paragraph.append(line)
        else:
            if paragraph and layout.ends_paragraph(paragraph, line):
                flush()
            paragraph.append(line)
        before = line
    flush()
    return out


def _join(left: str, right: str) -> str:
    """Two lines of one paragraph. A word divided at the line's end loses its
    hyphen ("budget-" "lægges"), unless the hyphen belongs to the word: after
    one letter or a number ("p-huse", "2030-fremskrivning"), in a name
    ("UngiAarhus-tilbud", "Rød-Grønne"); before "og" it is a shared ending
    ("Økonomi- og Erhvervsudvalget")."""
    if not (left.endswith("-") and left[-2:-1].isalnum()):
        return f"{left} {right}"
    prefix = left.split()[-1][:-1]
    following = right.split()[0] if right.split() else ""
    if following.casefold() in _SUSPENDED:
        return f"{left} {right}"
    if len(prefix) == 1 or any(c.isdigit() for c in prefix) or any(c.isupper() for c in prefix[1:]) \
            or following[:1].isupper():
        return left + right
    return left[:-1] + right
