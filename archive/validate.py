"""Stage 2, validate: turn loaded documents into records, and check them.

Field-level checks come from the record models (``records.py``); this module
maps their complaints back to file, line and field, and adds the checks that
need the whole archive: unknown slugs (with a did-you-mean), duplicate item
numbers, folders that disagree with their records, weekdays that contradict
dates. Every problem is collected; nothing raises.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from . import records as r
from . import urls
from .danish import MONTHS, WEEKDAYS
from .diagnostics import Diagnostics, did_you_mean
from .load import LocatedList, LocatedMap, MeetingFolder, Sources, read_text
from .markup import INLINE_HTML_ALLOWED
from .sections import split_sections


@dataclass(frozen=True)
class Records:
    """Every valid record of the archive, by kind."""

    committees: dict[str, r.Committee]
    organisations: dict[str, r.Organisation]
    people: dict[str, r.Person]
    topics: dict[str, r.Topic]
    meetings: tuple[r.Meeting, ...]


def validate(sources: Sources, diagnostics: Diagnostics) -> Records:
    checker = _Checker(sources, diagnostics)
    return checker.run()


# ---------------------------------------------------------------- locations

def _locate(meta: LocatedMap, loc: tuple) -> int:
    """The line of the deepest part of ``loc`` that exists in the YAML."""
    node, line = meta, meta.line
    for part in loc:
        if isinstance(node, LocatedMap) and part in node:
            line, node = node.key_lines[part], node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and part < len(node):
            line, node = node.item_lines[part], node[part]
        else:
            break
    return line


def _field_name(loc: tuple) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


_PATTERN_HINTS = {
    r.SLUG_PATTERN: "is not a slug: use lowercase a–z, 0–9 and hyphens (æ→ae, ø→oe, å→aa)",
    "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$": 'is not a time: write it as "HH:MM" in quotes, e.g. "10:00"',
    "^SAG-[0-9]{4}-[0-9]+$": "is not a case number like SAG-2019-03640",
}


def _message(error: dict, model: type[r.Record]) -> str:
    kind, value = error["type"], error.get("input")
    if kind == "missing":
        return "required field is missing"
    if value is None:
        return "is empty: give it a value"
    if kind == "extra_forbidden":
        known = [f.alias or name for name, f in model.model_fields.items()
                 if name not in r.ITEM_DERIVED_FIELDS + r.MEETING_DERIVED_FIELDS + ("slug",)]
        return f"unknown field '{error['loc'][-1]}'{did_you_mean(error['loc'][-1], known)}"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(error["ctx"]["pattern"], "has the wrong form")
        return f"'{value}' {hint}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"'{value}' is not a date: write YYYY-MM-DD, e.g. 2021-04-09"
    if kind == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "")
        return f"'{value}' is not one of: {expected}"
    if kind == "value_error":
        return f"'{value}': {error['msg'].removeprefix('Value error, ')}"
    return f"{error['msg'].lower()} (got {value!r})"


# ---------------------------------------------------------------- the checker

# Top-level URL segments the site uses itself: a committee cannot have them.
RESERVED_SLUGS = {urls.people_index().strip("/"), urls.organisations_index().strip("/"),
                  urls.topics_index().strip("/"), urls.search().strip("/"), urls.cases_index().strip("/"),
                  "assets", "pagefind", "was", "search", "404"}

_RAW_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])[^>]*>")
_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)
_SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data):", re.IGNORECASE)


def unsafe_markup(text: str) -> list[tuple[str, int]]:
    """(message, offset) for each raw HTML tag or script link outside code."""
    hidden = _CODE.sub(lambda m: " " * len(m.group(0)), text)  # same offsets
    problems = [(f"raw HTML <{m.group(2)}> is not allowed in a record: write Markdown "
                 f"(only <sub>, <sup> and <br> may be used)", m.start())
                for m in _RAW_TAG.finditer(hidden)
                if not m.group(1) and m.group(2).lower() not in INLINE_HTML_ALLOWED]  # opening tags
    problems += [("a link to a script (javascript:, data:) is not allowed", m.start())
                 for m in _SCRIPT_LINK.finditer(hidden)]
    return problems


_WEEKDAY_DATE = re.compile(
    rf"\b({'|'.join(WEEKDAYS)})(?:\s+den)?\s+(\d{{1,2}})\.\s*({'|'.join(MONTHS)})(?:\s+(\d{{4}}))?",
    re.IGNORECASE)


class _Checker:
    def __init__(self, sources: Sources, diagnostics: Diagnostics):
        self.sources = sources
        self.d = diagnostics

    def run(self) -> Records:
        reg = self.sources.registries
        committees = self._registry(reg["committees"], "committees", r.Committee)
        for slug in sorted(set(committees) & RESERVED_SLUGS):
            self.d.error(self.sources.root / "committees.yaml", reg["committees"].key_lines[slug], slug,
                         f"'{slug}' is a reserved address on the site; choose another slug")
            del committees[slug]
        organisations = self._registry(reg["organisations"], "organisations", r.Organisation)
        people = self._registry(reg["people"], "people", r.Person)
        topics = self._registry(reg["topics"], "topics", r.Topic)
        self.known = {"committee": committees, "organisation": organisations,
                      "person": people, "topic": topics}
        # A registry that could not be read at all is reported once; its
        # references are not checked (they would all be "unknown").
        self.unreadable = {kind for kind, name in (("committee", "committees"), ("organisation", "organisations"),
                                                    ("person", "people"), ("topic", "topics"))
                           if reg[name] is None}
        self._check_registry_references(reg)
        meetings = [m for f in self.sources.meetings if (m := self._meeting(f)) is not None]
        meetings.sort(key=lambda m: (m.date, m.committee))
        return Records(committees, organisations, people, topics, tuple(meetings))

    # -- building one record

    def _build(self, model, data: dict, meta: LocatedMap, path: Path, prefix: tuple = ()):
        # An optional field left empty ("place:") means "not given".
        required = {f.alias or name for name, f in model.model_fields.items() if f.is_required()}
        data = {k: v for k, v in data.items() if v is not None or k in required}
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = prefix + tuple(error["loc"])
                self.d.error(path, _locate(meta, loc), _field_name(loc), _message(error, model))
            return None

    def _registry(self, data: LocatedMap | None, name: str, model) -> dict:
        if data is None:
            return {}
        path = self.sources.root / f"{name}.yaml"
        result = {}
        for slug, entry in data.items():
            line = data.key_lines[slug]
            if not isinstance(entry, LocatedMap):
                self.d.error(path, line, str(slug), "expected the record's fields under its slug")
                continue
            record = self._build(model, {**entry, "slug": str(slug)}, data, path, (slug,))
            if record is not None:
                result[record.slug] = record
        return result

    # -- references between records

    def _ref(self, kind: str, slug, path: Path, line: int, field: str) -> None:
        known = self.known[kind]
        if kind not in self.unreadable and isinstance(slug, str) and slug not in known:
            self.d.error(path, line, field, f"unknown {kind} '{slug}'{did_you_mean(slug, known)}")

    def _refs(self, kind: str, meta: LocatedMap, key: str, path: Path) -> None:
        values = meta.get(key)
        if isinstance(values, LocatedList):
            for i, slug in enumerate(values):
                self._ref(kind, slug, path, values.item_lines[i], f"{key}[{i}]")

    def _check_registry_references(self, reg: dict) -> None:
        root = self.sources.root
        for name, key, sub, kind in (("committees", "members", "person", "person"),
                                     ("people", "affiliations", "organisation", "organisation")):
            for slug, entry in (reg[name] or {}).items():
                if isinstance(entry, LocatedMap):
                    self._nested_refs(entry, root / f"{name}.yaml", key, sub, kind, prefix=f"{slug}.")
        for slug, entry in (reg["committees"] or {}).items():
            if isinstance(entry, LocatedMap) and "parent" in entry:
                self._ref("committee", entry["parent"], root / "committees.yaml",
                          entry.key_lines["parent"], f"{slug}.parent")

    # -- meetings

    def _meeting(self, folder: MeetingFolder) -> r.Meeting | None:
        doc = folder.meeting
        if doc is None:
            return None
        meta, path = doc.meta, doc.path
        for key in r.MEETING_DERIVED_FIELDS:
            if key in meta:
                self.d.error(path, meta.key_lines[key], key, f"unknown field '{key}'")
        data = {k: v for k, v in meta.items() if k not in r.MEETING_DERIVED_FIELDS}
        for key in ("committee",):
            if key in meta:
                self._ref("committee", meta[key], path, meta.key_lines[key], key)
        for key in ("participants", "apologies"):
            self._refs("person", meta, key, path)
        self._check_nested_people(meta, path)
        self._check_folder(folder, meta)
        items = self._items(folder, meta)
        meeting = self._build(r.Meeting, {**data, "intro": doc.body.strip(),
                                          "source_path": self._rel(path), "items": ()}, meta, path)
        if meeting is None:
            return None
        self._check_weekdays(path, doc.body_line, doc.body, meeting.date)
        self._check_markup(path, doc.body_line, doc.body)
        return meeting.model_copy(update={"items": items})

    def _check_nested_people(self, meta: LocatedMap, path: Path) -> None:
        for key, sub in (("substitutes", "person"), ("substitutes", "for"), ("sessions", "people")):
            self._nested_refs(meta, path, key, sub, "person")

    def _nested_refs(self, meta: LocatedMap, path: Path, key: str, sub: str, kind: str, prefix: str = "") -> None:
        """Check the slugs at ``key[i].sub`` (a slug or a list of slugs); the
        field names in messages start with ``prefix``."""
        entries = meta.get(key)
        for i, entry in enumerate(entries if isinstance(entries, LocatedList) else ()):
            if not isinstance(entry, LocatedMap):
                continue
            value = entry.get(sub)
            if isinstance(value, LocatedList):
                for j, slug in enumerate(value):
                    self._ref(kind, slug, path, value.item_lines[j], f"{prefix}{key}[{i}].{sub}[{j}]")
            elif value is not None:
                self._ref(kind, value, path, entry.key_lines[sub], f"{prefix}{key}[{i}].{sub}")

    def _check_folder(self, folder: MeetingFolder, meta: LocatedMap) -> None:
        path = folder.meeting.path
        expected = {"committee": folder.path.parent.name, "date": folder.path.name}
        for key, value in expected.items():
            if key in meta and str(meta[key]) != value:
                self.d.error(path, meta.key_lines[key], key,
                             f"'{meta[key]}' does not match the folder name '{value}': "
                             f"the folder is meetings/<committee>/<YYYY-MM-DD>/")

    def _items(self, folder: MeetingFolder, meeting_meta: LocatedMap) -> tuple[r.Item, ...]:
        seen: dict[str, Path] = {}
        items = []
        context = {"committee": meeting_meta.get("committee"), "date": meeting_meta.get("date")}
        for doc in folder.items:
            meta, path = doc.meta, doc.path
            for key in r.ITEM_DERIVED_FIELDS:
                if key in meta:
                    self.d.error(path, meta.key_lines[key], key, f"unknown field '{key}'" + (
                        ": write it in the body as a ## section" if key in
                        ("recommendation", "background", "case_text", "decision") else ""))
            sections, problems = split_sections(doc.body)
            for problem in problems:
                self.d.error(path, doc.body_line + problem.line - 1, "body", problem.message)
            self._check_markup(path, doc.body_line, doc.body)
            self._refs("person", meta, "presenters", path)
            self._refs("topic", meta, "topics", path)
            self._nested_refs(meta, path, "schedule", "committee", "committee")
            data = {k: v for k, v in meta.items() if k not in r.ITEM_DERIVED_FIELDS}
            if "attachments" in data:
                data["attachments"] = self._attachments(folder, meta, path)
            item = self._build(r.Item, {**data, **sections, **context,
                                        "source_path": self._rel(path)}, meta, path)
            if item is None:
                continue
            if item.number in seen:
                self.d.error(path, meta.key_lines.get("number", 1), "number",
                             f"item number '{item.number}' is also used by "
                             f"{self._rel(seen[item.number])}")
                continue
            seen[item.number] = path
            self._check_weekdays(path, doc.body_line, doc.body, item.date)
            items.append(item)
        items.sort(key=lambda item: item.sort_key)
        return tuple(items)

    def _attachments(self, folder: MeetingFolder, meta: LocatedMap, path: Path):
        """The attachments as written, each file checked to be inside the meeting
        folder and present, and a Markdown attachment's text read for its page."""
        entries = meta["attachments"]
        if not isinstance(entries, LocatedList):
            return entries  # the model reports the wrong type
        result = []
        for i, entry in enumerate(entries):
            if not isinstance(entry, LocatedMap) or not isinstance(entry.get("file"), str):
                result.append(entry)
                continue
            entry = {k: v for k, v in entry.items() if k not in ("source", "markdown")}
            line, field = entries[i].key_lines["file"], f"attachments[{i}].file"
            target = (folder.path / entry["file"]).resolve()
            if not target.is_relative_to(folder.path.resolve()):
                self.d.error(path, line, field, f"'{entry['file']}' is outside the meeting folder")
            elif not target.is_file():
                present = [p.relative_to(folder.path).as_posix() for p in folder.path.rglob("*")
                           if p.is_file() and p.name != "meeting.md"]
                self.d.error(path, line, field, f"file '{entry['file']}' not found beside the "
                             f"meeting{did_you_mean(entry['file'], present)}")
            else:
                entry["source"] = str(target)
                if target.suffix.lower() == ".md":
                    entry["markdown"] = read_text(target, self.d) or ""
                    self._check_markup(target, 1, entry["markdown"])
            result.append(entry)
        return result

    def _check_markup(self, path: Path, first_line: int, text: str) -> None:
        """Records are Markdown: raw HTML (beyond <sub>, <sup>, <br>) and
        javascript: links are refused, so no record can inject a script."""
        for problem, offset in unsafe_markup(text):
            self.d.error(path, first_line + text.count("\n", 0, offset), "body", problem)

    def _check_weekdays(self, path: Path, first_line: int, text: str, default: dt.date) -> None:
        for match in _WEEKDAY_DATE.finditer(text):
            weekday, day, month, year = match.groups()
            try:
                date = dt.date(int(year or default.year), MONTHS.index(month.lower()) + 1, int(day))
            except ValueError:
                continue
            actual = WEEKDAYS[date.weekday()]
            if actual != weekday.lower():
                line = first_line + text.count("\n", 0, match.start())
                self.d.warning(path, line, "body", f"'{match.group(0)}': {date.isoformat()} "
                               f"is a {actual}, not a {weekday.lower()}")

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.sources.root.parent).as_posix() \
            if path.is_relative_to(self.sources.root.parent) else path.as_posix()
