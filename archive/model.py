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
from pathlib import Path

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
    root: Path | None = None                     # the content folder
    withdrawn: tuple[r.Withdrawal, ...] = ()     # published pages taken down
    digests: dict[tuple[str, dt.date], str] = field(default_factory=dict)  # r.Records.digests
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
    # The path of cases through bodies: items by key, and the items whose
    # Sagsforløb names a step (committee, date, number) — its later treatment.
    item_index: dict[tuple, r.Item] = field(default_factory=dict)
    items_by_step: dict[tuple, list[r.Item]] = field(default_factory=dict)
    # Stances on decisions, by party and by person: (item, position).
    positions_by_party: dict[str, list[tuple[r.Item, r.Position]]] = field(default_factory=dict)
    positions_by_person: dict[str, list[tuple[r.Item, r.Position]]] = field(default_factory=dict)
    # Treatments a person did not take part in, or was disqualified from:
    # (item that records it, the item or step it was).
    absences_by_person: dict[str, list[tuple[r.Item, r.Item | r.Step]]] = field(default_factory=dict)
    disqualifications_by_person: dict[str, list[tuple[r.Item, r.Item | r.Step]]] = field(default_factory=dict)

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
        # Of a closed item only number and title are published: it is in no
        # topic's, person's or case's list.
        published = [item for item in meeting.items if not item.closed]
        present |= {p for item in published for p in item.presenters}
        present -= set(meeting.apologies)
        for slug in sorted(present):
            by_participant[slug].append(meeting)
        for item in published:
            for slug in item.topics:
                by_topic[slug].append(item)
            for slug in item.presenters:
                by_presenter[slug].append(item)
            if item.case:
                by_case[item.case].append(item)
    for person in records.people.values():
        for org in dict.fromkeys(a.organisation for a in person.affiliations):
            by_organisation[org].append(person)
    by_step, by_party, by_person = defaultdict(list), defaultdict(list), defaultdict(list)
    absences, disqualifications = defaultdict(list), defaultdict(list)
    for item in (i for m in records.meetings for i in m.items if not i.closed):
        for treated in (*item.steps, item):
            for slug in treated.absent:
                absences[slug].append((item, treated))
            for slug in treated.disqualified:
                disqualifications[slug].append((item, treated))
        for step in item.steps:
            by_step[(step.committee, step.date, step.number)].append(item)
        for position in item.positions:
            for slug in position.parties:
                by_party[slug].append((item, position))
            for slug in position.people:
                by_person[slug].append((item, position))
    return Archive(
        committees=records.committees, organisations=records.organisations,
        people=records.people, topics=records.topics, meetings=records.meetings, config=records.config,
        root=records.root, withdrawn=records.withdrawn, digests=records.digests,
        meetings_by_committee=dict(by_committee), items_by_topic=dict(by_topic),
        items_by_case=dict(by_case), items_by_presenter=dict(by_presenter),
        meetings_by_apology=dict(by_apology), meetings_by_participant=dict(by_participant),
        people_by_organisation=dict(by_organisation),
        meeting_index={(m.committee, m.date): m for m in records.meetings},
        references=find_references(records, diagnostics),
        order={item.key: n for n, item in enumerate(i for m in records.meetings for i in m.items)},
        position_in={(name, item.key): n for lookup in (by_topic, by_case)
                     for name, items in lookup.items() for n, item in enumerate(items)},
        item_index={item.key: item for m in records.meetings for item in m.items},
        items_by_step=dict(by_step), positions_by_party=dict(by_party), positions_by_person=dict(by_person),
        absences_by_person=dict(absences), disqualifications_by_person=dict(disqualifications))


def today() -> dt.date:
    """The build's notion of today: SOURCE_DATE_EPOCH when set, so that a
    rebuild of the same commit gives the same pages."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()
