"""Reader for Word .docx agendas and minutes of the shape ``text.py`` reads.

The document is printed as that text and parsed by it, so both formats
follow one set of rules: headings ("Title", "Heading 1/2/…") as "#", "##",
…; list paragraphs ("List Number", "List Bullet", or any paragraph with
Word numbering) with their numbers as Word counts them ("3. …") or "- ";
tables (the "Punkt Indhold Bilag" overview) as tab-separated rows; bold and
italic runs as ** and *; links as Markdown; a line break inside a paragraph
as a line break, a page break as a space. Line numbers in what the reader
reports (item lines, ``unplaced``, notes) are paragraph numbers: a table
row counts as one.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import nsmap, qn
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from . import text
from .model import ImportedMeeting, ImportError_

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # a .doc, or a .docx Word encrypted with a password


def read(path: Path) -> ImportedMeeting:
    path = Path(path)
    with open(path, "rb") as handle:
        if handle.read(8) == OLE_MAGIC:
            raise ImportError_(f"{path.name}: an old Word .doc or a password-protected .docx: expected a .docx "
                               "without a password (in Word: Save as → Word Document, Protect → no password)")
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise ImportError_(f"{path.name}: not a Word .docx document ({error}): expected a file saved "
                           "by Word as .docx (not .doc, .odt or a renamed file)") from None
    printed, paragraph_of = print_document(document)
    meeting = text.parse(printed, path.name)
    return renumber(meeting, paragraph_of)


def print_document(document) -> tuple[str, dict[int, int]]:
    """The document as the text reader's lines, and for each printed line
    (1-based) the paragraph it came from (a table row counts as one)."""
    lines: list[str] = []
    paragraph_of: dict[int, int] = {}
    counters = Numbering(document)
    previous_list = None
    paragraph = 0
    for block in body_blocks(document.element.body, document):
        if isinstance(block, Table):
            printed = ["\t".join(" ".join(cell.text.split()) for cell in row.cells) for row in block.rows]
            in_list = None
        else:
            prefix, in_list = counters.prefix(block)
            content = prefix + runs_markdown(block)
            printed = content.split("\n") if content.strip() else []
        first = paragraph + 1
        paragraph += len(block.rows) if isinstance(block, Table) else 1
        if not printed:
            continue
        if lines and not (in_list and in_list == previous_list):
            lines.append("")   # paragraphs apart; the items of one list together
        for k, line in enumerate(printed):
            lines.append(line)
            paragraph_of[len(lines)] = first + (k if isinstance(block, Table) else 0)
        previous_list = in_list
    return "\n".join(lines), paragraph_of


def body_blocks(container, document):
    """Paragraphs and tables in the order of the document, also inside
    content controls (w:sdt), which Word uses for templates' fields."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            yield Table(child, document)
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            yield from body_blocks(child, document)


class Numbering:
    """Word's list numbers: a counter per list definition, a list restarted
    with ``startOverride`` counting on its own; a heading style prints as "#"."""

    def __init__(self, document):
        self.numbering = document.part.numbering_part.element if _has_numbering(document) else None
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()

    def prefix(self, paragraph: Paragraph) -> tuple[str, str | None]:
        """What the paragraph prints before its text, and the list it is in."""
        style = paragraph.style.name if paragraph.style is not None else ""
        if (heading := re.fullmatch(r"Heading (\d)", style)) or style == "Title":
            return "#" * (int(heading.group(1)) if heading else 1) + " ", None
        found = self.num_pr(paragraph)
        if found is None:
            return "", None
        num_id, level = found
        depth = level + _style_depth(style)
        fmt, start, abstract, restart = self.level_format(num_id, level)
        if fmt == "bullet" or (fmt is None and "Bullet" in style):
            return "    " * depth + "- ", "bullets"
        # A list restarted in Word is a numbering instance with a
        # startOverride: it counts on its own, and the list it interrupted
        # goes on where it was (item 6 after a "1. 2. 3." inside item 5).
        key = num_id if restart is not None else abstract
        counter = self.counters.setdefault(key, [0] * 9)
        if restart is not None and num_id not in self.started:
            counter[level] = restart - 1
        self.started.add(num_id)
        counter[level] = max(counter[level], start - 1) + 1
        counter[level + 1:] = [0] * (8 - level)
        return "    " * depth + f"{counter[level]}. ", key

    def num_pr(self, paragraph: Paragraph) -> tuple[str, int] | None:
        """The paragraph's own numbering, else its style's (and the style's bases')."""
        owners = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:
            owners.append(style.element.pPr)
            style = style.base_style
        for pPr in owners:
            numPr = pPr.numPr if pPr is not None else None
            if numPr is not None and numPr.numId is not None:
                level = numPr.ilvl.val if numPr.ilvl is not None else 0
                return str(numPr.numId.val), level
        return None

    def level_format(self, num_id: str, level: int) -> tuple[str | None, int, str, int | None]:
        """(numFmt, start, abstract list id, restart value) of a list level."""
        if self.numbering is None:
            return None, 1, num_id, None
        num = _first(self.numbering, f"w:num[@w:numId='{num_id}']")
        abstract = _attr(_first(num, "w:abstractNumId"), "val") if num is not None else num_id
        restart = _attr(_first(num, f"w:lvlOverride[@w:ilvl='{level}']/w:startOverride"), "val") \
            if num is not None else None
        lvl = _first(self.numbering, f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='{level}']")
        fmt = _attr(_first(lvl, "w:numFmt"), "val") if lvl is not None else None
        start = _attr(_first(lvl, "w:start"), "val") if lvl is not None else None
        return fmt, int(start or 1), abstract or num_id, int(restart) if restart else None


def runs_markdown(paragraph: Paragraph) -> str:
    """The paragraph's runs as Markdown: bold and italic runs wrapped (the
    spaces outside the marks), links as [text](url), <url> or [text](#)."""
    merged: list[list] = []
    for piece, bold, italic in inline_parts(paragraph._p, paragraph):
        if merged and merged[-1][1:] == [bold, italic]:
            merged[-1][0] += piece
        else:
            merged.append([piece, bold, italic])
    out = []
    for piece, bold, italic in merged:
        mark = ("**" if bold else "") + ("*" if italic else "")
        core = piece.strip()
        if mark and core and "\n" not in core:
            lead, trail = piece[:len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()):]
            piece = f"{lead}{mark}{core}{mark[::-1]}{trail}"
        out.append(piece)
    return "".join(out)


def inline_parts(element, paragraph: Paragraph):
    """(text, bold, italic) of the runs and links in document order, also
    those inside inserted text, smart tags, fields and content controls;
    deleted text (tracked changes) is not the document's text."""
    for child in element.iterchildren():
        if child.tag == qn("w:r"):
            run = Run(child, paragraph)
            yield run_text(child), bool(run.bold), bool(run.italic)
        elif child.tag == qn("w:hyperlink"):
            link = Hyperlink(child, paragraph)
            label, url = link.text, link.address or ""
            yield (f"<{url}>" if url and label == url else f"[{label}]({url or '#'})"), False, False
        elif child.tag not in (qn("w:pPr"), qn("w:del"), qn("w:moveFrom"), qn("w:rPr")):
            yield from inline_parts(child, paragraph)


def run_text(r) -> str:
    """A run's text with its tabs and breaks: a line break ends a line (a
    hard break, as Markdown writes it), a page break is a space."""
    out = []
    for child in r.iterchildren():
        if child.tag == qn("w:t"):
            out.append(child.text or "")
        elif child.tag == qn("w:tab"):
            out.append("\t")
        elif child.tag in (qn("w:br"), qn("w:cr")):
            out.append(" " if child.get(qn("w:type")) == "page" else "  \n")
    return "".join(out)


def renumber(meeting: ImportedMeeting, paragraph_of: dict[int, int]) -> ImportedMeeting:
    """Printed line numbers → paragraph numbers, in items, unplaced and notes."""
    def where(line: int) -> int:
        return paragraph_of.get(line, line)

    for item in meeting.items:
        item.line = where(item.line)
    meeting.unplaced = [(where(line), content) for line, content in meeting.unplaced]
    meeting.notes = [re.sub(r"\bline (\d+)", lambda m: f"paragraph {where(int(m.group(1)))}", note)
                     for note in meeting.notes]
    return meeting


def _style_depth(style: str) -> int:
    """"List Bullet 2" is one level in."""
    match = re.search(r"List (?:Bullet|Number|Continue)? ?(\d)$", style)
    return int(match.group(1)) - 1 if match else 0


def _has_numbering(document) -> bool:
    try:
        document.part.numbering_part
    except NotImplementedError:
        return False
    return True


def _first(element, path: str):
    if element is None:
        return None
    found = etree.XPath(path, namespaces={"w": nsmap["w"]})(element)
    return found[0] if found else None


def _attr(element, name: str) -> str | None:
    return element.get(qn(f"w:{name}")) if element is not None else None
