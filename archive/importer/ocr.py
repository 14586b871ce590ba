"""Reader for OCR text of scanned minutes (KD-Net, 29 May 2020: seed 004).

The text is repaired first (``ocr_repair``: æ/ø/å, hyphen-split words, page
furniture), what the scan lost of the layout is put back (``restore_layout``:
item numbers, wrapped headings, header values printed apart from their
labels, paragraphs broken by a blank line), its bullets, which the OCR read
as "e", "o", "¢" or "«", are made "- " again, and the text reader parses the
result; each step leaves a note for a person to check. The scan goes on
after the minutes with a packet of attachments; its pages start at the first
page after the minutes' last item ("Eventuelt"). ``read`` leaves the packet
out of the minutes (and says so in the notes); ``packet`` returns its
documents, each with the dates that show which meeting it belongs to.

Pages: the OCR export starts every page's text with a space (or a form feed).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from ..danish import MONTHS
from . import text as text_reader
from .model import ImportedMeeting, ImportError_
from .ocr_repair import Repair, archive_vocabulary, readings_match, repair
from .text_markdown import to_markdown

CONTENT = Path(__file__).resolve().parents[2] / "content"

PAGE_START = re.compile(r"^(?:\f| (?=\S))")
LAST_ITEM = re.compile(r"^\s*(?:\d+\.?\s*)?Eventuelt\s*$", re.IGNORECASE)
# A bullet as the OCR read it: "e", "o", "¢", "«", "+", "=", "•", a dash or a lone dot.
OCR_BULLET = re.compile(r"^(\s*)(?:[eo¢«+=•*—–]|\.(?=\s))\s+(?=\S)")
CASE_NUMBER = re.compile(r"\b(?:SAG|EMN)-\d{4}-\d{4,6}\b")
# What a document calls itself: "Samarbejdsaftale mellem …", "Udkast til …".
DOC_KINDS = ("samarbejdsaftale", "partnerskabsaftale", "aftalegrundlag", "aftale", "udkast", "referat",
             "dagsorden", "notat", "kommissorium", "vedtægter", "forretningsorden", "samarbejdspapir",
             "rammeaftale", "handlingsplan", "strategi")
OPENING_HEADINGS = ("formål og baggrund", "baggrund og formål")
# Words a title cannot end with: the title goes on in the next block.
TITLE_GOES_ON = {"og", "i", "for", "mellem", "om", "af", "til", "med", "på", "ved", "region"}
MONTH = "|".join(MONTHS)
DATES = (  # (pattern, the order of its groups; "my": a month alone)
    (re.compile(rf"\b(\d{{1,2}})\.\s*({MONTH})\s+(\d{{4}})\b", re.IGNORECASE), "dmy"),
    (re.compile(rf"\b({MONTH})\s+(\d{{4}})\b", re.IGNORECASE), "my"),
    (re.compile(r"\b(\d{1,2})[-.](\d{1,2})[-.](20\d\d)\b"), "dmy"),
    (re.compile(r"\b(20\d\d)\.(\d{2})\.(\d{2})\b"), "ymd"),
)


def read(path: Path, content: Path = CONTENT) -> ImportedMeeting:
    path = Path(path)
    lines = _lines(path)
    end = packet_start(lines)
    fixed = repair("\n".join(lines[:end]), archive_vocabulary(content))
    text, layout = restore_layout(fixed.text)
    meeting = text_reader.parse(bullets(text), path.name)
    meeting.notes += repair_notes(fixed) + layout
    if end < len(lines):
        meeting.notes.append(f"lines {end + 1}–{len(lines)}: a packet of attachments after the minutes, "
                             "not part of them; archive.importer.ocr.packet() returns its documents "
                             "with the meeting they belong to")
    return meeting


def repair_notes(fixed: Repair) -> list[str]:
    """What the repair did, for a person to check."""
    notes = [f"OCR repair: {len(fixed.changes)} words repaired or joined "
             f"({len(fixed.settled)} of them chosen among several Danish words as the one the archive uses)"]
    if fixed.dropped:
        notes.append("page furniture dropped: " + "; ".join(f"line {n}: {t!r} ({what})"
                                                          for n, t, what in fixed.dropped))
    if fixed.unsure:
        notes.append("OCR words left as printed (unsure): " + "; ".join(
            f"line {n}: {w!r}" + (f" ({' / '.join(c)})" if c else "") for n, w, c in fixed.unsure))
    return notes


def restore_layout(text: str) -> tuple[str, list[str]]:
    """What the scan lost of the page's layout, put back so that the text
    reader finds it, with a note for each: header labels read as a column
    before their values; item numbers the scan dropped from the heading
    column (the heading is the block above "Det indstilles", the number
    the next in the overview), a heading wrapped over two lines joined, and
    its words that differ from the overview's title by an OCR misreading
    only read as the overview prints them ("modet" → "mødet"); an item
    number left standing alone ("13.") dropped."""
    lines, notes = text.split("\n"), []
    _labels_before_values(lines, notes)
    _rejoin_paragraphs(lines, notes)
    toc = {e.number: e.title for e in text_reader.find_toc(list(enumerate(lines, 1)))[0]}
    last = 0
    for i, line in enumerate(lines):
        if re.fullmatch(r"\s*\d{1,2}\.\s*", line):
            notes.append(f"line {i + 1}: {line.strip()!r} stands apart from any heading: dropped")
            lines[i] = ""
        if not text_reader.RECOMMENDATION.match(line):
            continue
        block = _block_above(lines, i)
        if not block:
            continue
        heading = " ".join(lines[k].strip() for k in block)
        numbered = re.match(r"(\d+)\.\s+(.*)", heading)
        expected = str(last + 1)
        title = numbered.group(2) if numbered else heading.lstrip(".|¢«•- ")
        if numbered:
            last = int(numbered.group(1))
        elif " v. " in title or fuzz.token_set_ratio(title.casefold(), toc.get(expected, "").casefold()) >= 50:
            last += 1
            notes.append(f"line {block[0] + 1}: item number {expected} put back "
                         f"(the scan lost it; the overview lists {expected} as {toc.get(expected, '?')!r})")
        else:
            continue
        title = _as_overview(title, toc.get(str(last), ""), block[0] + 1, notes)
        lines[block[0]] = f"{last}. {title}"
        for k in block[1:]:
            lines[k] = ""
    return "\n".join(lines), notes


def _block_above(lines: list[str], i: int) -> list[int]:
    """The heading lines above line ``i``: the run of lines directly above
    it, or above the blank lines over it (three lines at most), from the top
    of a page or after a line that ends a sentence ("… revideres.")."""
    k = i - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    block = []
    while k >= 0 and lines[k].strip() and len(block) < 3:
        if block and lines[k].rstrip().endswith((".", ":")) and not re.search(r"\bv\.$", lines[k].rstrip()):
            break
        block.insert(0, k)
        if PAGE_START.match(lines[k]):
            break
        k -= 1
    label = block and re.match(r"\s*(Referat|Sagsfremstilling|Beslutning)\b", lines[block[0]], re.IGNORECASE)
    return [] if label else block


def _as_overview(title: str, overview: str, line: int, notes: list[str]) -> str:
    """Words of a heading that are the overview's words misread by the OCR
    (a known word such as "modet", which the repair may not change) read as
    the overview prints them."""
    wanted = {w.lower(): w for w in re.findall(r"[\w-]+", overview)}
    def fix(m: re.Match) -> str:
        word = m.group(0)
        for target in wanted.values():
            if word.lower() != target.lower() and readings_match(word.lower(), target.lower()):
                notes.append(f"line {line}: {word!r} read as {target!r}, as the overview prints it")
                return target if word[:1].islower() else target[:1].upper() + target[1:]
        return word
    return re.sub(r"[\w-]+", fix, title)


def _rejoin_paragraphs(lines: list[str], notes: list[str]) -> None:
    """A blank line the scan put inside a paragraph (a full line without a
    full stop, a blank line, the sentence going on in lower case): the rest
    is put after the line, so that the paragraph is one again."""
    joined = []
    for i in range(len(lines) - 2):
        line, rest = lines[i].rstrip(), lines[i + 2].strip()
        if (len(line) >= 60 and line[-1] not in ".:!?;" and not lines[i + 1].strip()
                and rest[:1].islower() and not OCR_BULLET.match(lines[i + 2])):
            lines[i] = f"{line} {rest}"
            lines[i + 2] = ""
            joined.append(i + 3)
    if joined:
        notes.append("paragraphs the scan broke with a blank line joined again at lines "
                     + ", ".join(map(str, joined)))


def _labels_before_values(lines: list[str], notes: list[str]) -> None:
    """"Deltagere:", "Afbud:" read as a column before their values: the
    values, paragraph by paragraph (one ending in a comma goes on in the
    next), are put after their labels."""
    label = re.compile(r"^\s*(Deltagere|Afbud|Fraværende)\s*:\s*$", re.IGNORECASE)
    for i, line in enumerate(lines):
        if not label.match(line):
            continue
        labels, k = [i], i + 1
        while k < len(lines) and (not lines[k].strip() or label.match(lines[k])):
            if lines[k].strip():
                labels.append(k)
            k += 1
        if len(labels) < 2:
            return
        values: list[list[int]] = []
        while k < len(lines) and len(values) < len(labels) and lines[k].strip():
            start = k
            while k + 1 < len(lines) and lines[k + 1].strip():
                k += 1
            if values and lines[values[-1][-1]].rstrip().endswith(","):
                values[-1] += list(range(start, k + 1))
            else:
                values.append(list(range(start, k + 1)))
            k += 1
            while k < len(lines) and not lines[k].strip() and lines[values[-1][-1]].rstrip().endswith(","):
                k += 1
            while k < len(lines) and not lines[k].strip() and len(values) < len(labels):
                k += 1
        for at, value in zip(labels, values):
            text = " ".join(lines[v].strip() for v in value)
            lines[at] = f"{lines[at].strip()} {text}"
            for v in value:
                lines[v] = ""
            notes.append(f"line {at + 1}: the value of {lines[at].split(':')[0]!r} was printed apart from it "
                         f"(line {value[0] + 1}); put after it")
        return


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportError_(f"{path.name}: cannot be read as UTF-8 text ({exc}); "
                           "expected the OCR text of a scanned agenda or minutes") from None


def bullets(text: str) -> str:
    """The OCR's readings of a bullet ("e", "o", "¢", …) as "- "."""
    return "\n".join(OCR_BULLET.sub(r"\1- ", line) for line in text.split("\n"))


def packet_start(lines: list[str]) -> int:
    """Index of the packet's first line: the first page after the last
    item's heading ("Eventuelt"); the end of the text without one."""
    last = next((i for i, line in enumerate(lines) if LAST_ITEM.match(line)), None)
    if last is None:
        return len(lines)
    return next((i for i in range(last + 1, len(lines)) if PAGE_START.match(lines[i])), len(lines))


# --- the attachment packet --------------------------------------------------------

def packet(path: Path, content: Path = CONTENT) -> list[tuple[str, str, str]]:
    """(title, Markdown, evidence) of each document in the attachment packet
    after the minutes; the evidence names the dates that place the document
    after the minutes' meeting and by the committee's next meeting."""
    return packet_with_meeting(path, content)[1]


def packet_with_meeting(path: Path, content: Path = CONTENT) -> tuple[dt.date | None, list[tuple[str, str, str]]]:
    """The meeting the packet belongs to — the committee's next meeting after
    the minutes' one, as the minutes name it — and the packet's documents as
    ``packet`` gives them: the minutes are repaired once for both."""
    path = Path(path)
    lines = _lines(path)
    start = packet_start(lines)
    vocabulary = archive_vocabulary(content)
    minutes = repair("\n".join(lines[:start]), vocabulary).text
    held, following = meeting_dates(minutes, content)
    spans = documents(lines, start)
    repaired = [repair("\n".join(lines[a:b]), vocabulary) for a, b, _ in spans]
    whole = " ".join(" ".join(r.text.split()) for r in repaired)
    names = registry_names(content)
    out = []
    for (a, b, how), fixed in zip(spans, repaired):
        doc = [(a + 1 + i, bullets(line)) for i, line in enumerate(fixed.text.split("\n"))]
        title, used = find_title(how, doc, whole, names)
        body = [(n, "" if n in used else t) for n, t in doc]
        evidence = f"source lines {a + 1}–{b}; " + dated(fixed.text, title, minutes, held, following)
        if fixed.dropped:
            evidence += "; dropped as page furniture: " + ", ".join(
                f"line {a + n} {t!r} ({what})" for n, t, what in fixed.dropped)
        out.append((title, to_markdown(body), evidence))
    return following, out


def documents(lines: list[str], start: int) -> list[tuple[int, int, str]]:
    """(first, end, how it opens) of each document of the packet. A
    document starts at the top of a page (or after three blank lines) with
    a masthead in capitals ("KKR MIDTJYLLAND"), a title naming its kind
    ("Samarbejdsaftale mellem …", "Udkast til …"), its first numbered
    section ("1. Partnerskabet") or an opening heading ("Formål og
    baggrund")."""
    found = [(start, _opens(" ".join(lines[start].split()), True, False) or "masthead")]
    for i in range(start + 1, len(lines)):
        line = " ".join(lines[i].split())
        blank_before = not "".join(lines[max(0, i - 3):i]).strip()
        if not line or not (PAGE_START.match(lines[i]) or blank_before):
            continue
        numbered = any(re.match(r"\s*1\.\s", earlier) for earlier in lines[found[-1][0]:i])
        if line == " ".join(lines[found[-1][0]].split()):
            continue                    # the document's title again: a running header
        how = _opens(line, blank_before, numbered)
        if how:
            found.append((i, how))
    ends = [i for i, _ in found[1:]] + [len(lines)]
    return [(i, end, how) for (i, how), end in zip(found, ends)]


def _opens(line: str, blank_before: bool, numbered_before: bool) -> str | None:
    """How ``line`` opens a document, if it does."""
    words = line.split()
    letters = re.sub(r"[^A-Za-zÆØÅæøå ]", "", line).strip()
    if letters and letters.isupper() and len(words) <= 3 and (len(words) > 1 or blank_before):
        return "masthead"
    if len(words) >= 3 and _fold(words[0]) in {_fold(k) for k in DOC_KINDS}:
        return "title"
    if re.match(r"1\.\s+[A-ZÆØÅ]\w+", line) and not numbered_before:
        return "numbered"
    if _fold(line) in {_fold(h) for h in OPENING_HEADINGS}:
        return "opening"
    return None


def _fold(text: str) -> str:
    """Lowercase without æ/ø/å, for comparing what the OCR may have damaged."""
    return " ".join(text.lower().translate(str.maketrans("æøå", "aoa")).split())


def registry_names(content: Path) -> list[str]:
    names = []
    for registry in ("topics.yaml", "committees.yaml", "organisations.yaml"):
        path = content / registry
        records = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        for record in (records or {}).values():
            names += [record.get("name", ""), record.get("short_name", ""), *record.get("aliases", ())]
    return [n for n in names if n]


def find_title(kind: str, doc: list[tuple[int, str]], packet_text: str, names: list[str]) -> tuple[str, set[int]]:
    """The document's own title and the lines it takes: the title lines of a
    titled document; the heading above the case number under a masthead
    (KL's minutes), or the masthead itself with the short lines under it
    ("GOVIECH", "Midtjylland"); for a document that prints no title, the
    name it calls itself ("denne partnerskabsaftale") as the packet quotes
    it elsewhere ("Partnerskabsaftale om DK2020 — …")."""
    filled = [(n, t.strip()) for n, t in doc if t.strip()]
    if kind == "title":
        return _title_block(doc, names)
    if kind == "masthead":
        case = next((k for k, (_, t) in enumerate(filled) if CASE_NUMBER.match(t)), None)
        if case is not None:
            above = _block_before(doc, filled[case][0])
            return " ".join(t for _, t in above), set()
        title, used = _title_block(doc, names, short=True)
        return _registered(title, names), used
    return _self_named(" ".join(t for _, t in filled), packet_text), set()


def _title_block(doc: list[tuple[int, str]], names: list[str], short: bool = False) -> tuple[str, set[int]]:
    """The first lines up to a blank line, and the next block too while the
    title cannot end yet ("… mellem Region" / "Midtjylland og …") or, under
    a masthead (``short``), while the next block is one short line; logo
    text ("regionmidtjylland": a registered name of two words written as
    one) left out."""
    logos = {re.sub(r"\W", "", n.lower()) for n in names if len(n.split()) > 1}
    words, used, blank = [], set(), False
    for number, text in doc:
        if not text.strip():
            blank = bool(words)
            continue
        goes_on = words and (words[-1].lower() in TITLE_GOES_ON or short and len(text.split()) <= 2)
        if blank and not goes_on:
            break
        blank = False
        used.add(number)
        words += [w for w in text.split() if w not in logos]
    return " ".join(words), used


def _block_before(doc, number: int) -> list[tuple[int, str]]:
    """The paragraph that ends above line ``number``."""
    before = [(n, t.strip()) for n, t in doc if n < number]
    while before and not before[-1][1]:
        before.pop()
    block = []
    while before and before[-1][1]:
        block.insert(0, before.pop())
    return block


def _registered(title: str, names: list[str]) -> str:
    """A masthead the OCR damaged ("GOVIECH Midtjylland") in the registered
    spelling of the name it nearly is ("GovTech Midtjylland")."""
    best = max(names, key=lambda n: fuzz.ratio(n.casefold(), title.casefold()), default=None)
    return best if best and fuzz.ratio(best.casefold(), title.casefold()) >= 85 else title


def _self_named(text: str, packet_text: str) -> str:
    called = Counter(m.group(1).lower() for m in re.finditer(
        r"\b(?:denne|nærværende|indeværende)\s+(\w+)", text, re.IGNORECASE)
        if m.group(1).lower().endswith(DOC_KINDS))
    if not called:
        return "Bilag"
    for kind, _ in called.most_common():
        quoted = re.search(rf"[\"“”]\s*({kind}\b[^\"“”]{{0,120}}?)\s*[\"”]", packet_text, re.IGNORECASE)
        if quoted:
            return quoted.group(1)
    return called.most_common(1)[0][0].capitalize()


# --- which meeting a document belongs to --------------------------------------------

def find_dates(text: str) -> list[tuple[dt.date, str]]:
    """(date, as printed) of the dates in a text; a month alone ("Juni
    2020") counts as its last day."""
    found, taken = [], []
    for pattern, order in DATES:
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue                # "maj 2020" inside "29. maj 2020"
            taken.append(m.span())
            try:
                if order == "my":
                    month, year = MONTHS.index(m.group(1).lower()) + 1, int(m.group(2))
                    day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
                elif order == "ymd":
                    year, month, day = (int(g) for g in m.groups())
                else:
                    day, month, year = m.groups()
                    month = MONTHS.index(month.lower()) + 1 if not month.isdigit() else int(month)
                    day, year = int(day), int(year)
                found.append((dt.date(year, month, day), m.group(0)))
            except ValueError:
                continue
    return found


def meeting_dates(minutes: str, content: Path) -> tuple[dt.date | None, dt.date | None]:
    """The minutes' own meeting date (the first full date printed) and the
    committee's next meeting: the first later date printed on a line that
    names the committee ("møde i KD-Net den 28. august 2020"). The committee
    is the registered one whose name the minutes' title carries."""
    dates = find_dates(minutes)
    if not dates:
        return None, None
    held = dates[0][0]
    head = _fold(" ".join(minutes.split("\n")[:3]))
    registry = yaml.safe_load((content / "committees.yaml").read_text(encoding="utf-8")) or {}
    names = next(([c["short_name"], *c.get("aliases", ())] for c in registry.values()
                  if _fold(c.get("name", "")) in head or any(_fold(a) in head for a in c.get("aliases", ()))), [])
    later = [d for line in minutes.split("\n") if any(n.lower() in line.lower() for n in names)
             for d, _ in find_dates(line) if d > held]
    return held, min(later, default=None)


def dated(text: str, title: str, minutes: str, held: dt.date | None, following: dt.date | None) -> str:
    """Why the document belongs to the meeting after the minutes' one."""
    if held is None or following is None:
        return "no meeting dates found in the minutes"
    belongs = f"belongs to the meeting of {following.isoformat()}"
    when = f"after the minutes' meeting of {held.isoformat()} and by that one"
    between = [printed for d, printed in find_dates(text) if held < d <= following]
    if between:
        return f"{belongs}: dated {when}: " + ", ".join(dict.fromkeys(f"'{p}'" for p in between))
    said = _announced(title, minutes, following)
    if said:
        return f"{belongs}: no date of its own between the meetings, but the minutes say: '{said}'"
    return (f"{belongs}: no date of its own between the meetings; it comes in the packet among "
            f"documents dated {when}")


def _announced(title: str, minutes: str, following: dt.date) -> str | None:
    """A line of the minutes that puts the document's subject (a word of its
    title) on the next meeting's agenda: "Rammeaftalen behandles i KD-net
    den 28. august" (the year may be left out)."""
    keys = [w.lower() for w in re.findall(r"\w{6,}", title)]
    day = re.compile(rf"\b{following.day}\.\s*{MONTHS[following.month - 1]}\b", re.IGNORECASE)
    lines = minutes.split("\n")
    for i, line in enumerate(lines):
        if day.search(line):
            window = re.findall(r"\w+", " ".join(lines[max(0, i - 8):i + 1]).lower())
            if any(w.startswith(k) for k in keys for w in window):
                return " ".join(line.split())
    return None
