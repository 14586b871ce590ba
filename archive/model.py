"""Stage 3, model: the validated records linked into one archive.

Built once per build: lookups from every record to what refers to it (a
person's presented items, a topic's items, a committee's meetings), so the
render stage only reads.
"""
from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass, field

from . import records as r
from .diagnostics import Diagnostics
from .references import References, find_references


@dataclass(frozen=True)
class Archive:
    committees: dict[str, r.Committee]
    organisations: dict[str, r.Organisation]
    people: dict[str, r.Person]
    topics: dict[str, r.Topic]
    meetings: tuple[r.Meeting, ...]  # by date, then committee
    config: r.ArchiveConfig = r.ArchiveConfig()  # the archive's own rules
    # Reverse lookups, each list in date order:
    meetings_by_committee: dict[str, list[r.Meeting]] = field(default_factory=dict)
    items_by_topic: dict[str, list[r.Item]] = field(default_factory=dict)
    items_by_case: dict[str, list[r.Item]] = field(default_factory=dict)
    items_by_presenter: dict[str, list[r.Item]] = field(default_factory=dict)
    meetings_by_apology: dict[str, list[r.Meeting]] = field(default_factory=dict)
    meetings_by_participant: dict[str, list[r.Meeting]] = field(default_factory=dict)
    people_by_organisation: dict[str, list[r.Person]] = field(default_factory=dict)
    meeting_index: dict[tuple[str, dt.date], r.Meeting] = field(default_factory=dict)
    references: References = field(default_factory=References)
    # Where an item stands: in the whole archive, and in each of its topic and
    # case lists (so a timeline around an item is found without a search).
    order: dict[tuple, int] = field(default_factory=dict)
    position_in: dict[tuple[str, tuple], int] = field(default_factory=dict)

    def meeting_of(self, item: r.Item) -> r.Meeting:
        return self.meeting_index[(item.committee, item.date)]

    def items(self):
        for meeting in self.meetings:
            yield from meeting.items


def build_archive(records: r.Records, diagnostics: Diagnostics) -> Archive:
    by_committee, by_topic, by_case, by_presenter = (defaultdict(list) for _ in range(4))
    by_apology, by_participant, by_organisation = (defaultdict(list) for _ in range(3))
    for meeting in records.meetings:
        by_committee[meeting.committee].append(meeting)
        for slug in meeting.apologies:
            by_apology[slug].append(meeting)
        present = set(meeting.participants) | {s.person for s in meeting.substitutes}
        present |= {p for item in meeting.items for p in item.presenters}
        present -= set(meeting.apologies)
        for slug in sorted(present):
            by_participant[slug].append(meeting)
        for item in meeting.items:
            for slug in item.topics:
                by_topic[slug].append(item)
            for slug in item.presenters:
                by_presenter[slug].append(item)
            if item.case:
                by_case[item.case].append(item)
    for person in records.people.values():
        for org in dict.fromkeys(a.organisation for a in person.affiliations):
            by_organisation[org].append(person)
    return Archive(
        committees=records.committees, organisations=records.organisations,
        people=records.people, topics=records.topics, meetings=records.meetings, config=records.config,
        meetings_by_committee=dict(by_committee), items_by_topic=dict(by_topic),
        items_by_case=dict(by_case), items_by_presenter=dict(by_presenter),
        meetings_by_apology=dict(by_apology), meetings_by_participant=dict(by_participant),
        people_by_organisation=dict(by_organisation),
        meeting_index={(m.committee, m.date): m for m in records.meetings},
        references=find_references(records, diagnostics),
        order={item.key: n for n, item in enumerate(i for m in records.meetings for i in m.items)},
        position_in={(name, item.key): n for lookup in (by_topic, by_case)
                     for name, items in lookup.items() for n, item in enumerate(items)})


def today() -> dt.date:
    """The build's notion of today: SOURCE_DATE_EPOCH when set, so that a
    rebuild of the same commit gives the same pages."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()
