"""The header of a Word agenda or minutes, as the text reader sees it:
the title ("Dagsorden for møde i … den 9. april 2021", or KKR's "DAGSORDEN
2019" over "KKR MIDTJYLLAND"), the labelled lines ("Tid og sted:",
"Deltagere:", "Afbud:", "Dato:", "Sted:"), the parts of the meeting
("Temamøde med … klokken 11.30 – 12.30") and text about the meeting as a
whole (the intro). A fragment that is none of these goes to ``unplaced``.
"""
from __future__ import annotations

import datetime as dt
import re

from ..danish import MONTHS, WEEKDAYS
from .model import ImportedMeeting
from .text_markdown import BULLET, MD_HEADING, Line, blocks, plain, to_markdown

MONTH_NAMES = "|".join(MONTHS)
DATE = re.compile(rf"(\d{{1,2}})\.\s*({MONTH_NAMES})\s+(\d{{4}})", re.IGNORECASE)
WEEKDAY_DATE = re.compile(rf"\b({'|'.join(WEEKDAYS)})\s+(?:den\s+)?{DATE.pattern}", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?")
_TIME = r"\d{1,2}(?:[.:]\d{2})?"
_DASH = r"(?:[–—-]|til)"
TIME_RANGE = re.compile(rf"\bkl(?:\.|okken)?\s*({_TIME})\s*{_DASH}\s*({_TIME})", re.IGNORECASE)
FIELD = re.compile(r"^(Tid og sted|Tid|Sted|Mødested|Dato|Deltagere|Afbud|Fraværende)\s*:\s*(.*)$", re.IGNORECASE)
SESSIONS = (
    re.compile(rf"^(?P<title>.+?)\s+(?:klokken|kl\.)\s*(?P<start>{_TIME})\s*{_DASH}\s*(?P<end>{_TIME})\.?(?P<rest>.*)$", re.I),
    re.compile(rf"^(?:klokken|kl\.)\s*(?P<start>{_TIME})\s*{_DASH}\s*(?P<end>{_TIME})\s*:\s*(?P<title>.+?)(?P<rest>)$", re.I),
    re.compile(r"^(?P<title>[^\d]+?)\s+(?P<start>\d{1,2}[.:]\d{2})\s*[–—-]\s*(?P<end>\d{1,2}[.:]\d{2})\.?(?P<rest>.*)$"),
)
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
NAME = re.compile(r"^[A-ZÆØÅ][\w'.-]*(?:\s+(?:[A-ZÆØÅ][\w'.-]*|af|de|von|van))+$")


def read_header(lines: list[Line], meeting: ImportedMeeting) -> None:
    """Title, header fields, sessions and text about the meeting as a whole;
    a fragment that is none of these is kept in ``unplaced``."""
    title: list[str] = []
    intro: list[Line] = []
    intro_parts: list[str] = []
    fields: dict[str, list[Line]] = {}
    in_intro = False
    for k, block in enumerate(b for b in blocks(lines) if not all(RULE.match(t) for _, t in b)):
        heading = MD_HEADING.match(block[0][1])
        if k == 0 and not FIELD.match(plain(block[0][1])):
            title = [plain(t) for _, t in block]
            continue
        if (title and heading and len(block) == 1 and not fields and not intro and not meeting.sessions
                and block[0][1].lstrip().startswith(("# ", "## "))):
            title.append(plain(block[0][1]))   # KKR: "## DAGSORDEN 2019", "# KKR MIDTJYLLAND"
            continue
        rest = split_fields(block, fields)
        if not rest:
            continue
        if all(sessions := [session(t) for _, t in rest]):
            meeting.sessions += sessions
            continue
        if re.fullmatch(r"Referat\s*:?", plain(rest[0][1]), re.IGNORECASE):
            # Minutes: what was said about the meeting as a whole.
            intro_parts += [to_markdown(intro), "## Referat"]
            intro, in_intro, rest = rest[1:] + [(0, "")], True, []
        if not rest:
            continue
        if in_intro or heading or is_prose(rest):
            intro += rest + [(0, "")]
        else:
            meeting.unplaced += rest
    meeting.intro = "\n\n".join(p for p in intro_parts + [to_markdown(intro)] if p)
    set_title(meeting, title)
    set_fields(meeting, fields)


def split_fields(block: list[Line], fields: dict[str, list[Line]]) -> list[Line]:
    """Take "Label: value" lines and the lines continuing them out of a
    paragraph; return the lines before the first label."""
    rest, current = [], None
    for number, text in block:
        label = FIELD.match(plain(text))
        if label:
            current = label.group(1).lower()
            fields[current] = [(number, label.group(2))] if label.group(2).strip() else []
        elif current:
            fields[current].append((number, text))
        else:
            rest.append((number, text))
    return rest


def session(text: str) -> dict | None:
    """"Temamøde med X klokken 11.30 – 12.30", "**Klokken 10 – 11: Ordinært møde**"."""
    bullet = BULLET.match(text)
    text = plain(bullet.group(2) if bullet else text)
    for pattern in SESSIONS:
        if (m := pattern.match(text)):
            rest = m.group("rest").strip(" .,")
            return {"title": m.group("title").strip(" \"”“'"), "start": clock(m.group("start")),
                    "end": clock(m.group("end")), "cancelled": "aflys" in rest.lower(), "note": rest.strip(" -")}
    return None


def is_prose(block: list[Line]) -> bool:
    """A sentence or more ("Evt. afbud sendes til …@…"), not a fragment."""
    text = " ".join(t.strip() for _, t in block)
    words = len(text.split())
    return words >= 4 and (text[-1] in ".!?:)" or "@" in text or words >= 8)


def clock(text: str) -> str:
    hours, _, minutes = text.replace(".", ":").partition(":")
    return f"{int(hours):02d}:{minutes or '00'}"


def set_title(meeting: ImportedMeeting, parts: list[str]) -> None:
    """"DAGSORDEN 2019" + "KKR MIDTJYLLAND" → one title; a part that goes on
    in lower case continues the one before ("… netværket", "i den … region")."""
    title = ""
    for part in parts:
        title = f"{title} {part}" if title and part[:1].islower() else f"{title} – {part}" if title else part
    meeting.title = title
    if (named := re.search(r"\bmøde i (.+?),?\s+(?:den\s+)?\d{1,2}\.", title, re.IGNORECASE)):
        meeting.committee = named.group(1)
    else:
        names = [p for p in parts if not re.search(r"dagsorden|referat|\d", p, re.IGNORECASE)]
        meeting.committee = " ".join(names) or None
    lowered = title.lower()
    meeting.kind = "minutes" if "referat" in lowered else "agenda"
    if (date := DATE.search(title)):
        meeting.date = to_date(*date.groups())


def set_fields(meeting: ImportedMeeting, fields: dict[str, list[Line]]) -> None:
    def value(name: str) -> str:
        return " ".join(t.strip() for _, t in fields.get(name, []))

    when = value("tid og sted") or value("tid")
    if when:
        weekday = WEEKDAY_DATE.search(when) or DATE.search(when)
        times = TIME_RANGE.search(when)
        if times:
            meeting.start, meeting.end = clock(times.group(1)), clock(times.group(2))
        rest = when[(times or weekday).end():] if (times or weekday) else ""
        meeting.place = re.sub(r"^(?:Mødet\s+(?:afholdes|holdes|blev\s+afholdt)\s+(?:som|på|i)\s+)", "",
                               rest.strip(" ,."), flags=re.IGNORECASE).rstrip(".")
        if weekday:
            choose_date(meeting, weekday)
    if (dated := value("dato")):
        numeric = NUMERIC_DATE.search(dated)
        if numeric:
            meeting.date = meeting.date or dt.date(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
            if numeric.group(4):
                meeting.start = meeting.start or f"{int(numeric.group(4)):02d}:{numeric.group(5)}"
        elif (date := DATE.search(dated)):
            meeting.date = meeting.date or to_date(*date.groups())
    meeting.place = value("sted") or value("mødested") or meeting.place
    meeting.participants_text = value("deltagere")
    meeting.participants = names_in(fields.get("deltagere", []), meeting, strict=False)
    meeting.apologies = names_in(fields.get("afbud", []) + fields.get("fraværende", []), meeting, strict=True)


def choose_date(meeting: ImportedMeeting, printed: re.Match) -> None:
    """The title's date and the "Tid og sted" date; when they differ, the one
    that falls on the printed weekday wins, and a note says so."""
    has_weekday = printed.re is WEEKDAY_DATE
    date = to_date(*printed.groups()[1:]) if has_weekday else to_date(*printed.groups())
    if meeting.date is None:
        meeting.date = date
    elif date != meeting.date:
        weekday = printed.group(1).lower() if has_weekday else None
        if weekday and WEEKDAYS[date.weekday()] == weekday and WEEKDAYS[meeting.date.weekday()] != weekday:
            meeting.date = date
        meeting.notes.append(f"the title and 'Tid og sted' give different dates ({printed.group(0)}); "
                             f"{meeting.date.isoformat()} taken")


def names_in(lines: list[Line], meeting: ImportedMeeting, strict: bool) -> list[str]:
    """"Lasse Jakobsen, Viborg Kommune" lines → the names. For apologies a
    line without a name is kept in ``unplaced``; a participants text that is
    a description ("Kommunaldirektørerne i …") names no one."""
    names = []
    for number, text in lines:
        parts = [p.strip() for p in text.strip().split(",")]
        if parts[0] and NAME.match(parts[0]) and len(parts[0].split()) <= 6:
            names.append(parts[0])
            if len(parts) > 2:
                meeting.notes.append(f"line {number}: only the name '{parts[0]}' taken from '{text.strip()}'")
        elif strict:
            meeting.unplaced.append((number, text))
        else:
            return []
    return names


def to_date(day: str, month: str, year: str) -> dt.date:
    return dt.date(int(year), MONTHS.index(month.lower()) + 1, int(day))
