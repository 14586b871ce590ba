"""The whole archive as JSON — the registries in one file, the meetings in
one file per year — and their JSON Schemas, generated from the
record models (``records.py``): a field added to a record appears in the
export and in its schema, described by the field's docstring, with no code
here. The export adds each record's address on the site (``ADDED``) and
leaves out what only the build needs (fields marked ``exclude``).
"""
from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field

from . import held, memo
from . import records as r
from .pages.context import Context, Target
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


class ExportYear(BaseModel):
    """The file of one year's meetings."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    year: int
    """The year of the meetings' dates."""
    url: str = Field(json_schema_extra={"format": "uri"})
    """The file (JSON, described by moeder.schema.json)."""
    meetings: int
    """How many meetings it holds."""


class ArchiveExport(BaseModel):
    """Mødearkiv — the whole archive as JSON: every committee, organisation,
    person and topic of the archive, and the files of its meetings (with
    their agenda items), one per year. Texts are Markdown as written in the
    records, with e-mail addresses in a form harvesters do not read. Dates
    are ISO 8601 (YYYY-MM-DD); a period bound may be a year only."""

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
    years: tuple[ExportYear, ...]
    """The meetings, in one file per year, oldest first (a file of twenty
    years would hold every text of the archive at once)."""
    planned_meetings: tuple[AnnouncedMeeting, ...]
    """Meetings announced in a Kommende møder calendar that have no record yet."""


class MeetingsExport(BaseModel):
    """Mødearkiv — one year's meetings as JSON, each with its agenda items;
    the archive's registries are in arkiv.json, which lists these files."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    site_url: str
    """Base of every URL in the file."""
    year: int
    """The year of the meetings' dates."""
    meetings: tuple[r.Meeting, ...]
    """Meetings in date order, each with its items."""


def _dump(record: r.Record) -> dict:
    return record.model_dump(mode="json", by_alias=True)


def _json(data: dict) -> bytes:
    # Not indented: the files are read by programs, and json's indenting
    # encoder is pure Python (7 s at 1,000 meetings, not 0.5).
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def export(ctx: Context, _subject=None) -> bytes:
    a, base = ctx.a, ctx.site_url
    data = {
        "site_url": base,
        "committees": [{**_dump(c), "url": base + ctx.url("committee", committee=c.slug)}
                       for c in a.committees.values()],
        "organisations": [{**_dump(o), "url": base + ctx.url("organisation", organisation=o.slug)}
                          for o in a.organisations.values()],
        "people": [{**_dump(p), "url": base + ctx.url("person", person=p.slug)} for p in a.people.values()],
        "topics": [{**_dump(t), "url": base + ctx.url("topic", topic=t.slug)} for t in a.topics.values()],
        "years": [{"year": year, "url": base + ctx.url("export_year", year=year), "meetings": len(meetings)}
                  for year, meetings in _by_year(ctx).items()],
        "planned_meetings": [{**_dump(e.planned), "announced_in": base + ctx.item_url(e.announced_in)}
                             for e in a.references.planned.values()],
    }
    return _json(data)


def _by_year(ctx: Context) -> dict[int, list[r.Meeting]]:
    return ctx.once(("export years",), lambda: _group_by_year(ctx.a.meetings))


def _group_by_year(meetings) -> dict[int, list[r.Meeting]]:
    years: dict[int, list[r.Meeting]] = {}
    for m in meetings:
        years.setdefault(m.date.year, []).append(m)
    return years


def years(ctx: Context):
    """A file per year with meetings, known unchanged by its meetings'
    record-cache keys (``Target.key``: an edit makes its year's file only)."""
    for year, meetings in _by_year(ctx).items():
        digests = [ctx.a.digests.get((m.committee, m.date)) for m in meetings]
        key = None if None in digests else memo.key("export year", ctx.site_url, digests)
        yield Target({"year": year}, year, {"year": year}, key=key)


def year_file(ctx: Context, year: int) -> bytes:
    """The year's meetings, each dumped and encoded in turn: the dumps of a
    municipality's year at once were five times its file (115 MB beside a
    23 MB file). The same bytes as ``_json`` of the whole."""
    opening = _json({"site_url": ctx.site_url, "year": year, "meetings": []})[:-len(b"]}\n")]  # up to its "["
    meetings = (_json(_year_meeting(ctx, m))[:-1] for m in _by_year(ctx)[year])  # each without its line break
    return opening + b", ".join(meetings) + b"]}\n"


def _year_meeting(ctx: Context, m: r.Meeting) -> dict:
    base = ctx.site_url
    meeting = {**_dump(held.whole(m)), "url": base + ctx.meeting_url(m)}
    for k, record in enumerate(m.items):
        if record.closed:  # number and title, nothing else
            meeting["items"][k] = {"number": record.number, "title": record.title, "closed": True}
        item = meeting["items"][k]
        item["url"] = base + ctx.item_url(record)
        for attachment, source in zip(item.get("attachments", ()), record.attachments):
            address = attachment_url(ctx, record, source)
            attachment["url"] = base + address if address else None
    return meeting


def json_schema(export_model: type[BaseModel] = ArchiveExport, identifier: str = "arkiv.schema.json") -> dict:
    schema = export_model.model_json_schema(mode="serialization", by_alias=True)
    for model, fields in ADDED.items():
        if model not in schema["$defs"]:
            continue  # the archive's file holds no meetings, a year's no registries
        definition = schema["$defs"][model]
        for name, description in fields.items():
            kind = {"type": "string", "format": "uri"}
            if (model, name) in NULLABLE:
                kind = {"anyOf": [kind, {"type": "null"}]}
            definition["properties"][name] = {**kind, "description": description}
            definition.setdefault("required", []).append(name)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": identifier, **schema}


def schema(ctx: Context, _subject=None) -> bytes:
    return (json.dumps(json_schema(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def year_schema(ctx: Context, _subject=None) -> bytes:
    return (json.dumps(json_schema(MeetingsExport, "moeder.schema.json"), ensure_ascii=False, indent=1)
            + "\n").encode("utf-8")
