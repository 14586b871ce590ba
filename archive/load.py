"""Stage 1, load: read the files under ``content/`` into documents that remember
where every value came from (file and line), so later stages can point at it.

Nothing here knows what a meeting or a person is; it only reads YAML and
Markdown-with-frontmatter faithfully.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .diagnostics import Diagnostics
from .keep import NO_CACHE, Kept, RecordCache

REGISTRIES = ("committees", "organisations", "people", "topics")
CONFIG_FILE = "archive.yaml"  # the archive's own rules; optional
WITHDRAWN_FILE = "withdrawn.yaml"  # published pages withdrawn, with the reason; optional
MEETING_FILE = "meeting.md"


class LocatedMap(dict):
    """A YAML mapping that knows the line of each of its keys."""

    line: int = 0
    key_lines: dict


class LocatedList(list):
    """A YAML sequence that knows the line of each of its entries."""

    line: int = 0
    item_lines: list


class _Loader(yaml.CSafeLoader):
    """Safe YAML with positions and without the surprises of YAML 1.1 for
    hand-written records: ``3.10`` stays the text "3.10" (no floats),
    ``10:00`` stays "10:00" (no base-60 integers), ``05`` stays "05", and
    ``2021-02-30`` is text for the validator to reject, not a crash."""

    line_offset = 0


_DECIMAL_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, _DECIMAL_INT if tag == "tag:yaml.org,2002:int" else regexp)
        for tag, regexp in resolvers
        # Dates stay text here; records.py parses them and reports bad ones.
        if tag not in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line(loader: _Loader, node: yaml.Node) -> int:
    return node.start_mark.line + 1 + loader.line_offset


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LocatedMap:
    loader.flatten_mapping(node)
    result = LocatedMap()
    result.line = _line(loader, node)
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int)):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word", key_node.start_mark)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = _line(loader, key_node)
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = _line(loader, node)
    result.item_lines = [_line(loader, child) for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def _alias(text: str) -> yaml.Mark | None:
    """Where the text uses a YAML anchor or alias (``&x``, ``*x``), if it does.
    Records need none, and an alias bomb would expand a few lines into
    gigabytes; the events are read without building anything."""
    if "&" not in text and "*" not in text:
        return None
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return event.start_mark
    except yaml.YAMLError:
        return None  # the parser proper reports it, with its line
    return None


def parse_yaml(text: str, path: Path, diagnostics: Diagnostics, line_offset: int = 0):
    """Parse YAML text; on a syntax error, report it with its line and return None."""
    mark = _alias(text)
    if mark is not None:
        diagnostics.error(path, mark.line + 1 + line_offset, None,
                          "YAML: anchors and aliases (&name, *name) are not allowed in records; "
                          "write the value out (or quote a text that starts with & or *)")
        return None
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        diagnostics.error(path, line, None, f"YAML: {problem}")
    except yaml.YAMLError as exc:
        diagnostics.error(path, None, None, f"YAML: {exc}")
    except RecursionError:
        diagnostics.error(path, line_offset + 1, None, "YAML: nested too deeply")
    finally:
        loader.dispose()
    return None


@dataclass(frozen=True)
class Document:
    """One Markdown file: its frontmatter (with lines) and its body."""

    path: Path
    meta: LocatedMap
    body: str
    body_line: int  # line number of the body's first line in the file


# Exactly '---' on a line of its own. (python-frontmatter's boundary pattern
# also swallows the blank lines after it, which would shift every line number
# we report for the body.)
_BOUNDARY = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


def read_text(path: Path, diagnostics: Diagnostics) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        diagnostics.error(path, None, None, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")
    except OSError as exc:
        diagnostics.error(path, None, None, f"cannot read: {exc.strerror}")
    return None


def read_document(path: Path, diagnostics: Diagnostics) -> Document | None:
    """Read a Markdown file with YAML frontmatter between ``---`` lines."""
    text = read_text(path, diagnostics)
    if text is None:
        return None
    text = text.lstrip("\ufeff")
    if not _BOUNDARY.match(text):
        diagnostics.error(path, 1, None, "missing frontmatter: the file must start with a '---' line")
        return None
    parts = _BOUNDARY.split(text, 2)
    if len(parts) < 3:
        diagnostics.error(path, 1, None, "frontmatter is not closed: add a '---' line after it")
        return None
    _, fm, body = parts
    # ``fm`` starts with the rest of the opening '---' line, ``body`` with the
    # rest of the closing one: so fm's first line is file line 1.
    if fm.strip():
        meta = parse_yaml(fm, path, diagnostics, line_offset=0)
        if meta is None:
            return None
    else:
        meta = LocatedMap()
        meta.line, meta.key_lines = 1, {}
    if not isinstance(meta, LocatedMap):
        diagnostics.error(path, 2, None, "frontmatter must be a mapping of 'field: value' lines")
        return None
    closing_line = 1 + fm.count("\n")
    body = body.split("\n", 1)[1] if "\n" in body else ""
    return Document(path, meta, body, closing_line + 1)


@dataclass(frozen=True)
class MeetingFolder:
    path: Path
    meeting: Document | None
    items: tuple[Document, ...]
    other_files: tuple[Path, ...]  # attachments and anything else beside the records
    key: str | None = None          # in the record cache (keep.py)
    kept: Kept | None = None        # as the last build validated it: nothing above was read
    diagnostics: tuple = ()         # what reading it reported


@dataclass(frozen=True)
class Sources:
    """Everything read from ``content/``, before any interpretation."""

    root: Path
    registries: dict  # name → LocatedMap (or None where missing/broken)
    # Read one at a time as validation takes them (once): a meeting's files
    # are let go of once it is validated, where all of them read first were
    # most of a compile's peak (the texts of 3,000 meetings: 420 MB).
    meetings: Iterable[MeetingFolder]
    config: LocatedMap | None = None  # archive.yaml
    withdrawn: LocatedList | None = None  # withdrawn.yaml


def load(root: Path, diagnostics: Diagnostics, cache: RecordCache = NO_CACHE) -> Sources:
    """Everything under ``root``; a meeting folder that ``cache`` holds
    unchanged is not read (``MeetingFolder.kept``)."""
    registries = _registries(root, diagnostics)
    try:
        if cache.folder is not None:
            cache.start(root)
    except OSError:
        cache = NO_CACHE  # the content folder itself is reported below
    return _sources(root, registries, _meetings(root, cache, diagnostics), diagnostics)


def _meetings(root: Path, cache: RecordCache, diagnostics: Diagnostics) -> Iterator[MeetingFolder]:
    for folder in _meeting_folders(root / "meetings", diagnostics):
        try:
            key = cache.key(folder) if cache.folder is not None else None
            kept = cache.get(key) if key else None
        except (OSError, RuntimeError) as exc:
            _unreadable(folder, exc, diagnostics)
            continue
        if kept is not None:
            yield MeetingFolder(folder, None, (), (), key, kept)
            continue
        mark = len(diagnostics.items)
        meeting = _read_folder(folder, diagnostics)
        if meeting is not None:
            yield replace(meeting, key=key, diagnostics=tuple(diagnostics.items[mark:]))


def load_folders(root: Path, folders: list[Path], diagnostics: Diagnostics) -> Sources:
    """The registries and configuration of ``root`` with only these meeting
    folders (the live preview's fast render of saved meetings)."""
    registries = _registries(root, diagnostics)
    meetings = [meeting for folder in folders if (meeting := _read_folder(folder, diagnostics)) is not None]
    return _sources(root, registries, meetings, diagnostics)


def _read_folder(folder: Path, diagnostics: Diagnostics) -> MeetingFolder | None:
    try:
        return _load_meeting_folder(folder, diagnostics)
    except (OSError, RuntimeError) as exc:
        _unreadable(folder, exc, diagnostics)
        return None


def _unreadable(folder: Path, exc: Exception, diagnostics: Diagnostics) -> None:
    # A folder that cannot be read, a link in a loop: a message, never a traceback.
    diagnostics.error(folder, None, None, f"cannot be read: {_reason(exc)}")


def _sources(root: Path, registries: dict, meetings: Iterable[MeetingFolder], diagnostics: Diagnostics) -> Sources:
    return Sources(root, registries, meetings,
                   _load_optional(root / CONFIG_FILE, LocatedMap, "a mapping of 'field: value' lines", diagnostics),
                   _load_optional(root / WITHDRAWN_FILE, LocatedList, "a list of '- url: …' entries", diagnostics))


def _registries(root: Path, diagnostics: Diagnostics) -> dict:
    """Each registry file's mapping (None where missing or unreadable)."""
    registries = {}
    for name in REGISTRIES:
        path = root / f"{name}.yaml"
        if not path.is_file():
            diagnostics.error(path, None, None, f"registry missing: create {name}.yaml")
            registries[name] = None
            continue
        text = read_text(path, diagnostics)
        errors_before = len(diagnostics.errors)
        data = parse_yaml(text, path, diagnostics) if text is not None else None
        if data is None and text is not None and len(diagnostics.errors) == errors_before:
            data = LocatedMap()  # an empty file: a registry with no records yet
            data.line, data.key_lines = 1, {}
        if data is not None and not isinstance(data, LocatedMap):
            diagnostics.error(path, 1, None, "a registry must be a mapping from slug to record")
            data = None
        registries[name] = data
    return registries


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc)  # pathlib's "Symlink loop from …"


def _meeting_folders(meetings_root: Path, diagnostics: Diagnostics) -> list[Path]:
    """meetings/<committee>/<date>/ with a meeting.md; a folder without one, or
    one that cannot be read, is reported."""
    folders = []
    try:
        candidates = sorted(p for committee in meetings_root.iterdir() if not committee.name.startswith(".")
                            for p in (committee.iterdir() if committee.is_dir() else ()))
    except FileNotFoundError:
        return []
    except (OSError, RuntimeError) as exc:
        diagnostics.error(meetings_root, None, None, f"cannot be read: {_reason(exc)}")
        return []
    for folder in candidates:
        try:
            if folder.is_symlink() and not folder.exists():
                diagnostics.error(folder, None, None, "cannot be read: a link that leads nowhere, or in a loop")
                continue
            if not folder.is_dir() or folder.name.startswith("."):
                continue
            if (folder / MEETING_FILE).is_file():
                folders.append(folder)
            else:
                diagnostics.error(folder, None, None, f"meeting folder without {MEETING_FILE}")
        except (OSError, RuntimeError) as exc:
            diagnostics.error(folder, None, None, f"cannot be read: {_reason(exc)}")
    return folders


def _load_optional(path: Path, kind: type, expected: str, diagnostics: Diagnostics):
    """An optional YAML file of the archive; None where it is absent or broken."""
    if not path.is_file():
        return None
    text = read_text(path, diagnostics)
    data = parse_yaml(text, path, diagnostics) if text is not None else None
    if data is not None and not isinstance(data, kind):
        diagnostics.error(path, 1, None, f"{path.name} must be {expected}")
        return None
    return data


def _load_meeting_folder(folder: Path, diagnostics: Diagnostics) -> MeetingFolder:
    meeting = read_document(folder / MEETING_FILE, diagnostics)
    items, others = [], []
    for path in sorted(folder.iterdir()):
        if path.name == MEETING_FILE or path.name.startswith(".") or path.is_dir():
            continue  # attachments live in sub-folders (bilag/) or beside items
        if path.suffix.lower() == ".md":  # also ".MD": an item is never skipped for its spelling
            doc = read_document(path, diagnostics)
            if doc is not None:
                items.append(doc)
        else:
            others.append(path)
    return MeetingFolder(folder, meeting, tuple(items), tuple(others))
