"""Errors and warnings as values with a location, collected across the archive.

Every stage appends to a ``Diagnostics`` list instead of raising, so that one
run reports every problem at once, as a compiler does.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # information, e.g. a mention that could not be linked


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int | None
    field: str | None
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {self.severity}: {what}"


@dataclass
class Diagnostics:
    """The problems found so far, in the order found."""

    root: Path = Path(".")
    items: list[Diagnostic] = field(default_factory=list)

    def _rel(self, path: Path | str) -> str:
        path = Path(path)
        try:  # the folder's own path, not where a link leads: a link may lead nowhere
            return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(self.root))).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, path, line, field_, message) -> None:
        self.items.append(Diagnostic(self._rel(path), line, field_, message, ERROR))

    def warning(self, path, line, field_, message) -> None:
        self.items.append(Diagnostic(self._rel(path), line, field_, message, WARNING))

    def note(self, path, line, field_, message) -> None:
        self.items.append(Diagnostic(self._rel(path), line, field_, message, NOTE))

    @property
    def notes(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == NOTE]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == WARNING]

    def report(self, notes: bool = True) -> str:
        """All problems sorted by file and line, then a one-line summary."""
        shown = [d for d in self.items if notes or d.severity != NOTE]
        ordered = sorted(shown, key=lambda d: (d.path, d.line or 0, d.field or ""))
        lines = [str(d) for d in ordered]
        summary = f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        if self.notes:
            summary += f", {len(self.notes)} note(s)" + ("" if notes else " (see `build.py check`)")
        lines.append(summary)
        return "\n".join(lines)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """" — did you mean 'x'?" for the closest candidate, or "" if none is close."""
    close = difflib.get_close_matches(str(word), sorted(candidates), n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""
