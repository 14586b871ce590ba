"""Split an item's Markdown body into its ``##`` sections.

Which sections an item may have is the archive's own: each body's documents
have theirs (KD-Net: Indstilling, Baggrund, Sagsfremstilling, Referat;
FirstAgenda: Resume, Beslutningspunkter, Beslutninger, …), declared with a
role in ``archive.yaml`` (``records.SectionSpec``). In the file they are
``##`` sections, pleasant to write by hand; in the model they stay apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import did_you_mean
from .records import DEFAULT_SECTIONS, SectionSpec

_H2 = re.compile(r"^##(?!#)[ \t]*(.*)$")  # the heading's trailing spaces and #s are stripped after
_FENCE = re.compile(r"^(```|~~~)")


@dataclass(frozen=True)
class SectionProblem:
    line: int  # 1-based, relative to the body's first line
    message: str


def split_sections(body: str, specs: tuple[SectionSpec, ...] = DEFAULT_SECTIONS
                   ) -> tuple[list[tuple[SectionSpec, str]], list[SectionProblem]]:
    """The sections found, in the archive's order, as (spec, Markdown); and
    the problems (unknown or repeated headings, text before the first heading)."""
    by_heading = {heading.lower(): spec for spec in specs for heading in (spec.name, *spec.synonyms)}
    found: dict[str, list[str]] = {}
    problems: list[SectionProblem] = []
    current: list[str] | None = None
    in_fence = False
    for number, line in enumerate(body.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _H2.match(line)
        if match:
            heading = match.group(1).rstrip(" \t#").strip().rstrip(":")
            spec = by_heading.get(heading.lower())
            if spec is None:
                names = ", ".join(s.name for s in specs)
                problems.append(SectionProblem(number, (
                    f"unknown section '## {heading}'{did_you_mean(heading.lower(), by_heading)} "
                    f"(sections: {names}; use ### for a heading inside a section)")))
                current = []  # already reported: swallow its text
            elif spec.name in found:
                problems.append(SectionProblem(number, f"section '## {heading}' appears twice"))
                current = []
            else:
                current = found[spec.name] = []
            continue
        if current is not None:
            current.append(line)
        elif line.strip():
            problems.append(SectionProblem(number, (
                f"text outside a section: start the body with a heading such as '## {specs[-1].name}'")))
            current = []  # report once, then swallow the rest until the next heading
    sections = [(spec, "\n".join(found[spec.name]).strip("\n")) for spec in specs if spec.name in found]
    return sections, problems
