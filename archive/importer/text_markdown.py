"""The printed lines of one section of a Word document → Markdown.

Shared by the text reader and, through it, the .docx reader (which prints its
paragraphs as such lines). A line is (line number, text as printed). What
the secretariat did by hand when it transcribed these documents, done here:
bullets "•", "○" become "- "; a line wholly in * or ** loses them; a link to
"#" (Word's dead links) keeps its text; a short line standing alone before
more text is a "### " heading; tab-separated rows are a Markdown table; a
paragraph cut by a page break is joined again; attachment markers ("./.")
and the titles after them are taken out as attachments.
"""
from __future__ import annotations

import re

Line = tuple[int, str]

BULLET = re.compile(r"^(\s*)(?:[-•○▪●◦]|\*(?!\*))\s+(.*)$")
MD_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$")
DEAD_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\(\s*#?\s*\)")
REAL_URL = re.compile(r"https?://|<www\.|\]\((?!\s*#?\s*\))")
# "./." (Word's "vedlagt" sign), also as a bullet and in the misprint "./ text".
ATTACHMENT_MARK = re.compile(r"^\s*(?:[-•○*]\s+)?\./\.?(?=\s|$)\s*(.*?)\s*$")
TERMINAL = ".,;:!?"


def unwrap_emphasis(text: str) -> str:
    """"*Det indstilles …*" → "Det indstilles …": emphasis over a whole line
    is the document's layout, emphasis inside a line is kept."""
    text = text.strip()
    for mark in ("**", "*", "__", "_"):
        if len(text) > 2 * len(mark) and text.startswith(mark) and text.endswith(mark):
            inner = text[len(mark):-len(mark)]
            # "*a **b** c*" is one italic line; "**a** b **c**" is not one bold line.
            if mark not in (inner.replace("**", "") if len(mark) == 1 else inner):
                return inner.strip()
    return text


def plain(text: str) -> str:
    """A line without heading marks, bold around the whole, dead links and
    backslash escapes: for titles and labels."""
    match = MD_HEADING.match(text)
    text = match.group(1) if match else text
    text = re.sub(r"</?b>", "", text)
    return unwrap_emphasis(unwrap_emphasis(dead_links(text)).replace("**", ""))


def dead_links(text: str) -> str:
    r""""[her](#)" → "her"; "[Covid \(arcgis\)](#)" → "Covid (arcgis)"."""
    return DEAD_LINK.sub(lambda m: re.sub(r"\\(.)", r"\1", m.group(1)), text)


def is_heading_text(text: str, emphasised: bool = False) -> bool:
    """A line that reads as a heading: short, no sentence punctuation. One
    printed in bold or italics may end with a full stop ("m.m.")."""
    words = text.split()
    if not words or len(text) > 150 or text.lower().startswith("det indstilles"):
        return False
    if emphasised:
        return True
    return (len(words) <= 16 and text[0].isupper()
            and text[-1] not in TERMINAL and not re.search(r"[:;,]", text))


def join_page_breaks(lines: list[Line]) -> list[Line]:
    """A paragraph that runs over a page break is printed with blank lines in
    it: "… et mere formaliseret kommunalt", "", "", "", "aftryk. …". Join it
    when the first part stops mid-sentence and the second goes on in lower
    case (or after a comma)."""
    out: list[Line] = []
    blanks = 0
    for number, text in lines:
        if not text.strip():
            blanks += 1
            out.append((number, text))
            continue
        if blanks >= 2 and out:
            prev_index = len(out) - blanks - 1
            prev_number, prev = out[prev_index] if prev_index >= 0 else (0, "")
            stripped = prev.rstrip()
            if (len(stripped) >= 40 and stripped[-1] not in ".!?:" and not MD_HEADING.match(prev)
                    and (text.lstrip()[:1].islower() or stripped.endswith(","))):
                del out[prev_index:]
                out.append((prev_number, f"{stripped} {text.strip()}"))
                blanks = 0
                continue
        blanks = 0
        out.append((number, text))
    return out


def take_attachments(lines: list[Line], listed: bool = False) -> tuple[list[Line], list[str]]:
    """Attachment titles out of a section's lines: the text after a "./." or,
    after a "./." alone (or under a "Bilag" heading: ``listed``), the lines
    that follow. A line with a real web address after the marker is text
    ("For mere information: <https://…>") and ends the run."""
    kept: list[Line] = []
    titles: list[str] = []
    in_run = listed
    for number, text in lines:
        mark = ATTACHMENT_MARK.match(text)
        if mark:
            if mark.group(1):
                titles.append(attachment_title(mark.group(1)))
            else:
                in_run = True
            continue
        if in_run and text.strip():
            if REAL_URL.search(text) or len(text.strip()) > 200:
                in_run = False
            else:
                titles.append(attachment_title(text))
                continue
        kept.append((number, text))
    return kept, [t for t in titles if t]


def attachment_title(text: str) -> str:
    bullet = BULLET.match(text)
    text = bullet.group(2) if bullet else text
    return plain(text).rstrip(" .")


def blocks(lines: list[Line]) -> list[list[Line]]:
    """Paragraphs: runs of non-blank lines."""
    out: list[list[Line]] = [[]]
    for number, text in lines:
        if text.strip():
            out[-1].append((number, text))
        elif out[-1]:
            out.append([])
    return [b for b in out if b]


def to_markdown(lines: list[Line], headings: bool = True) -> str:
    """The section's text as Markdown; ``headings``: short lines standing
    alone become "### " headings (case texts; not recommendations and
    decisions, whose lines are never headings in these documents)."""
    paragraphs = blocks(join_page_breaks(lines))
    out = []
    for index, block in enumerate(paragraphs):
        more_follows = index + 1 < len(paragraphs)
        heading = headings and more_follows and block_heading(block)
        out.append(f"### {heading}" if heading else block_markdown(block))
    return "\n\n".join(out).strip()


def block_heading(block: list[Line]) -> str | None:
    """The heading a one-line paragraph is, if it is one: a Markdown
    heading, a line wholly in bold or italics, a lone bullet or a short line
    that reads as a heading."""
    if len(block) != 1:
        return None
    text = dead_links(block[0][1]).strip()
    if (match := MD_HEADING.match(text)):
        return plain(match.group(1)) or None
    bullet = BULLET.match(text)
    text = bullet.group(2).strip() if bullet else text
    unwrapped = unwrap_emphasis(text)
    emphasised = unwrapped != text and "*" not in unwrapped
    return unwrapped if is_heading_text(unwrapped, emphasised) else None


def block_markdown(block: list[Line]) -> str:
    if any("\t" in text for _, text in block):
        return table(block)
    out = []
    for index, (_, text) in enumerate(block):
        last = index + 1 == len(block)
        text = dead_links(text.rstrip() if last else text.rstrip("\t"))
        bullet = BULLET.match(text)
        if bullet:
            indent, content = bullet.groups()
            level = (len(indent) + 3) // 4
            text = "    " * level + "- " + unwrap_emphasis(content)
        else:
            hard_break = text.endswith("  ")
            text = unwrap_emphasis(text.strip()) + ("  " if hard_break and not last else "")
        out.append(text)
    return "\n".join(out)


def table(block: list[Line]) -> str:
    """Tab-separated rows → a Markdown table, the first row its head; a
    column of amounts is right-aligned, as the transcriptions have it."""
    rows = [[cell.strip() for cell in text.split("\t")] for _, text in block]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]

    def numeric(col: int) -> bool:
        cells = [row[col] for row in rows[1:] if row[col]]
        return bool(cells) and all(re.fullmatch(r"[-+]?[\d.,]+\s*%?", c) for c in cells)

    def line(cells: list[str]) -> str:
        return "|" + "|".join(f" {c} " if c else " " for c in cells) + "|"

    rule = "|" + "|".join("---:" if col and numeric(col) else "---" for col in range(width)) + "|"
    return "\n".join([line(rows[0]), rule, *(line(row) for row in rows[1:])])
