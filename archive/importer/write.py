"""An imported meeting → the files of its records: ``meeting.md`` and one
file per item, in the archive's own sections, names resolved to slugs.

Nothing is invented: what the document does not say is left out; names the
registries lack are left out of the slug lists and named in a comment (and
in the proposals); attachments are listed by title, with their file when one
was given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import records as r
from ..load import MEETING_FILE
from ..slugs import slugify
from .model import ImportedItem, ImportedMeeting
from .resolve import Resolver


@dataclass
class Written:
    """The files of one meeting folder (relative path → text or bytes) and
    what a person should know about them."""

    folder: str                                   # meetings/<committee>/<date>
    files: dict[str, str | bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _frontmatter(data: dict, comments: list[str], body: str) -> str:
    clean = {k: v for k, v in data.items() if v not in (None, "", [], False)}
    text = yaml.safe_dump(clean, sort_keys=False, allow_unicode=True, width=100)
    notes = "".join(f"# {c}\n" for c in comments)
    return f"---\n{text}{notes}---\n" + (f"\n{body.strip()}\n" if body.strip() else "")


def _names(resolve, names: list[str], where: str, missing: list[str]) -> list[str]:
    slugs = []
    for name in names:
        slug = resolve(name, where)
        if slug is None:
            missing.append(name)
        elif slug not in slugs:
            slugs.append(slug)
    return slugs


def _section_name(role: str, specs: tuple[r.SectionSpec, ...]) -> str | None:
    """The archive's heading for a section of this role ("plain:Baggrund": by name)."""
    if role.startswith("plain:"):
        heading = role.split(":", 1)[1].casefold()
        return next((s.name for s in specs if heading in {n.casefold() for n in (s.name, *s.synonyms)}), None)
    return next((s.name for s in specs if s.role == role), None)


class MeetingWriter:
    def __init__(self, resolver: Resolver, config: r.ArchiveConfig, committee: str):
        self.resolver = resolver
        self.config = config
        self.committee = committee

    def write(self, meeting: ImportedMeeting, attachments: dict[str, Path] | None = None) -> Written:
        folder = f"meetings/{self.committee}/{meeting.date.isoformat()}"
        out = Written(folder)
        missing: list[str] = []
        where = f"{folder}/{MEETING_FILE}"
        data = {"committee": self.committee, "date": meeting.date, "kind": meeting.kind,
                "start": meeting.start, "end": meeting.end, "place": meeting.place, "title": meeting.title,
                "participants_text": meeting.participants_text,
                "participants": _names(self.resolver.person, meeting.participants, where, missing),
                "apologies": _names(self.resolver.person, meeting.apologies, where, missing),
                "sessions": [{k: v for k, v in s.items() if k in ("title", "start", "end", "cancelled") and v}
                             for s in meeting.sessions],
                "groups": dict(meeting.groups), "source": meeting.source}
        comments = [f"not in people.yaml (see the proposals): {', '.join(missing)}"] if missing else []
        out.files[MEETING_FILE] = _frontmatter(data, comments, meeting.intro)
        for item in meeting.items:
            name, text = self._item(item, folder, out, attachments or {})
            out.files[name] = text
        out.notes += [f"line {line}: not placed: {text}" for line, text in meeting.unplaced]
        out.notes += meeting.notes
        return out

    def _item(self, item: ImportedItem, folder: str, out: Written, files: dict[str, Path]) -> tuple[str, str]:
        stem = "-".join(f"{int(p):02d}" if p.isdigit() else p for p in item.number.split("."))
        name = f"{stem}-{slugify(item.title)[:40].rstrip('-')}.md"
        where, missing = f"{folder}/{name}", []
        body = []
        for role, text in item.sections:
            heading = _section_name(role, self.config.sections)
            if heading is None:
                out.notes.append(f"{name}: the section '{role.split(':', 1)[-1]}' is not one of the archive's "
                                 "sections (archive.yaml): its text is kept under its own ### heading")
                fallback = _section_name("case_text", self.config.sections) or self.config.sections[-1].name
                body.append(f"## {fallback}\n\n### {role.split(':', 1)[-1]}\n\n{text.strip()}\n")
            else:
                body.append(f"## {heading}\n\n{text.strip()}\n")
        data = {"number": item.number, "title": item.title,
                "presenters": _names(self.resolver.person, item.presenters, where, missing),
                "topics": self.resolver.topics(item.title), "case": item.case, "case_handler": item.case_handler,
                "closed": item.closed, "outcome": item.outcome,
                "positions": self._positions(item.positions, where, missing),
                "absent": _names(self.resolver.person, item.absent, where, missing),
                "steps": [s for s in (self._step(step, where, missing) for step in item.steps) if s],
                "schedule": self._schedule(item.schedule, where, missing),
                "attachments": self._attachments(item, name, out, files)}
        comments = [f"not in the registries (see the proposals): {', '.join(dict.fromkeys(missing))}"] if missing else []
        return name, _frontmatter(data, comments, "\n".join(body))

    def _positions(self, positions: list[dict], where: str, missing: list[str]) -> list[dict]:
        found = []
        for position in positions:
            entry = {"stance": position["stance"],
                     "parties": _names(self.resolver.party, position.get("parties", []), where, missing),
                     "people": _names(self.resolver.person, position.get("people", []), where, missing),
                     "note": position.get("note", "")}
            if entry["parties"] or entry["people"]:
                found.append({k: v for k, v in entry.items() if v})
        return found

    def _step(self, step, where: str, missing: list[str]) -> dict | None:
        committee = self.resolver.committee(step.committee, where)
        if committee is None:
            missing.append(step.committee)
            return None
        entry = {"committee": committee, "date": step.date, "number": step.number, "decision": step.decision,
                 "positions": self._positions(step.positions, where, missing),
                 "absent": _names(self.resolver.person, step.absent, where, missing)}
        return {k: v for k, v in entry.items() if v not in ("", [])}

    def _schedule(self, entries: list[dict], where: str, missing: list[str]) -> list[dict]:
        """A Kommende møder calendar: the meetings of bodies the registry knows."""
        found = []
        for entry in entries:
            committee = self.resolver.committee(entry["committee"], where)
            if committee is None:
                missing.append(entry["committee"])
                continue
            found.append({k: v for k, v in (("committee", committee), ("date", entry["date"]),
                                            ("note", entry.get("note", ""))) if v})
        return found

    def _attachments(self, item: ImportedItem, name: str, out: Written, files: dict[str, Path]) -> list[dict]:
        listed = []
        for title in item.attachments:
            entry = {"title": title}
            given = files.pop(title, None)
            if given is not None:
                entry["file"] = f"bilag/{given.name}"
                out.files[entry["file"]] = given.read_bytes()
            listed.append(entry)
        for title, markdown in item.attachment_pages:
            page = f"bilag/{slugify(title)[:60].rstrip('-')}.md"
            out.files[page] = markdown.strip() + "\n"
            listed.append({"title": title, "file": page})
        return listed
