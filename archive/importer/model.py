"""What a reader makes of one document: the meeting and its items as the
document prints them (names as written, not yet slugs), with the line each
part came from and the lines it could not place."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class ImportError_(Exception):
    """A document that cannot be imported at all: one clear message naming
    the file and what was expected (unreadable, encrypted, scanned without
    text, not a format we know). Nothing is written."""


@dataclass
class ImportedStep:
    """An earlier treatment of the case (FirstAgenda's Sagsforløb)."""

    committee: str            # the body's name as printed ("Magistraten")
    date: dt.date
    number: str
    decision: str = ""        # Markdown
    positions: list[dict] = field(default_factory=list)   # {"stance", "parties": [names], "people": [names], "note"}
    absent: list[str] = field(default_factory=list)       # names


@dataclass
class ImportedItem:
    number: str               # as printed: "5", "3.2", "eventuelt"
    title: str
    line: int                 # where the item starts in the document
    presenters: list[str] = field(default_factory=list)   # names as printed ("v. Flemming Storgaard")
    case: str | None = None   # SAG-2019-03640, EMN-2025-010561, …
    case_handler: str = ""
    # The item's text by role (records.SECTION_ROLES): ("decision", md),
    # ("recommendation", md), ("summary", md), ("case_text", md), or
    # ("plain:<heading>", md) for a section the archive names itself.
    sections: list[tuple[str, str]] = field(default_factory=list)
    closed: bool = False
    outcome: str | None = None
    positions: list[dict] = field(default_factory=list)   # as ImportedStep.positions
    absent: list[str] = field(default_factory=list)
    steps: list[ImportedStep] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)  # titles, as listed
    # Attachments whose text the document carries (an attachment packet):
    # (title, Markdown), each written as a page of its own.
    attachment_pages: list[tuple[str, str]] = field(default_factory=list)
    # Meetings a "Kommende møder" calendar announces: {"committee": name as
    # printed ("KKR Midtjylland"), "date": dt.date, "note": text after the date}.
    schedule: list[dict] = field(default_factory=list)


@dataclass
class ImportedMeeting:
    source: str               # the document's file name
    reader: str = ""          # the reader that read it (formats.READERS)
    committee: str | None = None   # a committee named by the document, if any
    date: dt.date | None = None
    kind: str = "agenda"      # agenda | minutes
    start: str | None = None  # "HH:MM"
    end: str | None = None
    place: str = ""
    title: str = ""
    participants_text: str = ""
    # Parts of the meeting as printed ("Temamøde med …  klokken 11.30 – 12.30"):
    # {"title", "start", "end" ("HH:MM" or None), "cancelled": bool, "note": rest of the line}.
    sessions: list[dict] = field(default_factory=list)
    # Headings over numbered items ("3" → "Regionalpolitiske sager" over 3.1, 3.2).
    groups: dict[str, str] = field(default_factory=dict)
    participants: list[str] = field(default_factory=list)   # names
    apologies: list[str] = field(default_factory=list)      # names
    intro: str = ""           # text about the meeting as a whole, Markdown
    items: list[ImportedItem] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (line, text) not recognised
    notes: list[str] = field(default_factory=list)          # what the reader wants a person to know
