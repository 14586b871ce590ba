"""FirstAgenda's HTML meeting page → ImportedMeeting.

The page: a header (h1 "Referat 1. oktober 2025 kl. 15.45", a table of
Udvalg / Mødedato / Mødested / Mødedeltagere), then the table
#dagsordenDetaljer with one row per item: its number, its title (h2), the
case number, the item's text fields (an h3 heading, possibly empty, and a
span.resume of one div per paragraph) and the Bilag list. Everything else
is page furniture (navigation, "Hent som PDF", "Kopier link", the dialogs).
Line numbers are those of the HTML source. Every text of the page that is
neither placed nor furniture is reported as unplaced.
"""
from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from . import firstagenda as fa
from .model import ImportedMeeting, ImportError_

FURNITURE = ["script", "style", "nav", ".tilbage-wrapper", "#dagsordenhent", "table#dagsordenDetaljer > thead",
             ".modal", "#spinner-dagsorden", ".pdf-label", "h2.black"]   # h2.black repeats Udvalg and Mødested


class _Page:
    """The parsed page and the texts already placed (or known furniture)."""

    def __init__(self, soup: BeautifulSoup):
        self.soup = soup
        self.placed: set[int] = set()

    def take(self, element: Tag | None) -> str:
        """The element's text, whitespace normalised, marked as placed."""
        if element is None:
            return ""
        for string in element.strings:
            self.placed.add(id(string))
        return " ".join(element.get_text(" ").split())

    def unplaced(self) -> list[tuple[int, str]]:
        body = self.soup.body or self.soup
        return [(string.parent.sourceline or 0, " ".join(string.split())) for string in body.strings
                if id(string) not in self.placed and string.strip()]


def read(path: Path) -> ImportedMeeting:
    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    table = soup.select_one("table#dagsordenDetaljer")
    if table is None:
        raise ImportError_(f"{path.name}: no agenda items found (table #dagsordenDetaljer); "
                           "expected a FirstAgenda meeting page saved as HTML")
    page = _Page(soup)
    for selector in FURNITURE:
        for element in soup.select(selector):
            page.take(element)
    meeting = ImportedMeeting(source=path.name)
    meeting.title = page.take(soup.select_one("div.title h1") or soup.find("h1"))
    meeting.kind = fa.kind_of(meeting.title)
    for row in soup.select("table.dagsordeninfo tr"):
        cells = row.find_all("td", recursive=False)
        if len(cells) == 2:
            label, value = page.take(cells[0]), page.take(cells[1])
            if value and not fa.header_field(meeting, label, value):
                meeting.unplaced.append((row.sourceline or 0, f"{label} {value}"))
    corpus = soup.get_text(" ")
    for row in table.select("tr.punktrow"):
        meeting.items.append(_item(page, row, meeting, corpus))
    meeting.unplaced.extend(page.unplaced())
    return meeting


def _item(page: _Page, row: Tag, meeting: ImportedMeeting, corpus: str):
    cells = row.find_all("td", recursive=False)
    number = page.take(cells[0]).lstrip("0") or "0"
    title = page.take(row.select_one("h2.overskrift"))
    label = row.find(string=lambda s: s.strip() == "Lukket punkt")   # FirstAgenda's mark of a closed item
    if label is not None:
        page.placed.add(id(label))
    closed = title.startswith("Lukket:") or label is not None
    title = title.removeprefix("Lukket:").strip()
    case, handler = None, ""
    if found := fa.CASE.match(page.take(row.select_one(".sagsnummer"))):
        case, handler = found["case"], found["handler"] or ""
    content: list[fa.Heading | fa.Para] = []
    for element in row.select("div.punkt h3, div.punkt span.resume"):
        if element.name == "h3":
            content.append(fa.Heading(page.take(element), element.sourceline or 0))
        else:
            content.extend(_paragraphs(page, element))
    attachments = row.select("a.bilag-link")
    if attachments:
        bilag = next((h for h in row.find_all("h3") if h.get_text(strip=True) == "Bilag"), None)
        content.append(fa.Heading(page.take(bilag) or "Bilag", (bilag or attachments[0]).sourceline or 0))
        content.extend(fa.Para(page.take(a), a.sourceline or 0) for a in attachments)
    # The last column is the item's menu and its count of attachments.
    count = page.take(cells[-1].select_one(".fil-ikon-nummer")) if len(cells) > 2 else ""
    if len(cells) > 2:
        page.take(cells[-1])
    if count.isdigit() and int(count) != len(attachments):
        meeting.notes.append(f"item {number}: the page counts {count} attachments but lists {len(attachments)}")
    return fa.build_item(number, title, row.sourceline or 0, content, case=case, case_handler=handler,
                         closed=closed, minutes=meeting.kind == "minutes", corpus=corpus, meeting=meeting)


def _paragraphs(page: _Page, field: Tag) -> list[fa.Para]:
    """A text field: one div (or p) per paragraph; a list's items as "- …";
    a paragraph in bold only as a heading inside the section."""
    paras = []
    for child in field.children:
        if isinstance(child, NavigableString):
            if child.strip():
                page.placed.add(id(child))
                paras.append(fa.Para(" ".join(child.split()), child.parent.sourceline or 0))
            continue
        if not isinstance(child, Tag):
            continue
        items = child.find_all("li")
        if items:   # a list, and any text beside it as a paragraph before it
            listed = [fa.Para(("1. " if li.parent.name == "ol" else "- ") + page.take(li), li.sourceline or 0,
                              list_item=True) for li in items]
            beside = " ".join(" ".join(s for s in child.strings if id(s) not in page.placed).split())
            if beside:
                paras.append(fa.Para(beside, child.sourceline or 0))
            page.take(child)
            paras.extend(listed)
            continue
        for line in _lines(page, child):
            paras.append(fa.Para(line, child.sourceline or 0))
    return paras


def _lines(page: _Page, block: Tag) -> list[str]:
    """A block's text; a <br> ends a paragraph; a block all in bold is a heading."""
    bold = block.find(["strong", "b"])
    text = page.take(block)
    if bold is not None and " ".join(bold.get_text(" ").split()) == text and text:
        return ["### " + text.rstrip(":")]
    parts, current = [], []
    for node in block.descendants:
        if isinstance(node, Tag) and node.name == "br":
            parts.append(" ".join(current))
            current = []
        elif isinstance(node, NavigableString):
            current.append(str(node))
    parts.append(" ".join(current))
    return [" ".join(part.split()) for part in parts if part.strip()]
