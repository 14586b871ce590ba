"""Make the .docx fixtures of the importer's tests from the seed texts:
tests/fixtures/import/000.docx, 001.docx and 003.docx.

Each is the seed's text laid out as the Word document it was exported from
would be: the title as "Heading 1"; the header lines as paragraphs (a label
printed in bold stays bold, a line continuing a paragraph is a line break);
the overview ("Punkt Indhold Bilag") and other tab-separated rows as tables;
the item headings as "List Number" paragraphs that Word numbers (000, 001)
or as "Heading 2" with the number typed (003); section labels
("Sagsfremstilling", "Referat") as "Heading 3", headings inside a section as
"Heading 4"; bullets as "List Bullet" ("List Bullet 2" one level in); a
numbered list in the text as a restarted "List Number" list; ** and * as
bold and italic runs; links as hyperlinks (a dead "[her](#)" as a link to a
bookmark that is gone, as Word leaves it); a paragraph that the text export
cut at a page break as one paragraph with the page break inside it.

    .venv/bin/python tools/make_docx_fixtures.py [SEED_DIR]

Re-runnable: the same seeds give byte-identical files (fixed zip times).
The fixtures are committed; the tests do not run this.
"""
from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tests" / "fixtures" / "import"
SEEDS = {"000": ("000_649d02525be223f9.txt", "List Number"),
         "001": ("001_54b52046e7f0682f.txt", "List Number"),
         "003": ("003_acca4a59fa37c025.txt", "Heading 2")}

LABEL = re.compile(r"^(Indstilling|Referat|Beslutning|Sagsfremstilling|Baggrund|Bilag)\s*:?$", re.IGNORECASE)
BULLET = re.compile(r"^(\s*)[-•○]\s+(.*)$")
NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
INLINE = re.compile(r"\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*|\[((?:[^\]\\]|\\.)*)\]\(([^)]*)\)|<(https?://[^>]+)>")


def bare(line: str) -> str:
    """A line without Markdown heading marks and bold around the whole."""
    line = re.sub(r"^\s*#+\s*", "", line).strip()
    return line.replace("**", "").strip()


def toc_numbers(lines: list[str]) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.startswith("Punkt\tIndhold"))
    numbers = []
    for line in lines[start + 1:]:
        if "\t" not in line:
            break
        numbers.append(line.split("\t")[0])
    return numbers


class Layout:
    def __init__(self, item_style: str):
        self.document = docx.Document()
        self.item_style = item_style
        self.paragraph = None     # the paragraph a following line may continue
        self.body_list = None     # numId of the numbered list inside the text now running

    def add(self, style: str | None, text: str):
        self.paragraph = self.document.add_paragraph(style=style)
        inline(self.paragraph, text)
        return self.paragraph

    def numbered(self, text: str) -> None:
        """A numbered list in the text: "List Number", restarted at 1."""
        if self.body_list is None:
            self.body_list = restarted_list(self.document)
        paragraph = self.add("List Number", text)
        numPr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numPr.get_or_add_ilvl().val = 0
        numPr.get_or_add_numId().val = int(self.body_list)

    def table(self, rows: list[str]) -> None:
        cells = [row.split("\t") for row in rows]
        width = max(len(row) for row in cells)
        table = self.document.add_table(rows=len(cells), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(cells):
            for c, value in enumerate(row):
                table.cell(r, c).text = value.strip()
        self.paragraph = None


def layout(seed: str, item_style: str) -> docx.Document:
    lines = seed.splitlines()
    expected = toc_numbers(lines)
    out = Layout(item_style)
    titled = False
    blank = 0
    i = 0
    while i < len(lines):
        line = lines[i].rstrip(" ")   # a trailing tab is an empty table cell
        i += 1
        if not line.strip():
            blank += 1
            continue
        blanks, blank = blank, 0
        if re.fullmatch(r"-{3,}", line.strip()):
            continue
        if not titled:
            out.add("Heading 1", bare(line))
            out.paragraph, titled = None, True
            continue
        if "\t" in line:
            rows = [line]
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].rstrip("\n"))
                i += 1
            out.table(rows)
            continue
        text = bare(line)
        number = NUMBERED.match(text)
        if expected and number and number.group(1) == expected[0]:
            expected.pop(0)
            heading(out, line)
            continue
        if LABEL.match(text):
            out.add("Heading 3", text)
            out.paragraph = None
            continue
        if line.lstrip().startswith("#"):
            out.add("Heading 4", text)
            out.paragraph = None
            continue
        if (bullet := BULLET.match(line)):
            out.add("List Bullet 2" if bullet.group(1) else "List Bullet", bullet.group(2))
            out.paragraph = None
            continue
        if (listed := NUMBERED.match(line)):
            out.numbered(listed.group(2))
            out.paragraph = None
            continue
        out.body_list = None
        previous = out.paragraph
        if previous is not None and blanks == 0:
            previous.add_run().add_break()            # the line goes on in the same paragraph
            inline(previous, line.strip())
        elif previous is not None and blanks >= 2 and continues(previous.text, line):
            previous.add_run().add_break(WD_BREAK.PAGE)
            inline(previous, line.strip())
        else:
            out.add(None, line.strip())
    return out.document


def heading(out: Layout, line: str) -> None:
    """An item heading: Word's numbered list item (the number not typed), or
    a "Heading 2" with the number typed and the recommendation after it."""
    text = re.sub(r"^\s*#+\s*", "", line).strip()
    recommendation = ""
    if out.item_style == "Heading 2":
        if (inline_rec := re.search(r"\s\*Det indstilles.*$", text)):
            recommendation, text = inline_rec.group(0).strip(), text[:inline_rec.start()]
        out.add("Heading 2", text.replace("**", "").strip())
    else:
        out.add("List Number", NUMBERED.match(text).group(2).strip())
    out.paragraph, out.body_list = None, None
    if recommendation:
        out.add(None, recommendation)


def continues(previous: str, line: str) -> bool:
    """The text export cut this paragraph at a page break (blank lines in
    mid-sentence): the next line goes on in lower case or after a comma."""
    previous = previous.rstrip()
    return bool(previous) and previous[-1] not in ".!?:" and (line.lstrip()[:1].islower() or previous.endswith(","))


def inline(paragraph, text: str) -> None:
    """Markdown inline marks → runs: **bold**, *italic*, links."""
    text = text.rstrip()
    position = 0
    for match in INLINE.finditer(text):
        paragraph.add_run(text[position:match.start()])
        bold, italic, label, url, auto = match.groups()
        if bold is not None:
            paragraph.add_run(bold).bold = True
        elif italic is not None:
            paragraph.add_run(italic).italic = True
        elif label is not None:
            hyperlink(paragraph, re.sub(r"\\(.)", r"\1", label), url)
        else:
            hyperlink(paragraph, auto, auto)
        position = match.end()
    if text[position:]:
        paragraph.add_run(text[position:])


def hyperlink(paragraph, label: str, url: str) -> None:
    link = OxmlElement("w:hyperlink")
    if url and url != "#":
        link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    else:
        link.set(qn("w:anchor"), "_Ref_gone")   # a link to a bookmark no longer in the document
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = label
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def restarted_list(document) -> str:
    """A new numbering instance of "List Number"'s list, restarted at 1."""
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.xpath(f"w:num[@w:numId='{style_num}']/w:abstractNumId")[0].get(qn("w:val"))
    num_id = str(max(int(n.get(qn("w:numId"))) for n in numbering.xpath("w:num")) + 1)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), num_id)
    abstract_id = OxmlElement("w:abstractNumId")
    abstract_id.set(qn("w:val"), abstract)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.extend([abstract_id, override])
    numbering.append(num)
    return num_id


def save(document, path: Path) -> None:
    """Save with fixed zip times, so that the same seed gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2021, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))


def main(seed_dir: Path) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, (seed, item_style) in SEEDS.items():
        document = layout((seed_dir / seed).read_text(encoding="utf-8"), item_style)
        save(document, TARGET / f"{name}.docx")
        print(f"{TARGET / f'{name}.docx'}  ← {seed}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "fixtures" / "documents" / "seeds")
