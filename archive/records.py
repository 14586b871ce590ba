"""The record model: what a committee, person, meeting or agenda item *is*.

Frozen pydantic models, so every field is parsed and type-checked in one
place and records cannot change once built. Field types say what a value is:
a ``PersonRef`` is a slug of the people registry (``validate.py`` checks
every reference in one walk), an ``HttpUrl`` refuses every scheme but
http(s), ``Derived`` marks what validation fills in (from an item's body,
its folder, its file) as opposed to what authors write. The attribute
docstrings describe the fields; the JSON export's schema is generated from
them (``export.py``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .markup import hide_emails
from .packed import PackedText

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TIME_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
PAGE_URL_PATTERN = r"^/(?:[a-z0-9.-]+/)+$"


@dataclass(frozen=True)
class Registry:
    """The registry a slug field refers to (``content/<name>.yaml``)."""

    name: str  # "people"
    kind: str  # "person", as messages say it


class _Derived:
    """Marks a field that validation fills in, never the author."""

    def __repr__(self) -> str:
        return "Derived"


DERIVED = _Derived()

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
PersonRef = Annotated[Slug, Registry("people", "person")]
CommitteeRef = Annotated[Slug, Registry("committees", "committee")]
OrganisationRef = Annotated[Slug, Registry("organisations", "organisation")]
TopicRef = Annotated[Slug, Registry("topics", "topic")]

Time = Annotated[str, StringConstraints(pattern=TIME_PATTERN)]


def _one_line(value: str) -> str:
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        raise ValueError("a name or title is one line: no line break or tab")
    return value


# Text a reader sees; an e-mail address in it takes the hidden form
# everywhere it is published (pages, meta tags, search, feeds, export).
Text = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(hide_emails)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_one_line),
                  AfterValidator(hide_emails)]
FileName = Annotated[str, StringConstraints(strip_whitespace=True)]
# Record text in Markdown; exported with e-mail addresses in their hidden form.
Markdown = Annotated[str, PlainSerializer(hide_emails, when_used="json")]
Description = Annotated[Markdown, StringConstraints(strip_whitespace=True)]


def _pack(value: object) -> PackedText:
    if isinstance(value, PackedText):
        return value
    if not isinstance(value, str):
        raise ValueError("Markdown text expected")
    return PackedText(value)


def _unpack(value: PackedText, info) -> str:
    return hide_emails(value.text) if info.mode_is_json() else value.text


# Markdown held compressed (packed.py): the items' texts, most of an
# archive's bytes. Validated from a string; exported, and described in the
# JSON Schema, as the string it holds.
PackedMarkdown = Annotated[PackedText, PlainValidator(_pack), PlainSerializer(_unpack, return_type=str),
                           WithJsonSchema({"type": "string"})]
# A case number of one of the archive's schemes (ArchiveConfig.case_numbers),
# checked in validate.py, which knows the archive's configuration.
CaseNumber = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
SECTION_ROLES = ("decision", "recommendation", "summary", "case_text", "plain")
# A period bound: a whole date, or just the year when that is all we know.
PeriodBound = dt.date | Annotated[int, Field(ge=1900, le=2200)]


def _http_only(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError("a link must be a full http:// or https:// address")
    return value


HttpUrl = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_http_only)]

ITEM_NUMBER = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)*|[a-z][a-z0-9-]*)$")
MEETING_KINDS = ("agenda", "minutes", "planned", "cancelled")


# The fields each record's file gave, as pydantic keeps them for
# ``exclude_unset`` (which the archive never uses): its own set per record
# was a fifth of a compiled archive (27 of 139 MB at 1,000 meetings), where
# there are a dozen different ones. Each record holds the one shared.
_FIELDS_GIVEN: dict[frozenset, frozenset] = {}


def _share_fields_given(record: BaseModel) -> None:
    given = frozenset(record.__pydantic_fields_set__)
    object.__setattr__(record, "__pydantic_fields_set__", _FIELDS_GIVEN.setdefault(given, given))


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, use_attribute_docstrings=True)

    def model_post_init(self, context, /) -> None:
        _share_fields_given(self)

    def __setstate__(self, state) -> None:  # a record from the record cache (keep.py)
        super().__setstate__(state)
        _share_fields_given(self)

    def __copy__(self):
        copied = super().__copy__()
        # model_copy(update=...) adds the updated fields to the copy's own set.
        object.__setattr__(copied, "__pydantic_fields_set__", set(copied.__pydantic_fields_set__))
        return copied

    @field_validator("formerly", mode="after", check_fields=False)
    @classmethod
    def _formerly_once(cls, values):
        """An earlier address is named once, and is not a name the site uses itself."""
        seen = set()
        for value in values:
            if value in seen:
                raise ValueError(f"'{value}' is named twice")
            seen.add(value)
        return values


def derived_fields(model: type[Record]) -> tuple[str, ...]:
    return tuple(name for name, f in model.model_fields.items() if DERIVED in f.metadata)


def authored_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields an author writes, by the name written in the file."""
    return tuple(f.alias or name for name, f in model.model_fields.items() if DERIVED not in f.metadata)


class Member(Record):
    """A member of a committee."""

    person: PersonRef
    """The member (people registry)."""
    role: Text = ""
    """Role in the committee, e.g. formand."""
    from_: PeriodBound | None = Field(None, alias="from")
    """Start of the membership: a date, or a year."""
    until: PeriodBound | None = None
    """End of the membership: a date, or a year."""


class Committee(Record):
    """A committee, network or board that holds meetings."""

    slug: Annotated[Slug, DERIVED]
    """Identifier and URL segment (the key in committees.yaml)."""
    formerly: tuple[Slug, ...] = ()
    """Earlier slugs: their URLs redirect here."""
    name: Title
    """Full name."""
    short_name: Title
    """Short name, e.g. KD-Net."""
    aliases: tuple[Title, ...] = ()
    """Other names used in the texts, e.g. KKR."""
    kind: Text = ""
    """Free text: udvalg, netværk, styregruppe, …"""
    description: Description = ""
    """Description, Markdown."""
    parent: CommitteeRef | None = None
    """The committee this one reports to."""
    organisation: OrganisationRef | None = None
    """The public body the committee belongs to."""
    standing_items: tuple[Title, ...] = ()
    """Titles of the items every meeting has (used by `build.py new`)."""
    members: tuple[Member, ...] = ()
    """Members with role and period."""


class Organisation(Record):
    """A municipality, the region, KL or another organisation."""

    slug: Annotated[Slug, DERIVED]
    """Identifier and URL segment (the key in organisations.yaml)."""
    formerly: tuple[Slug, ...] = ()
    """Earlier slugs: their URLs redirect here."""
    name: Title
    """Name."""
    kind: Literal["kommune", "region", "kl", "parti", "andet"] = "andet"
    """Kind of organisation."""
    letter: Text = ""
    """A party's letter on the ballot (A, B, C, …)."""


class Affiliation(Record):
    """A person's position in an organisation."""

    organisation: OrganisationRef
    """The organisation (organisations registry)."""
    title: Text = ""
    """Job title, e.g. kommunaldirektør."""
    from_: PeriodBound | None = Field(None, alias="from")
    """Start: a date, or a year."""
    until: PeriodBound | None = None
    """End: a date, or a year."""


class Person(Record):
    """A person named in the records."""

    slug: Annotated[Slug, DERIVED]
    """Identifier and URL segment (the key in people.yaml)."""
    formerly: tuple[Slug, ...] = ()
    """Earlier slugs: their URLs redirect here."""
    name: Title
    """The spelling the archive shows."""
    variants: tuple[Title, ...] = ()
    """Other spellings found in the sources."""
    affiliations: tuple[Affiliation, ...] = ()
    """Positions held, with organisation and period."""


class Topic(Record):
    """A topic that recurs across meetings."""

    slug: Annotated[Slug, DERIVED]
    """Identifier and URL segment (the key in topics.yaml)."""
    formerly: tuple[Slug, ...] = ()
    """Earlier slugs: their URLs redirect here."""
    name: Title
    """Name."""
    aliases: tuple[Title, ...] = ()
    """Other names used in the sources."""
    description: Description = ""
    """Description, Markdown."""


class Attachment(Record):
    """An attachment (bilag) of an item."""

    title: Title
    """Title."""
    file: FileName | None = None
    """The file, relative to the meeting folder; a .md file becomes a page of its own."""
    source: Annotated[str | None, DERIVED] = Field(None, exclude=True)
    """The file's absolute path."""
    markdown: Annotated[PackedMarkdown | None, DERIVED] = Field(None, exclude=True)
    """A Markdown attachment's text (held packed: a scanned packet of
    attachments can be more text than all of its meeting's items)."""

    @property
    def text(self) -> str:
        """A Markdown attachment's text, unpacked ("" for any other)."""
        return "" if self.markdown is None else self.markdown.text

    @property
    def is_page(self) -> bool:
        return bool(self.file) and self.file.lower().endswith(".md")


class Session(Record):
    """A part of a meeting, e.g. a theme session."""

    title: Title
    """Title."""
    start: Time | None = None
    """Start, HH:MM."""
    end: Time | None = None
    """End, HH:MM."""
    people: tuple[PersonRef, ...] = ()
    """People who take part (guests, speakers)."""
    cancelled: bool = False
    """The session was cancelled."""


class Substitute(Record):
    """A person attending in another's place."""

    person: PersonRef
    """The substitute."""
    for_: PersonRef = Field(alias="for")
    """The person substituted for."""


class PlannedMeeting(Record):
    """A meeting announced in an item (the *Kommende møder* calendar)."""

    committee: CommitteeRef
    """The committee that will meet."""
    date: dt.date
    """The date."""
    note: Text = ""
    """A note, e.g. ekstraordinært møde."""
    cancelled: bool = False
    """The meeting was called off."""


STANCES = ("for", "against", "abstained", "reservation", "minority")
OUTCOMES = ("adopted", "rejected", "postponed", "referred", "noted")


class Position(Record):
    """How parties or members stood on a decision."""

    stance: Literal[STANCES]
    """for (kunne tiltræde), against (kunne ikke tiltræde), abstained (undlod
    at stemme), reservation (tog forbehold) or minority (mindretalsudtalelse)."""
    parties: tuple[OrganisationRef, ...] = ()
    """The parties (organisations of kind parti)."""
    people: tuple[PersonRef, ...] = ()
    """The members."""
    note: Text = ""
    """What the stance concerns, as written ("indstillingens beslutningspunkt 5")."""


class Step(Record):
    """An earlier treatment of the case by a body (Sagsforløb)."""

    committee: CommitteeRef
    """The body."""
    date: dt.date
    """The date of its meeting."""
    number: str
    """The item's number in that meeting."""
    decision: Markdown = ""
    """Its decision, as written."""
    positions: tuple[Position, ...] = ()
    """How parties and members stood."""
    absent: tuple[PersonRef, ...] = ()
    """Members who did not take part in the treatment."""
    disqualified: tuple[PersonRef, ...] = ()
    """Members who were disqualified (inhabil)."""

    @field_validator("number", mode="before")
    @classmethod
    def _number(cls, value):
        return Item._number(value)


class TextSection(Record):
    """One ## section of an item's body."""

    name: Title
    """The heading, as the archive's configuration names it (Indstilling, Beslutninger, …)."""
    role: Literal[SECTION_ROLES]
    """What the section is: decision, recommendation, summary, case_text or plain."""
    markdown: PackedMarkdown
    """The text, Markdown."""

    @property
    def text(self) -> str:
        """The text, Markdown, unpacked."""
        return self.markdown.text


class Item(Record):
    """An agenda item (punkt)."""

    number: str
    """The number as printed (5, 3.2) or a word (eventuelt); the item's URL segment."""
    title: Title
    """Title."""
    presenters: tuple[PersonRef, ...] = ()
    """Who presents the item (v. …)."""
    topics: tuple[TopicRef, ...] = ()
    """Topics of the item."""
    case: CaseNumber | None = None
    """Case number, e.g. SAG-2019-03640."""
    case_handler: Text = ""
    """Initials of the case handlers after the case number."""
    attachments: tuple[Attachment, ...] = ()
    """Attachments (bilag)."""
    schedule: tuple[PlannedMeeting, ...] = ()
    """Meetings announced in the item (Kommende møder)."""
    formerly: tuple[str, ...] = ()
    """Earlier numbers of this item: their URLs redirect here."""
    closed: bool = False
    """A closed item (lukket punkt): only its number and title are published."""
    draft: bool = False
    """Written by `build.py new` and not filled in yet (a warning until removed)."""
    outcome: Literal[OUTCOMES] | None = None
    """What the decision came to: adopted (vedtaget, godkendt), rejected
    (forkastet), postponed (udsat), referred (sendt videre), noted (taget til efterretning)."""
    positions: tuple[Position, ...] = ()
    """How parties and members stood on the item's decision."""
    absent: tuple[PersonRef, ...] = ()
    """Members who did not take part in the item's treatment."""
    disqualified: tuple[PersonRef, ...] = ()
    """Members who were disqualified (inhabil)."""
    steps: tuple[Step, ...] = ()
    """The case's earlier treatment by other bodies, oldest first (Sagsforløb)."""
    sections: Annotated[tuple[TextSection, ...], DERIVED] = ()
    """The item's text: its ## sections in the archive's order, each with its role."""
    committee: Annotated[Slug, DERIVED] = Field(exclude=True)
    """The committee of the item's meeting."""
    date: Annotated[dt.date, DERIVED] = Field(exclude=True)
    """The date of the item's meeting."""
    source_path: Annotated[str, DERIVED] = Field(exclude=True)
    """The record's file."""

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

    def text_of(self, role: str) -> str:
        """The Markdown of the item's sections with this role."""
        return "\n\n".join(section.text for section in self.sections if section.role == role)

    @property
    def decision(self) -> str:
        return self.text_of("decision")

    @property
    def recommendation(self) -> str:
        return self.text_of("recommendation")

    @cached_property
    def key(self) -> tuple:
        """Identifies the item across the archive."""
        return (self.committee, self.date, self.number)

    @property
    def sort_key(self) -> tuple:
        # Not cached: a second cached value made each item's attribute table
        # grow to twice its size (370 bytes an item), and items are sorted rarely.
        if self.number[0].isdigit():
            return (0, tuple(int(p) for p in self.number.split(".")), "")
        return (1, (), self.number)


class Meeting(Record):
    """A meeting, with its agenda items."""

    committee: CommitteeRef
    """The committee that meets."""
    date: dt.date
    """The date."""
    kind: Literal[MEETING_KINDS]
    """agenda (dagsorden), minutes (referat), planned or cancelled."""
    start: Time | None = None
    """Start, HH:MM, local time in Denmark."""
    end: Time | None = None
    """End, HH:MM, local time in Denmark."""
    place: Text = ""
    """Where the meeting is held."""
    title: Text = ""
    """The document's own title."""
    participants_text: Text = ""
    """Who is invited, as the document says it."""
    participants: tuple[PersonRef, ...] = ()
    """Participants, where named."""
    apologies: tuple[PersonRef, ...] = ()
    """Apologies (afbud)."""
    substitutes: tuple[Substitute, ...] = ()
    """Substitutes (stedfortrædere)."""
    sessions: tuple[Session, ...] = ()
    """Parts of the meeting."""
    groups: dict[str, Title] = {}
    """Headings over numbered items: "3" → heading over 3.1, 3.2, …"""
    video_url: HttpUrl | None = None
    """Link to a recording of the meeting (http or https)."""
    draft: bool = False
    """Written by `build.py new` and not filled in yet (a warning until removed)."""
    source: FileName = ""
    """The document this record was transcribed from."""
    published: dt.date | None = None
    """When the agenda or minutes went out (feeds); default: the meeting date."""
    formerly: tuple[dt.date, ...] = ()
    """Earlier dates of this meeting: their URLs redirect here."""
    intro: Annotated[Markdown, DERIVED] = ""
    """The text under the meeting's header (the body of meeting.md), Markdown."""
    source_path: Annotated[str, DERIVED] = Field(exclude=True)
    """The record's file."""
    items: Annotated[tuple[Item, ...], DERIVED] = ()
    """The agenda items, in order."""


class CaseScheme(Record):
    """A case-number scheme of the body's documents."""

    pattern: Title
    """A regular expression for one case number, e.g. EMN-[0-9]{4}-[0-9]{6}."""
    example: Title
    """A case number of this scheme, e.g. EMN-2025-010561 (shown in messages; must match)."""

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value

    @model_validator(mode="after")
    def _example_matches(self):
        if not re.fullmatch(self.pattern, self.example):
            raise ValueError(f"the example '{self.example}' does not match the pattern")
        return self


class SectionSpec(Record):
    """A ## section that the body's items have."""

    name: Title
    """The heading as written, e.g. Beslutninger."""
    synonyms: tuple[Title, ...] = ()
    """Other headings that mean the same section."""
    role: Literal[SECTION_ROLES] = "plain"
    """What the section is: it decides its place and its weight in search."""


DEFAULT_CASE_SCHEMES = (
    CaseScheme(pattern=r"SAG-[0-9]{4}-[0-9]+", example="SAG-2019-03640"),
    CaseScheme(pattern=r"EMN-[0-9]{4}-[0-9]+", example="EMN-2025-010561"),
    CaseScheme(pattern=r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}-[A-ZÆØÅ][0-9]{2}-[0-9]+-[0-9]{2}", example="00.01.00-A00-1-21"),
    CaseScheme(pattern=r"[0-9]{3}-[0-9]{4}-[0-9]+", example="306-2009-600"),
)
DEFAULT_SECTIONS = (
    SectionSpec(name="Indstilling", role="recommendation"),
    SectionSpec(name="Referat", synonyms=("Beslutning",), role="decision"),
    SectionSpec(name="Baggrund", role="plain"),
    SectionSpec(name="Sagsfremstilling", role="case_text"),
)


class ArchiveConfig(Record):
    """One body's configuration (``content/archive.yaml``): its name, its
    documents' case numbers and sections, and the words of its texts that
    code must not guess."""

    site_name: Text = ""
    """The archive's name in the header and titles (default: site_name in mkdocs.yml)."""
    site_short_name: Text = ""
    """A short name, where space is short."""
    description: Text = ""
    """What the archive holds, for the home page's description."""
    organisation: OrganisationRef | None = None
    """The public body the archive belongs to."""
    logo: Text | None = None
    """An image file beside archive.yaml, shown in the header."""
    accessibility_statement: HttpUrl | None = None
    """The address of the body's accessibility statement (was.digst.dk)."""
    case_numbers: tuple[CaseScheme, ...] = DEFAULT_CASE_SCHEMES
    """The case-number schemes of the body's documents."""
    sections: tuple[SectionSpec, ...] = DEFAULT_SECTIONS
    """The ## sections of an item, in the order a page shows them."""
    not_surnames: tuple[Title, ...] = ()
    """Capitalised words that end a place or organisation name, never a
    person's ("Kommune", "Region"): a name followed by one is not reported
    as an unregistered person with it."""
    appointments_topic: TopicRef | None = None
    """The topic of items about appointments (udpegninger): a person's page
    lists these items as their appointments."""
    appointment_titles: tuple[Title, ...] = ()
    """Title beginnings that mark an item about appointments too ("Udpegning")."""

    @field_validator("sections")
    @classmethod
    def _one_section_per_role(cls, sections: tuple[SectionSpec, ...]) -> tuple[SectionSpec, ...]:
        # An item's decision is one section, with one address (#beslutning).
        roles = [s.role for s in sections if s.role != "plain"]
        twice = sorted({role for role in roles if roles.count(role) > 1})
        if twice:
            raise ValueError(f"more than one section has the role {', '.join(twice)}: "
                             "give the others the role plain")
        return sections

    @cached_property
    def case_pattern(self) -> re.Pattern:
        """Any case number of the archive's schemes, as a whole word."""
        return re.compile(r"(?<![\w.-])(?:" + "|".join(f"(?:{s.pattern})" for s in self.case_numbers) + r")(?![\w-])")


class Withdrawal(Record):
    """A published page taken down for good (``content/withdrawn.yaml``)."""

    url: Annotated[str, StringConstraints(strip_whitespace=True, pattern=PAGE_URL_PATTERN)]
    """The page's address as published, e.g. /kd-net/2021-04-09/7/."""
    reason: Title
    """Why it was withdrawn: shown at the old address."""
    date: dt.date | None = None
    """When it was withdrawn."""


def meeting_order(meeting: Meeting) -> tuple:
    """The order of the archive's meetings: by date, then committee."""
    return meeting.date, meeting.committee


@dataclass(frozen=True)
class Records:
    """Every valid record of the archive, by kind."""

    committees: dict[str, Committee]
    organisations: dict[str, Organisation]
    people: dict[str, Person]
    topics: dict[str, Topic]
    meetings: tuple[Meeting, ...]
    config: ArchiveConfig = ArchiveConfig()
    root: Path | None = None  # the content folder they were read from
    withdrawn: tuple[Withdrawal, ...] = ()
    # Of each meeting (committee, date) read through the record cache, its
    # folder's key there (keep.py): a digest of everything it was made from.
    digests: dict[tuple[str, dt.date], str] = field(default_factory=dict)
