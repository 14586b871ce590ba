"""The record model: what a committee, person, meeting or agenda item *is*.

Frozen pydantic models, so every field is parsed and type-checked in one
place and records cannot change once built. Field-level rules live here
(formats of slugs, times, item numbers); rules that need the whole archive
(does this slug exist?) live in ``validate.py``.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Time = Annotated[str, StringConstraints(pattern=r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
CaseNumber = Annotated[str, StringConstraints(pattern=r"^SAG-[0-9]{4}-[0-9]+$")]
# A period bound: a whole date, or just the year when that is all we know.
PeriodBound = dt.date | Annotated[int, Field(ge=1900, le=2200)]

ITEM_NUMBER = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)*|[a-z][a-z0-9-]*)$")
MEETING_KINDS = ("agenda", "minutes", "planned", "cancelled")


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Member(Record):
    person: Slug
    role: Text = ""
    from_: PeriodBound | None = Field(None, alias="from")
    until: PeriodBound | None = None


class Committee(Record):
    slug: Slug
    formerly: tuple[Slug, ...] = ()  # earlier slugs: their URLs redirect here
    name: Title
    short_name: Title
    aliases: tuple[Title, ...] = ()  # other names in the texts ("KKR")
    kind: Text = ""
    description: Text = ""
    parent: Slug | None = None
    standing_items: tuple[Title, ...] = ()
    members: tuple[Member, ...] = ()


class Organisation(Record):
    slug: Slug
    formerly: tuple[Slug, ...] = ()  # earlier slugs: their URLs redirect here
    name: Title
    kind: Literal["kommune", "region", "kl", "andet"] = "andet"


class Affiliation(Record):
    organisation: Slug
    title: Text = ""
    from_: PeriodBound | None = Field(None, alias="from")
    until: PeriodBound | None = None


class Person(Record):
    slug: Slug
    formerly: tuple[Slug, ...] = ()  # earlier slugs: their URLs redirect here
    name: Title
    variants: tuple[Title, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()


class Topic(Record):
    slug: Slug
    formerly: tuple[Slug, ...] = ()  # earlier slugs: their URLs redirect here
    name: Title
    aliases: tuple[Title, ...] = ()
    description: Text = ""


class Attachment(Record):
    title: Title
    file: Text | None = None  # relative to the meeting folder; .md → its own page
    # Derived by validation: the file's absolute path, and a Markdown page's text.
    source: str | None = None
    markdown: str | None = None

    @property
    def is_page(self) -> bool:
        return bool(self.file) and self.file.lower().endswith(".md")


class Session(Record):
    title: Title
    start: Time | None = None
    end: Time | None = None
    people: tuple[Slug, ...] = ()
    cancelled: bool = False


class Substitute(Record):
    person: Slug
    for_: Slug = Field(alias="for")


class PlannedMeeting(Record):
    """A meeting announced in an item (the *Kommende møder* calendar)."""

    committee: Slug
    date: dt.date
    note: Text = ""
    cancelled: bool = False


class Item(Record):
    # From the frontmatter:
    number: str
    title: Title
    presenters: tuple[Slug, ...] = ()
    topics: tuple[Slug, ...] = ()
    case: CaseNumber | None = None
    case_handler: Text = ""
    attachments: tuple[Attachment, ...] = ()
    schedule: tuple[PlannedMeeting, ...] = ()
    formerly: tuple[str, ...] = ()  # earlier numbers of this item: their URLs redirect here
    # From the body's ## sections (Markdown source):
    recommendation: str = ""
    background: str = ""
    case_text: str = ""
    decision: str = ""
    # From the meeting the item belongs to:
    committee: Slug
    date: dt.date
    source_path: str

    @field_validator("formerly", mode="before")
    @classmethod
    def _formerly(cls, values):
        return tuple(cls._number(v) for v in values) if isinstance(values, (list, tuple)) else values

    @field_validator("number", mode="before")
    @classmethod
    def _number(cls, value):
        """Accept 5, "5", "05", "3.2"; store the number as printed without
        leading zeros, which is also its URL segment."""
        text = str(value).strip().lower() if isinstance(value, (str, int)) else value
        if not isinstance(text, str) or not ITEM_NUMBER.match(text):
            raise ValueError("an item number is digits with dots (5, 3.2) or a lowercase word (eventuelt)")
        if text[0].isdigit():
            text = ".".join(str(int(part)) for part in text.split("."))
        return text

    @cached_property
    def key(self) -> tuple:
        """Identifies the item across the archive."""
        return (self.committee, self.date, self.number)

    @cached_property
    def sort_key(self) -> tuple:
        if self.number[0].isdigit():
            return (0, tuple(int(p) for p in self.number.split(".")), "")
        return (1, (), self.number)


# Fields of an item that come from its body or its meeting, never from frontmatter.
ITEM_DERIVED_FIELDS = ("recommendation", "background", "case_text", "decision",
                       "committee", "date", "source_path")


class Meeting(Record):
    committee: Slug
    date: dt.date
    kind: Literal[MEETING_KINDS]
    start: Time | None = None
    end: Time | None = None
    place: Text = ""
    title: Text = ""
    participants_text: Text = ""
    participants: tuple[Slug, ...] = ()
    apologies: tuple[Slug, ...] = ()
    substitutes: tuple[Substitute, ...] = ()
    sessions: tuple[Session, ...] = ()
    groups: dict[str, Title] = {}
    source: Text = ""
    published: dt.date | None = None  # when the agenda/minutes went out (feeds); default: the date
    formerly: tuple[dt.date, ...] = ()  # earlier dates of this meeting: their URLs redirect here
    # Derived:
    intro: str = ""   # the body of meeting.md, Markdown
    source_path: str
    items: tuple[Item, ...] = ()


MEETING_DERIVED_FIELDS = ("intro", "source_path", "items")
