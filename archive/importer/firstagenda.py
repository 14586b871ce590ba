"""What FirstAgenda's HTML page and its PDF export have in common.

Both readers turn their document into a stream of headings and paragraphs
per item; this module makes the item of it: the sections by their headings,
the case's earlier treatment (Sagsforløb → steps), the attachments (Bilag),
and the decision sentences that record how parties and members stood
(README, "Decisions as they are recorded"). It also reads the meeting
header's fields (Udvalg, Mødedato, Mødested, …).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..danish import MONTHS
from . import words
from .model import ImportedItem, ImportedMeeting, ImportedStep


@dataclass
class Heading:
    text: str   # as printed; "" where FirstAgenda prints a text field without a heading
    line: int


@dataclass
class Para:
    text: str   # one paragraph, Markdown
    line: int
    list_item: bool = False   # "- …", "1. …": no blank line between neighbouring items


STEPS, ATTACHMENTS = "steps", "attachments"
INTRO, PROPOSAL = "plain:Indledning", "plain:Beslutningsforslag"
# FirstAgenda's headings by role; any other heading is "plain:<heading>".
ROLES = {"beslutninger": "decision", "beslutning": "decision", "resume": "summary",
         "beslutningspunkter": "recommendation", "indstilling": "recommendation",
         "sagsfremstilling": "case_text", "sagsforløb": STEPS, "bilag": ATTACHMENTS}

CASE = re.compile(r"(?P<case>[A-ZÆØÅ]{2,}-\d{4}-\d{3,}|\d\d\.\d\d\.\d\d-[A-ZÆØÅ]\d\d-\d+-\d\d|\d{3}-\d{4}-\d+)"
                  r"(?:\s+(?P<handler>\S.*))?$")
LIST_ITEM = re.compile(r"^(?:[-•▪–]\s+|\d{1,2}\.\s+(?=[A-ZÆØÅ]))")
_PROPOSAL = re.compile(r"^BESLUTNINGSFORSLAG\b")
_LEAD = re.compile(r"^INDSTILLING FRA [A-ZÆØÅ ,.-]+$")   # "INDSTILLING FRA MAGISTRATSAFDELINGEN FOR …"
STEP_FIELD = re.compile(r"^(Udvalg|Dato|Punktnummer)\s*:\s*(.*)$")


# ----- the meeting header ------------------------------------------------------

_DATE = re.compile(r"(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b")
_TIME = re.compile(r"kl\.?\s*(\d{1,2})[.:](\d{2})(?:\s*[-–]\s*(\d{1,2})[.:](\d{2}))?")


def parse_date(text: str) -> dt.date | None:
    """'onsdag den 1. oktober 2025', 'Onsdag d. 27. august 2025', '02-09-2025'."""
    try:
        if m := _DATE.search(text):
            return dt.date(int(m[3]), [n.casefold() for n in MONTHS].index(m[2].casefold()) + 1, int(m[1]))
        if m := _NUMERIC_DATE.search(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def kind_of(title: str) -> str:
    return "minutes" if title.strip().casefold().startswith("referat") else "agenda"


def header_field(meeting: ImportedMeeting, label: str, value: str) -> bool:
    """Put one labelled field of the meeting header in place; False for a label
    this reader does not know (the caller keeps the line as unplaced)."""
    label = label.strip().rstrip(":").casefold()
    if label == "udvalg":
        meeting.committee = value
    elif label == "mødedato":
        meeting.date = parse_date(value)
        if m := _TIME.search(value):
            meeting.start = f"{int(m[1]):02d}:{m[2]}"
            meeting.end = f"{int(m[3]):02d}:{m[4]}" if m[3] else None
    elif label == "mødested":
        meeting.place = value
    elif label in ("mødedeltagere", "deltagere"):
        meeting.participants_text = value
        meeting.participants = [n for n in _split_names(value) if _is_name(n)]
    elif label in ("afbud", "fraværende"):
        meeting.apologies = [n for n in _split_names(value) if _is_name(n)]
    elif label == "information":
        meeting.intro = value
    else:
        return False
    return True


# ----- an item -------------------------------------------------------------------

def build_item(number: str, title: str, line: int, content: list[Heading | Para], *, case: str | None,
               case_handler: str = "", closed: bool, minutes: bool, corpus: str,
               meeting: ImportedMeeting) -> ImportedItem:
    """The item from its headings and paragraphs in document order. Text
    before any heading is the decision of a closed item in minutes (its only
    text), else an introduction; an unheaded field after the decision is
    "Indledning". ``corpus`` (all the document's text) gives back the casing
    of words that a heading prints in capitals."""
    item = ImportedItem(number=number, title=title, line=line, case=case, case_handler=case_handler, closed=closed)
    sections: dict[str, list[Para]] = {}
    steps: list[Para] = []
    attachments: list[Para] = []
    role: str | None = None   # where the next paragraph goes; "unheaded" after an unheaded field begins
    lead: list[Para] = []     # "INDSTILLING FRA …" and its text: FirstAgenda prints it just before "Resume"

    def open_section(name: str) -> None:
        nonlocal lead
        sections.setdefault(name, []).extend(lead)
        lead = []

    for element in content:
        if isinstance(element, Heading):
            if element.text:
                heading = element.text.strip().rstrip(":").strip()
                role = ROLES.get(heading.casefold(), f"plain:{heading}")
                if role not in (STEPS, ATTACHMENTS):
                    open_section(role)
            elif role in (None, "decision"):
                role = "unheaded"
            continue
        text = element.text.strip()
        if text == ".":   # FirstAgenda's placeholder for an empty field
            meeting.notes.append(f"item {number}: a field holding only '.' (line {element.line}) is left out")
            continue
        if _PROPOSAL.match(text):   # "BESLUTNINGSFORSLAG FRA DD": the proposal as its mover wrote it
            role = PROPOSAL
            open_section(role)
            continue
        if _LEAD.match(text):
            role = "lead"
            lead = [Para(f"**{_recase(text, corpus)}**", element.line)]
            continue
        if role == "lead":
            lead.append(element)
            continue
        if role is None or role == "unheaded":
            role = "decision" if role is None and closed and minutes else INTRO
            open_section(role)
        if role == STEPS:
            steps.append(element)
        elif role == ATTACHMENTS:
            attachments.append(element)
        else:
            sections[role].append(element)
    if lead:   # no section followed it: it stands as a section of its own
        sections.setdefault("plain:" + lead[0].text.strip("*"), []).extend(lead[1:])

    if "decision" in sections:
        kept, item.positions, item.absent = decision_positions(sections["decision"])
        sections["decision"] = kept
    if PROPOSAL in sections:
        sections[PROPOSAL] = _subheadings(sections[PROPOSAL])
    item.sections = [(name, markdown(paras)) for name, paras in sections.items() if paras]
    item.steps = _steps(steps, number, meeting)
    item.attachments = [p.text for p in attachments]
    return item


def markdown(paras: list[Para]) -> str:
    out = []
    for i, para in enumerate(paras):
        if i:
            out.append("\n" if para.list_item and paras[i - 1].list_item else "\n\n")
        out.append(re.sub(r"^[•▪–]\s+", "- ", para.text))
    return "".join(out)


def _recase(caps: str, corpus: str) -> str:
    """'INDSTILLING FRA MAGISTRATSAFDELINGEN FOR TEKNIK OG MILJØ' → 'Indstilling
    fra Magistratsafdelingen for Teknik og Miljø': the longest tail of the
    heading that the document also prints in ordinary case keeps that casing."""
    words = caps.split()
    for i in range(1, len(words)):
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, words[i:])) + r"(?!\w)"
        for m in re.finditer(pattern, corpus, re.IGNORECASE):
            if not m[0].isupper():
                text = " ".join(words[:i]).lower() + " " + " ".join(m[0].split())
                return text[:1].upper() + text[1:]
    return caps.lower().capitalize()


SUBHEADING = re.compile(r"^(?:[A-ZÆØÅ][a-zæøå]+:?"                 # "Baggrund:", "Forslag"
                        r"|[A-ZÆØÅ][a-zæøå]+(?: [a-zæøå]+){1,2}"     # "Opfølgende handling"
                        r"|[A-ZÆØÅ][^.:;!?]{0,80}\?)$")              # "Hvad vil det konkret indebære?"


def _subheadings(paras: list[Para]) -> list[Para]:
    """A proposal's own headings ("Baggrund:", "Opfølgende handling", "Hvorfor
    er … vigtig?") are plain lines in the PDF: a one-line paragraph of at most
    three words with only the first capitalised (a name such as "Jakob Søgaard
    Clausen" is not one), or a short question, followed by more text."""
    out = []
    for i, para in enumerate(paras):
        if i + 1 < len(paras) and not para.list_item and SUBHEADING.match(para.text):
            para = Para("### " + para.text.rstrip(":"), para.line)
        out.append(para)
    return out


def _steps(paras: list[Para], number: str, meeting: ImportedMeeting) -> list[ImportedStep]:
    """Sagsforløb: "Udvalg: …", "Dato: dd-mm-yyyy", "Punktnummer: N", then the
    decision there (its position sentences taken out as for the item)."""
    groups: list[dict] = []
    for para in paras:
        field = STEP_FIELD.match(para.text)
        if field and field[1] == "Udvalg":
            groups.append({"Udvalg": field[2].strip(), "line": para.line, "paras": []})
        elif field and groups and not groups[-1]["paras"] and field[1] not in groups[-1]:
            groups[-1][field[1]] = field[2].strip()
        elif groups:
            groups[-1]["paras"].append(para)
        else:
            meeting.unplaced.append((para.line, para.text))
    steps = []
    for group in groups:
        date = parse_date(group.get("Dato", ""))
        if date is None or not group.get("Punktnummer"):
            meeting.notes.append(f"item {number}: a step of Sagsforløb without date or item number "
                                 f"(line {group['line']})")
            meeting.unplaced.extend((p.line, p.text) for p in group["paras"])
            continue
        kept, positions, absent = decision_positions(group["paras"])
        steps.append(ImportedStep(committee=group["Udvalg"], date=date, number=group["Punktnummer"].lstrip("0") or "0",
                                  decision=markdown(kept), positions=positions, absent=absent))
    return steps


# ----- decision sentences → positions ---------------------------------------------

_STANCES = [
    ("reservation", re.compile(r"^(?P<who>.+?) tog forbehold(?:\s+(?P<note>.+?))?\.?$")),
    # "… indstillingen men henholdt sig til …" → note "men henholdt sig til …";
    # "… indstillingens beslutningspunkt 5" → note "indstillingens beslutningspunkt 5"
    ("against", re.compile(r"^(?P<who>.+?) kunne ikke tiltræde "
                           r"(?:indstillingen\b\s*(?P<note>.*?)|(?P<own>indstillingens\b.+?))\.?$")),
    ("for", re.compile(r"^(?P<who>.+?) kunne tiltræde "
                       r"(?:indstillingen\b\s*(?P<note>.*?)|(?P<own>indstillingens\b.+?))\.?$")),
    ("abstained", re.compile(r"^(?P<who>.+?) undlod at stemme(?:\s+(?P<note>.+?))?\.?$")),
]
_ABSENT = re.compile(r"^(?P<who>.+?) (?:deltog ikke i (?:sagens|punktets) behandling|var forhindret i at deltage\b.*?"
                     r"|var fraværende)\.?$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_GROUPS = re.compile(r"^(?P<groups>.+?)\s+byrådsgrupp(?:e|er|en|erne)\b(?:\s*(?:,|\bog\b)\s*(?P<rest>.+))?$")
_PARTICLES = {"de", "det", "den", "von", "van", "af", "la", "le"}
# Words of Danish party names, should the word list lack one.
_PARTY_WORDS = {"venstre", "radikale", "liberal", "alliance", "konservative", "folkeparti", "socialistisk",
                "enhedslisten", "rød", "grønne", "alternativet", "nye", "borgerlige", "moderaterne"}


def decision_positions(paras: list[Para]) -> tuple[list[Para], list[dict], list[str]]:
    """The sentences that are plainly a stance ("Venstre tog forbehold.", "X og
    Y kunne ikke tiltræde indstillingen.") or an absence ("X deltog ikke i
    sagens behandling.") become positions and absent names; the rest stays
    decision text. FirstAgenda gives each such sentence a line of its own; a
    PDF may run it on after the decision, so sentences are looked at one by
    one. A sentence whose subject is not a list of names ("Et flertal i
    udvalget kunne tiltræde …") stays text."""
    kept, positions, absent = [], [], []
    for para in paras:
        rest: list[str] = []
        for sentence in _SENTENCE_END.split(" ".join(para.text.split())):
            found = _stance(sentence)
            if found is None:
                rest.append(sentence)
                continue
            if rest:   # text before the stance was a paragraph of its own
                kept.append(Para(" ".join(rest), para.line, para.list_item))
                rest = []
            if found["stance"] == "absent":
                absent.extend(found["people"])
            else:
                positions.append(found)
        if rest:
            kept.append(Para(" ".join(rest), para.line, para.list_item))
    return kept, positions, absent


def _stance(sentence: str) -> dict | None:
    if (m := _ABSENT.match(sentence)) and (names := _names(m["who"])) and not names[0]:
        return {"stance": "absent", "people": names[1]}
    for stance, pattern in _STANCES:
        if (m := pattern.match(sentence)) and (names := _names(m["who"])):
            position = {"stance": stance, "parties": names[0], "people": names[1]}
            if note := (m.groupdict().get("own") or m["note"] or "").strip():
                position["note"] = note
            return position
    return None


def _names(who: str) -> tuple[list[str], list[str]] | None:
    """'Socialistisk Folkepartis og Enhedslisten de Rød-Grønnes byrådsgrupper og
    Viggo Jonasen' → (['Socialistisk Folkeparti', 'Enhedslisten de Rød-Grønne'],
    ['Viggo Jonasen']); None when it is not a list of names."""
    parties, people = [], []
    if m := _GROUPS.match(who):
        # "… byrådsgrupper" puts the party names before it in the genitive
        parties = [n[:-1] if n.endswith("s") else n for n in _split_names(m["groups"])]
        who = m["rest"] or ""
    for name in _split_names(who):
        (parties if _is_party(name) else people).append(name)
    if not parties and not people or not all(_is_name(n) for n in parties + people):
        return None
    return parties, people


def _split_names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r",\s*|\s+og\s+|\s+&\s+", text) if n.strip()]


def _is_name(name: str) -> bool:
    words = name.split()
    return any(w[0].isupper() for w in words) and all(w[0].isupper() or w.casefold() in _PARTICLES for w in words)


def _is_party(name: str) -> bool:
    """A party, not a person: one word ("Venstre", "Alternativet" — members are
    named with first and last name), a name with "parti", or words that are
    all ordinary Danish words ("Liberal Alliance", "Enhedslisten de Rød-Grønne")
    where a person's name has a first name or surname that is not."""
    parts = [w.casefold() for w in re.split(r"[\s-]+", name) if w.casefold() not in _PARTICLES]
    if len(name.split()) == 1 or any(w.endswith(("parti", "partiet")) for w in parts):
        return True
    return all(w in _PARTY_WORDS or w in words.common() for w in parts)


