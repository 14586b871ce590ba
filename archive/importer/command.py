"""``build.py import``: read each document, resolve its names, write its
records (never over a record that exists, unless ``force``), propose the
names the registries lack, and validate what was written."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..diagnostics import Diagnostics, did_you_mean
from ..load import load
from ..validate import validate
from . import formats
from .model import ImportError_
from .resolve import Resolver
from .write import MeetingWriter, Written

PROPOSALS = "import-proposals.yaml"


@dataclass
class Outcome:
    lines: list[str] = field(default_factory=list)
    errors: int = 0

    def error(self, message: str) -> None:
        self.lines.append(f"error: {message}")
        self.errors += 1


def import_documents(paths: list[Path], committee: str, content: Path, *, force: bool = False,
                     dry_run: bool = False, date: dt.date | None = None, attachments: list[Path] = (),
                     ocr: bool | None = None, skip_existing: bool = False) -> Outcome:
    outcome = Outcome()
    diagnostics = Diagnostics(root=content.parent)
    records = validate(load(content, diagnostics), diagnostics)
    if committee not in records.committees:
        outcome.error(f"unknown committee '{committee}'{did_you_mean(committee, records.committees)}")
        return outcome
    resolver = Resolver(records)
    writer = MeetingWriter(resolver, records.config, committee)
    given = {p.stem: p for p in attachments}
    for path in paths:
        try:
            meeting = formats.read(path, ocr, content)
        except ImportError_ as exc:
            outcome.error(str(exc))
            continue
        meeting.date = date or meeting.date
        if meeting.date is None:
            outcome.error(f"{path.name}: no meeting date found in the document; give it with --date YYYY-MM-DD")
            continue
        written = writer.write(meeting, _by_title(meeting, given))
        if skip_existing and (content / written.folder).exists():
            outcome.lines.append(f"{written.folder}/ exists already: skipped")
        else:
            _save(written, content, force, dry_run, outcome)
        if meeting.reader == "ocr":
            _attach_packet(path, committee, content, dry_run, outcome)
    if resolver.proposals:
        _propose(resolver, content, dry_run, outcome)
    if not dry_run and not outcome.errors:
        after = Diagnostics(root=content.parent)
        validate(load(content, after), after)
        outcome.lines += [str(d) for d in after.errors + after.warnings]
        outcome.errors += len(after.errors)
    return outcome


def _by_title(meeting, given: dict[str, Path]) -> dict[str, Path]:
    """Attachment files given on the command line, by the listed title their
    name is closest to."""
    from rapidfuzz import fuzz, process

    titles = [t for item in meeting.items for t in item.attachments]
    matched = {}
    for stem, path in given.items():
        best = process.extractOne(stem, titles, scorer=fuzz.token_set_ratio, score_cutoff=60) if titles else None
        if best:
            matched[best[0]] = path
    return matched


def _save(written: Written, content: Path, force: bool, dry_run: bool, outcome: Outcome) -> None:
    folder = content / written.folder
    if dry_run:
        outcome.lines.append(f"would write {written.folder}/ ({len(written.files)} files):")
        for name, text in written.files.items():
            shown = text if isinstance(text, str) else f"({len(text)} bytes)\n"
            outcome.lines.append(f"--- {written.folder}/{name}\n{shown.rstrip()}")
    elif folder.exists() and not force:
        outcome.error(f"{written.folder}/ exists already: nothing written (--force replaces its records)")
        return
    else:  # with --force, the records written replace those of the same name; other files stay
        for name, text in written.files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        items = sum(1 for n in written.files if n.endswith(".md") and "/" not in n and n != "meeting.md")
        outcome.lines.append(f"wrote {written.folder}/: meeting.md and {items} item(s)")
    outcome.lines += [f"  {note}" for note in written.notes]


def _attach_packet(path: Path, committee: str, content: Path, dry_run: bool, outcome: Outcome) -> None:
    """The documents a scan carries after the minutes, as attachment pages of
    the meeting they belong to (by their dates), linked from its items."""
    from . import ocr, packet

    when, documents = ocr.packet_with_meeting(path, content)
    if not documents or when is None:
        return
    folder = content / "meetings" / committee / when.isoformat()
    if not folder.exists():
        outcome.lines.append(f"  the {len(documents)} documents after the minutes belong to the meeting of "
                             f"{when.isoformat()}, which is not in the archive: import it first, then again")
    elif dry_run:
        outcome.lines.append(f"would attach {len(documents)} documents after the minutes to {folder.relative_to(content)}/")
    else:
        outcome.lines.append(f"the {len(documents)} documents after the minutes belong to the meeting of "
                             f"{when.isoformat()} (by their dates):")
        outcome.lines += [f"  {line}" for line in packet.attach(folder, [(t, md) for t, md, _ in documents])]


def _propose(resolver: Resolver, content: Path, dry_run: bool, outcome: Outcome) -> None:
    """Unknown names, for a person to accept into the registries (never added by the import)."""
    path = content / PROPOSALS
    known = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    known = known if isinstance(known, dict) else {}
    for registry in ("people", "committees", "organisations"):
        for slug, entry in getattr(resolver.proposals, registry).items():
            known.setdefault(registry, {}).setdefault(slug, entry)
    text = ("# Names the imported documents use that the registries lack. Review them:\n"
            "# move an entry into people.yaml, committees.yaml or organisations.yaml (or add\n"
            "# the spelling as a variant of a record there), then import again.\n"
            + yaml.safe_dump(known, sort_keys=False, allow_unicode=True, width=100))
    count = sum(len(getattr(resolver.proposals, r)) for r in ("people", "committees", "organisations"))
    if dry_run:
        outcome.lines.append(f"would propose {count} name(s) in {PROPOSALS}")
        return
    path.write_text(text, encoding="utf-8")
    outcome.lines.append(f"proposed {count} name(s) not in the registries: see {path.name}")
