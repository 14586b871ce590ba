"""Stage 2, validate: turn loaded documents into records, and check them.

Field-level checks come from the record models (``records.py``); this module
maps their complaints back to file, line and field, and adds the checks that
need the whole archive: unknown slugs (with a did-you-mean), duplicate item
numbers, folders that disagree with their records, weekdays that contradict
dates. Every problem is collected; nothing raises.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path
from types import UnionType
from typing import Annotated, Union, get_args, get_origin

from pydantic import ValidationError

from . import held
from . import records as r
from .danish import MONTHS, WEEKDAYS
from .diagnostics import ERROR, Diagnostics, did_you_mean
from .keep import NO_CACHE, Kept, RecordCache
from .load import (
    CONFIG_FILE,
    WITHDRAWN_FILE,
    LocatedList,
    LocatedMap,
    MeetingFolder,
    Sources,
    read_text,
)
from .markup import INLINE_HTML_ALLOWED
from .mentions import alternation
from .routes import reserved_names
from .sections import split_sections


def validate(sources: Sources, diagnostics: Diagnostics, cache: RecordCache = NO_CACHE,
             shelve: bool = True) -> r.Records:
    """The records of ``sources``; each meeting validated here is kept in
    ``cache``; ``shelve``: with its items held on disk as it comes (held.py)."""
    checker = _Checker(sources, diagnostics, cache, shelve)
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
    r.TIME_PATTERN: 'is not a time: write it as "HH:MM" in quotes, e.g. "10:00"',
    r.PAGE_URL_PATTERN: "is not the address of a page: write it as published, e.g. /kd-net/2021-04-09/7/",
}


def _shown(value, limit: int = 80) -> str:
    """A value as a message quotes it: one line, at most ``limit`` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + f"… ({len(str(value))} characters)"


def _message(error: dict, model: type[r.Record]) -> str:
    kind, value = error["type"], error.get("input")
    value = _shown(value) if isinstance(value, str) else value
    if kind == "missing":
        return "required field is missing"
    if value is None:
        return "is empty: give it a value"
    if kind == "extra_forbidden":
        known = r.authored_fields(model)
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
    return f"{error['msg'].lower()} (got {_shown(repr(value))})"


# ---------------------------------------------------------------- the checker

# ---------------------------------------------------------------- references

def references(model: type[r.Record], data, loc: tuple = ()) -> Iterator[tuple[tuple, r.Registry, str]]:
    """Every slug in ``data`` (a record as written) that a field of ``model``
    types as a reference to a registry: (location, registry, slug). Walks the
    data as written, so references are checked even where another field of
    the record is wrong."""
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in data:
            annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
            yield from _field_references(annotation, data[key], loc + (key,))


def _field_references(annotation, value, loc: tuple):
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        registry = next((m for m in args[1:] if isinstance(m, r.Registry)), None)
        if registry is None:
            yield from _field_references(args[0], value, loc)
        elif isinstance(value, str):
            yield loc, registry, value
    elif origin in (Union, UnionType):
        for option in args:
            yield from _field_references(option, value, loc)
    elif origin in (tuple, list) and isinstance(value, list):
        for index, entry in enumerate(value):
            yield from _field_references(args[0], entry, loc + (index,))
    elif isinstance(annotation, type) and issubclass(annotation, r.Record):
        yield from references(annotation, value, loc)


_RAW_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])[^<>]*>")  # [^<>]: linear on "<a <a <a …"
_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)
# The target of every kind of Markdown link: inline "](target", an autolink
# "<scheme:…>", a reference definition "[label]: target". Linear: no two
# quantifiers can take the same characters.
_LINK_TARGET = re.compile(r"\]\([ \t]*(?:<[ \t]*)?([^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.&#;-]*:[^>\s]*)>"
                          r"|^[ \t]{0,3}\[[^\]\n]{1,999}\]:[ \t]*<?([^\s>]*)", re.MULTILINE)
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u200b-\u200f\ufeff]")


def _unsafe_target(target: str) -> bool:
    """A link target a browser would run, however it is spelt: entities
    ("jav&#x61;script:"), case, spaces and invisible characters."""
    plain = _INVISIBLE.sub("", html.unescape(html.unescape(target))).lower()
    return plain.startswith(_UNSAFE_SCHEMES)


def unsafe_markup(text: str) -> list[tuple[str, int]]:
    """(message, offset) for each raw HTML tag or script link outside code."""
    if "<" not in text and "[" not in text and "]" not in text:
        return []  # no tag, no link: most texts, and the scans below cost seconds over an archive
    hidden = _CODE.sub(lambda m: " " * len(m.group(0)), text)  # same offsets
    problems = [(f"raw HTML <{m.group(2)}> is not allowed in a record: write Markdown "
                 f"(only <sub>, <sup> and <br> may be used)", m.start())
                for m in _RAW_TAG.finditer(hidden)
                if not m.group(1) and m.group(2).lower() not in INLINE_HTML_ALLOWED]  # opening tags
    problems += [("a link to a script (javascript:, vbscript:, data:, file:) is not allowed, in any spelling",
                  m.start()) for m in _LINK_TARGET.finditer(hidden)
                 if _unsafe_target(m.group(1) or m.group(2) or m.group(3) or "")]
    return problems


_WEEKDAY_DATE = re.compile(
    rf"\b({alternation(WEEKDAYS)})(?:\s+den)?\s+(\d{{1,2}})\.\s*({alternation(MONTHS)})(?:\s+(\d{{4}}))?",
    re.IGNORECASE)


# Attachments a browser would run as a page or script of the site's own origin.
ACTIVE_TYPES = {".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".xml", ".xsl", ".xslt"}


class _Checker:
    def __init__(self, sources: Sources, diagnostics: Diagnostics, cache: RecordCache, shelve: bool = True):
        self.sources = sources
        self.shelve = held.shelve if shelve else (lambda meeting: meeting)
        self.d = diagnostics
        self.cache = cache
        self.attached: set[Path] = set()  # files some item names as its attachment

    def run(self) -> r.Records:
        reg = self.sources.registries
        registries = {name: self._registry(reg[name], name, model) for name, model in (
            ("committees", r.Committee), ("organisations", r.Organisation), ("people", r.Person),
            ("topics", r.Topic))}
        committees = registries["committees"]
        for slug in sorted(set(committees) & reserved_names()):
            self.d.error(self.sources.root / "committees.yaml", reg["committees"].key_lines[slug], slug,
                         f"'{slug}' is a reserved address on the site; choose another slug")
            del committees[slug]
        for slug, committee in committees.items():
            for old in sorted(set(committee.formerly) & reserved_names()):
                self.d.error(self.sources.root / "committees.yaml", reg["committees"].key_lines[slug],
                             f"{slug}.formerly", f"'{old}' is a reserved address on the site: it was never a committee's")
        self.known = registries
        # A registry that could not be read at all is reported once; its
        # references are not checked (they would all be "unknown").
        self.unreadable = {name for name in registries if reg[name] is None}
        for name, model in (("committees", r.Committee), ("organisations", r.Organisation),
                            ("people", r.Person), ("topics", r.Topic)):
            for slug, entry in (reg[name] or {}).items():
                self._check_references(model, entry, reg[name], self.sources.root / f"{name}.yaml", (slug,))
        config = self.config = self._config()
        self._check_homonyms(reg["people"], registries["people"])
        # Each folder's files are let go of once its meeting is validated: only its cache key is kept.
        read = [(f.key, self.shelve(m)) for f in self.sources.meetings if (m := self._meeting(f)) is not None]
        meetings = sorted((m for _key, m in read), key=r.meeting_order)
        return r.Records(committees, registries["organisations"], registries["people"], registries["topics"],
                         tuple(meetings), config, self.sources.root, self._withdrawn(),
                         {(m.committee, m.date): key for key, m in read if key})

    def _withdrawn(self) -> tuple[r.Withdrawal, ...]:
        entries = self.sources.withdrawn or []
        path = self.sources.root / WITHDRAWN_FILE
        found = []
        for index, entry in enumerate(entries):
            if not isinstance(entry, LocatedMap):
                self.d.error(path, entries.item_lines[index], f"[{index}]", "expected '- url: …' with a reason")
                continue
            withdrawal = self._build(r.Withdrawal, dict(entry), entries, path, (index,))
            if withdrawal is not None:
                found.append(withdrawal)
        return tuple(found)

    def _check_homonyms(self, meta: LocatedMap | None, people: dict[str, r.Person]) -> None:
        """Two people who share a name or spelling: a warning, since a mention
        of it is linked only with a hint (the party letter after the name)."""
        first: dict[str, str] = {}
        for person in people.values():
            for spelling in dict.fromkeys(s.casefold() for s in (person.name, *person.variants)):
                other = first.setdefault(spelling, person.slug)
                if other != person.slug:
                    shown = next(s for s in (person.name, *person.variants) if s.casefold() == spelling)
                    self.d.warning(self.sources.root / "people.yaml", meta.key_lines.get(person.slug), person.slug,
                                   f"'{shown}' is also the name of '{other}': a mention of it is linked only "
                                   f"where a party letter tells them apart ('{shown} (A)')")

    def _config(self) -> r.ArchiveConfig:
        meta = self.sources.config
        if meta is None:
            return r.ArchiveConfig()
        path = self.sources.root / CONFIG_FILE
        self._check_references(r.ArchiveConfig, meta, meta, path)
        config = self._build(r.ArchiveConfig, dict(meta), meta, path) or r.ArchiveConfig()
        if config.logo:
            logo = (self.sources.root / config.logo).resolve()
            if not logo.is_relative_to(self.sources.root.resolve()) or not logo.is_file():
                self.d.error(path, meta.key_lines["logo"], "logo",
                             f"'{config.logo}' is not a file in {self.sources.root.name}/ beside archive.yaml")
            elif logo.suffix.lower() not in (".png", ".jpg", ".jpeg", ".webp"):
                self.d.error(path, meta.key_lines["logo"], "logo",
                             f"'{config.logo}': a logo is a .png, .jpg or .webp image "
                             "(an SVG can hold script, which must not run on the site's origin)")
        return config

    def _check_references(self, model, data, meta: LocatedMap, path: Path, loc: tuple = ()) -> None:
        """Report every slug in ``data`` that its registry does not have."""
        for where, registry, slug in references(model, data, loc):
            known = self.known[registry.name]
            if registry.name not in self.unreadable and slug not in known:
                self.d.error(path, _locate(meta, where), _field_name(where),
                             f"unknown {registry.kind} '{slug}'{did_you_mean(slug, known)}")

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

    # -- meetings

    def _meeting(self, folder: MeetingFolder) -> r.Meeting | None:
        """The meeting of ``folder``, validated now or as the last build did (keep.py)."""
        if folder.kept is not None:
            self.d.items.extend(folder.kept.diagnostics)
            return folder.kept.meeting
        mark = len(self.d.items)
        meeting = self._validate_meeting(folder)
        found = (*folder.diagnostics, *self.d.items[mark:])
        if meeting is not None and folder.key and not any(d.severity == ERROR for d in found):
            self.cache.put(folder.key, Kept(meeting, found))
        return meeting

    def _validate_meeting(self, folder: MeetingFolder) -> r.Meeting | None:
        doc = folder.meeting
        if doc is None:
            return None
        meta, path = doc.meta, doc.path
        derived = r.derived_fields(r.Meeting)
        for key in derived:
            if key in meta:
                self.d.error(path, meta.key_lines[key], key, f"unknown field '{key}'")
        data = {k: v for k, v in meta.items() if k not in derived}
        self._check_references(r.Meeting, meta, meta, path)
        self._check_folder(folder, meta)
        items = self._items(folder, meta)
        self._check_unlisted(folder)
        meeting = self._build(r.Meeting, {**data, "intro": doc.body.strip(),
                                          "source_path": self._rel(path), "items": ()}, meta, path)
        if meeting is None:
            return None
        self._check_draft(meeting, meta, path)
        self._check_weekdays(path, doc.body_line, doc.body, meeting.date)
        self._check_markup(path, doc.body_line, doc.body)
        return meeting.model_copy(update={"items": items})

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
        derived = r.derived_fields(r.Item)
        for doc in folder.items:
            meta, path = doc.meta, doc.path
            for key in meta:
                if key in derived or key in r.SECTION_ROLES:
                    self.d.error(path, meta.key_lines[key], key, f"unknown field '{key}'" + (
                        ": write it in the body as a ## section" if key in r.SECTION_ROLES + ("sections",) else ""))
            sections, problems = split_sections(doc.body, self.config.sections)
            for problem in problems:
                self.d.error(path, doc.body_line + problem.line - 1, "body", problem.message)
            self._check_markup(path, doc.body_line, doc.body)
            self._check_references(r.Item, meta, meta, path)
            data = {k: v for k, v in meta.items() if k not in derived and k not in r.SECTION_ROLES}
            self._check_case(meta, path)
            if "attachments" in data:
                data["attachments"] = self._attachments(folder, meta, path)
            texts = tuple({"name": spec.name, "role": spec.role, "markdown": text} for spec, text in sections)
            item = self._build(r.Item, {**data, "sections": texts, **context,
                                        "source_path": self._rel(path)}, meta, path)
            if item is None:
                continue
            if item.number in seen:
                self.d.error(path, meta.key_lines.get("number", 1), "number",
                             f"item number '{item.number}' is also used by "
                             f"{self._rel(seen[item.number])}")
                continue
            seen[item.number] = path
            self._check_draft(item, meta, path)
            self._check_weekdays(path, doc.body_line, doc.body, item.date)
            items.append(item)
        items.sort(key=lambda item: item.sort_key)
        return tuple(items)

    def _check_unlisted(self, folder: MeetingFolder) -> None:
        """A file beside a meeting's records that no item names is not
        published: say so rather than drop it silently."""
        records = {folder.meeting.path} | {doc.path for doc in folder.items}
        others = [p for p in sorted(folder.path.rglob("*")) if p.is_file() and not p.name.startswith(".")
                  and p not in records]  # the common case first, without resolving every link of the path
        resolved_records = {record.resolve() for record in records} if others else set()
        for path in others:
            resolved = path.resolve()
            if resolved not in resolved_records and resolved not in self.attached:
                self.d.warning(path, None, None, "not a record, and no item lists it as an attachment: "
                               "it is not published (name it under an item's attachments, or remove it)")

    def _check_draft(self, record, meta: LocatedMap, path: Path) -> None:
        if record.draft:
            self.d.warning(path, meta.key_lines["draft"], "draft", "written by `build.py new` and not filled in "
                           "yet: fill in the record, then remove `draft: true`")

    def _check_case(self, meta: LocatedMap, path: Path) -> None:
        """A case number must be of one of the archive's schemes (archive.yaml)."""
        case = meta.get("case")
        if isinstance(case, str) and not self.config.case_pattern.fullmatch(case.strip()):
            examples = ", ".join(s.example for s in self.config.case_numbers)
            self.d.error(path, meta.key_lines["case"], "case",
                         f"'{case}' is not a case number of this archive's schemes (such as {examples}): "
                         f"add its scheme to case_numbers in archive.yaml")

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
            elif target.suffix.lower() in ACTIVE_TYPES:
                self.d.error(path, line, field, f"'{entry['file']}' is a kind of file a browser runs (HTML, SVG, "
                             "JavaScript, XML): published, it would run on the site's own address. Attach it as "
                             "PDF, or as Markdown (.md) to make it a page")
            else:
                self.attached.add(target)
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
