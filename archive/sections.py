"""Split an item's Markdown body into its ``##`` sections.

The recommendation, background, case text and decision are kept apart in the
model; in the file they are ``##`` sections, pleasant to write by hand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import did_you_mean

# Heading as written → model field. ``Beslutning`` is a synonym of ``Referat``.
SECTION_FIELDS = {
    "indstilling": "recommendation",
    "baggrund": "background",
    "sagsfremstilling": "case_text",
    "referat": "decision",
    "beslutning": "decision",
}

_H2 = re.compile(r"^##(?!#)[ \t]*(.*?)[ \t#]*$")
_FENCE = re.compile(r"^(```|~~~)")


@dataclass(frozen=True)
class SectionProblem:
    line: int  # 1-based, relative to the body's first line
    message: str


def split_sections(body: str) -> tuple[dict[str, str], list[SectionProblem]]:
    """Return {field: markdown} and the problems found (unknown or repeated
    headings, text before the first heading)."""
    sections: dict[str, list[str]] = {}
    problems: list[SectionProblem] = []
    current: list[str] | None = None
    in_fence = False
    for number, line in enumerate(body.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _H2.match(line)
        if match:
            heading = match.group(1).strip().rstrip(":")
            field = SECTION_FIELDS.get(heading.lower())
            if field is None:
                hint = did_you_mean(heading.lower(), SECTION_FIELDS)
                problems.append(SectionProblem(number, (
                    f"unknown section '## {heading}'{hint} "
                    "(sections: Indstilling, Baggrund, Sagsfremstilling, Referat; "
                    "use ### for a heading inside a section)")))
                current = []  # already reported: swallow its text
            elif field in sections:
                problems.append(SectionProblem(number, f"section '## {heading}' appears twice"))
                current = []
            else:
                current = sections[field] = []
            continue
        if current is not None:
            current.append(line)
        elif line.strip():
            problems.append(SectionProblem(number, (
                "text outside a section: start the body with a heading such as "
                "'## Sagsfremstilling'")))
            current = []  # report once, then swallow the rest until the next heading
    return {field: "\n".join(lines).strip("\n") for field, lines in sections.items()}, problems
