"""Model stage, part two: what the texts refer to.

Runs the mention finders over every item's text once and keeps the result as
lookups both ways (an item's mentions; a meeting's or person's backlinks),
plus the meetings announced in *Kommende møder* items. Mentions that point
nowhere (a meeting not in the archive, a name not in the registry) are
reported as notes, never as errors.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import records as r
from .diagnostics import Diagnostics
from .mentions import MeetingFinder, PeopleFinder, alternation, unregistered_names


@dataclass(frozen=True)
class PlannedEntry:
    planned: r.PlannedMeeting
    announced_in: r.Item


@dataclass
class References:
    people_in_item: dict[tuple, set[str]] = field(default_factory=dict)
    meetings_in_item: dict[tuple, list[tuple[str, dt.date]]] = field(default_factory=dict)
    items_mentioning_meeting: dict[tuple[str, dt.date], list[r.Item]] = field(default_factory=dict)
    items_mentioning_person: dict[str, list[r.Item]] = field(default_factory=dict)
    items_mentioning_organisation: dict[str, list[r.Item]] = field(default_factory=dict)
    planned: dict[tuple[str, dt.date], PlannedEntry] = field(default_factory=dict)
    # The finders that found them, kept for the render stage's links.
    people_finder: PeopleFinder | None = None
    meeting_finder: MeetingFinder | None = None


def item_text(item: r.Item) -> str:
    """The text of an item that may be published: of a closed item, its title only."""
    if item.closed:
        return item.title
    return "\n\n".join((item.title, *(section.markdown for section in item.sections)))


def find_references(records, diagnostics: Diagnostics) -> References:
    people = PeopleFinder(records.people, party_letters(records))
    meetings = MeetingFinder(records.committees)
    in_archive = {(m.committee, m.date) for m in records.meetings}
    org_pattern = _organisation_pattern(records.organisations)
    first_names = {p.name.split()[0] for p in records.people.values()}
    known_names = {s.casefold() for p in records.people.values() for s in (p.name, *p.variants)}
    not_surnames = set(records.config.not_surnames)

    refs = References(people_finder=people, meeting_finder=meetings)
    by_meeting, by_person, by_org = defaultdict(list), defaultdict(list), defaultdict(list)
    unresolved_names: dict[str, set[str]] = defaultdict(set)
    for meeting in records.meetings:
        for item in meeting.items:
            text = item_text(item)
            spans = people.spans(text)
            slugs = {span.target[0] for span in spans}
            refs.people_in_item[item.key] = slugs
            for slug in sorted(slugs):
                by_person[slug].append(item)
            mentioned, seen = [], set()
            for mention in meetings.mentions(text, item.committee, item.date.year):
                target = (mention.committee, mention.date)
                if target == (item.committee, item.date) or target in seen:
                    continue
                seen.add(target)
                if target in in_archive:
                    mentioned.append(target)
                    by_meeting[target].append(item)
                else:
                    diagnostics.note(item.source_path, None, "mention",
                                     f"'{mention.text}': no {records.committees[mention.committee].short_name} "
                                     f"meeting on {mention.date.isoformat()} in the archive (not linked)")
            refs.meetings_in_item[item.key] = mentioned
            if org_pattern:
                for slug in sorted({org_pattern[1][m.group(0).casefold()] for m in org_pattern[0].finditer(text)}):
                    by_org[slug].append(item)
            for name in unregistered_names(text, first_names, known_names, not_surnames, spans):
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
