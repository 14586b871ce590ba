"""Model stage, part two: what the texts refer to.

Runs the mention finders over every item's text once and keeps the result as
lookups both ways (an item's mentions; a meeting's or person's backlinks),
plus the meetings announced in *Kommende møder* items. Mentions that point
nowhere (a meeting not in the archive, a name not in the registry) are
reported as notes, never as errors.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import records as r
from .diagnostics import Diagnostics
from .memo import Memo
from .mentions import (
    MeetingFinder,
    PeopleFinder,
    alternation,
    case_spans,
    unregistered_names,
)


@dataclass(frozen=True)
class PlannedEntry:
    planned: r.PlannedMeeting
    announced_in: r.Item


@dataclass
class References:
    people_in_item: dict[tuple, tuple[str, ...]] = field(default_factory=dict)  # a tuple: a third of a set's size
    meetings_in_item: dict[tuple, list[tuple[str, dt.date]]] = field(default_factory=dict)
    items_mentioning_meeting: dict[tuple[str, dt.date], list[r.Item]] = field(default_factory=dict)
    items_mentioning_person: dict[str, list[r.Item]] = field(default_factory=dict)
    items_mentioning_organisation: dict[str, list[r.Item]] = field(default_factory=dict)
    planned: dict[tuple[str, dt.date], PlannedEntry] = field(default_factory=dict)
    # The finders that found them, kept for the render stage's links.
    people_finder: PeopleFinder | None = None
    meeting_finder: MeetingFinder | None = None
    scanner: "_Scanner | None" = None  # the same, with the cache of their scans


def item_text(item: r.Item) -> str:
    """The text of an item that may be published: of a closed item, its title only."""
    if item.closed:
        return item.title
    return "\n\n".join((item.title, *(section.text for section in item.sections)))


def _text_key(item: r.Item) -> str:
    """Identifies ``item_text`` without unpacking it: the title and the
    digests of the section texts (packed.py)."""
    if item.closed:
        return item.title
    return "\0".join((item.title, *(section.markdown.digest.hex() for section in item.sections)))


# What each item's text mentions, kept between builds (publish.py, as the
# Markdown conversions are in conversions.py): a rebuild scans only the texts that changed.
# Keyed by a digest of the text, its meeting's committee and year, and the
# registries and rules the finders are made of.
SCANS = Memo()


def as_in_html(markdown: str) -> str:
    """A Markdown text as the links of the render stage see it, in its HTML:
    escapes ("15\\. oktober") and entities ("den&nbsp;15.") resolved."""
    return html.unescape(markdown.replace("\\", ""))


class _Scanner:
    """Every finder the model stage runs over an item's text, as one scan
    whose result is plain data (JSON for the cache)."""

    def __init__(self, records, people: PeopleFinder, meetings: MeetingFinder):
        self.people, self.meetings = people, meetings
        self.organisations = _organisation_pattern(records.organisations)
        self.first_names = {p.name.split()[0] for p in records.people.values()}
        self.known_names = {s.casefold() for p in records.people.values() for s in (p.name, *p.variants)}
        self.not_surnames = set(records.config.not_surnames)
        vocabulary = hashlib.blake2b(digest_size=16)
        for registry in (records.people, records.committees, records.organisations):
            for record in registry.values():
                vocabulary.update(record.model_dump_json().encode())
        vocabulary.update(records.config.model_dump_json().encode())  # not_surnames, case number schemes
        self.vocabulary = vocabulary.digest()
        self.case_pattern = records.config.case_pattern

    def _cached(self, what: str, compute) -> dict:
        return SCANS.get(hashlib.blake2b(self.vocabulary + what.encode(), digest_size=16).hexdigest(), compute)

    def linkable(self, texts: list[tuple[str, str, dt.date]]) -> dict:
        """Every meeting and case number that the render stage's links could
        find in ``texts`` (each with the committee and date of its meeting),
        whether in the archive or not: what a page's links depend on. The
        texts are Markdown; links are found in their HTML, where escapes and
        entities are resolved, so they are resolved here too."""
        def compute() -> dict:
            meetings, cases = set(), set()
            for text, committee, date in texts:
                plain = as_in_html(text)
                meetings.update((m.committee, m.date.isoformat())
                                for m in self.meetings.mentions(plain, committee, date.year))
                cases.update(span.target[0] for span in case_spans(plain, self.case_pattern))
            # Plain values, as the cache keeps them (publish._write_cache).
            return {"meetings": [list(key) for key in sorted(meetings)], "cases": sorted(cases)}
        return self._cached("linkable\0" + repr(texts), compute)

    def scan(self, item: r.Item) -> dict:
        """What an item's text (``item_text``, ``as_in_html``) mentions:
        people, meetings, organisations, names not in the registry, case
        numbers. Kept by the digests of its texts: a text is unpacked only
        when it has not been scanned before."""
        committee, year = item.committee, item.date.year

        def compute() -> dict:
            text_ = as_in_html(item_text(item))
            spans = self.people.spans(text_)
            pattern, slugs = self.organisations or (None, {})
            return {
                "people": sorted({span.target[0] for span in spans}),
                "meetings": [[m.committee, m.date.isoformat(), m.text]
                             for m in self.meetings.mentions(text_, committee, year)],
                "organisations": sorted({slugs[m.group(0).casefold()] for m in pattern.finditer(text_)}) if pattern else [],
                "unregistered": sorted(unregistered_names(text_, self.first_names, self.known_names,
                                                          self.not_surnames, spans)),
                "cases": sorted({span.target[0] for span in case_spans(text_, self.case_pattern)})}
        return self._cached(f"scan\0{committee}\0{year}\0{_text_key(item)}", compute)


def find_references(records, diagnostics: Diagnostics) -> References:
    people = PeopleFinder(records.people, party_letters(records))
    meetings = MeetingFinder(records.committees)
    in_archive = {(m.committee, m.date) for m in records.meetings}
    scanner = _Scanner(records, people, meetings)
    SCANS.forget_used()

    refs = References(people_finder=people, meeting_finder=meetings, scanner=scanner)
    by_meeting, by_person, by_org = defaultdict(list), defaultdict(list), defaultdict(list)
    unresolved_names: dict[str, set[str]] = defaultdict(set)
    for meeting in records.meetings:
        for item in meeting.items:
            found = scanner.scan(item)
            if found["people"]:  # most items name no one: no empty set for each (216 bytes)
                refs.people_in_item[item.key] = tuple(sorted(found["people"]))
            for slug in found["people"]:
                by_person[slug].append(item)
            mentioned, seen = [], set()
            for committee, date, text in found["meetings"]:
                target = (committee, dt.date.fromisoformat(date))
                if target == (item.committee, item.date) or target in seen:
                    continue
                seen.add(target)
                if target in in_archive:
                    mentioned.append(target)
                    by_meeting[target].append(item)
                else:
                    diagnostics.note(item.source_path, None, "mention",
                                     f"'{text}': no {records.committees[committee].short_name} "
                                     f"meeting on {date} in the archive (not linked)")
            if mentioned:
                refs.meetings_in_item[item.key] = mentioned
            for slug in found["organisations"]:
                by_org[slug].append(item)
            for name in found["unregistered"]:
                unresolved_names[name].add(item.source_path)
    for name, paths in sorted(unresolved_names.items()):
        for path in sorted(paths):
            diagnostics.note(path, None, "mention", f"'{name}' looks like a person not in people.yaml (not linked)")
    refs.items_mentioning_meeting = dict(by_meeting)
    refs.items_mentioning_person = dict(by_person)
    refs.items_mentioning_organisation = dict(by_org)
    refs.planned = _planned(records.meetings, in_archive)
    return refs


def party_letters(records) -> dict[str, set[str]]:
    """Each person's party letters (affiliations with a party), for telling
    people of the same name apart."""
    letters: dict[str, set[str]] = {}
    for person in records.people.values():
        for affiliation in person.affiliations:
            party = records.organisations.get(affiliation.organisation)
            if party is not None and party.kind == "parti" and party.letter:
                letters.setdefault(person.slug, set()).add(party.letter)
    return letters


def _organisation_pattern(organisations: dict[str, r.Organisation]):
    names = {o.name.casefold(): o.slug for o in organisations.values()}
    if not names:
        return None
    return re.compile(rf"(?<![\w-])(?:{alternation(names)})(?![\w-])", re.IGNORECASE), names


def _planned(meetings, in_archive) -> dict:
    """Announced meetings without a record of their own. The newest calendar
    of a committee is the one that counts for the dates after it: a meeting
    moved (8 → 9 September) or dropped since an earlier calendar disappears."""
    planned: dict[tuple[str, dt.date], PlannedEntry] = {}
    for meeting in meetings:  # in date order
        for item in meeting.items:
            for committee in {entry.committee for entry in item.schedule}:
                for key in [k for k in planned if k[0] == committee and k[1] > item.date]:
                    del planned[key]
            for entry in item.schedule:
                key = (entry.committee, entry.date)
                if key not in in_archive:
                    planned[key] = PlannedEntry(entry, item)
    return dict(sorted(planned.items(), key=lambda kv: (kv[0][1], kv[0][0])))
