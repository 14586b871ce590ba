"""The whole archive as JSON, and its JSON Schema, both generated from the
record models (``records.py``): a field added to a record appears in the
export and in its schema, described by the field's docstring, with no code
here. The export adds each record's address on the site (``ADDED``) and
leaves out what only the build needs (fields marked ``exclude``).
"""
from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict

from . import records as r
from .pages.context import Context
from .pages.meetings import attachment_url

# What the export adds to a record of each model: field → description.
ADDED = {
    "Committee": {"url": "The committee's page."},
    "Organisation": {"url": "The organisation's page."},
    "Person": {"url": "The person's page."},
    "Topic": {"url": "The topic's page."},
    "Meeting": {"url": "The meeting's page."},
    "Item": {"url": "The item's page: its permanent address."},
    "Attachment": {"url": "The attachment's page or file; null when only its title is known."},
}
NULLABLE = {("Attachment", "url")}


class AnnouncedMeeting(r.PlannedMeeting):
    """A planned meeting without a record of its own yet."""

    announced_in: str
    """The item that announced the meeting (its URL)."""


class ArchiveExport(BaseModel):
    """Mødearkiv — the whole archive as JSON: every committee, organisation,
    person, topic and meeting (with its agenda items) of the archive. Texts
    are Markdown as written in the records, with e-mail addresses in a form
    harvesters do not read. Dates are ISO 8601 (YYYY-MM-DD); a period bound
    may be a year only."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    site_url: str
    """Base of every URL in the export."""
    committees: tuple[r.Committee, ...]
    """Committees, networks and boards."""
    organisations: tuple[r.Organisation, ...]
    """Municipalities, the region and other organisations."""
    people: tuple[r.Person, ...]
    """People named in the records."""
    topics: tuple[r.Topic, ...]
    """Recurring topics."""
    meetings: tuple[r.Meeting, ...]
    """Meetings in date order, each with its items."""
    planned_meetings: tuple[AnnouncedMeeting, ...]
    """Meetings announced in a Kommende møder calendar that have no record yet."""


def _dump(record: r.Record) -> dict:
    return record.model_dump(mode="json", by_alias=True)


def export(ctx: Context, _subject=None) -> bytes:
    a, base = ctx.a, ctx.site_url
    meetings = []
    for m in a.meetings:
        meeting = {**_dump(m), "url": base + ctx.meeting_url(m)}
        for k, record in enumerate(m.items):
            if record.closed:  # number and title, nothing else
                meeting["items"][k] = {"number": record.number, "title": record.title, "closed": True}
            item = meeting["items"][k]
            item["url"] = base + ctx.item_url(record)
            for attachment, source in zip(item.get("attachments", ()), record.attachments):
                address = attachment_url(ctx, record, source)
                attachment["url"] = base + address if address else None
        meetings.append(meeting)
    data = {
        "site_url": base,
        "committees": [{**_dump(c), "url": base + ctx.url("committee", committee=c.slug)}
                       for c in a.committees.values()],
        "organisations": [{**_dump(o), "url": base + ctx.url("organisation", organisation=o.slug)}
                          for o in a.organisations.values()],
        "people": [{**_dump(p), "url": base + ctx.url("person", person=p.slug)} for p in a.people.values()],
        "topics": [{**_dump(t), "url": base + ctx.url("topic", topic=t.slug)} for t in a.topics.values()],
        "meetings": meetings,
        "planned_meetings": [{**_dump(e.planned), "announced_in": base + ctx.item_url(e.announced_in)}
                             for e in a.references.planned.values()],
    }
    # Not indented: at twenty years' size the file is read by programs, and
    # json's indenting encoder is pure Python (7 s at 1,000 meetings, not 0.5).
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def json_schema() -> dict:
    schema = ArchiveExport.model_json_schema(mode="serialization", by_alias=True)
    for model, fields in ADDED.items():
        definition = schema["$defs"][model]
        for name, description in fields.items():
            kind = {"type": "string", "format": "uri"}
            if (model, name) in NULLABLE:
                kind = {"anyOf": [kind, {"type": "null"}]}
            definition["properties"][name] = {**kind, "description": description}
            definition.setdefault("required", []).append(name)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "arkiv.schema.json", **schema}


def schema(ctx: Context, _subject=None) -> bytes:
    return (json.dumps(json_schema(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
