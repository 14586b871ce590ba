"""Find registered people in free text, in any of their spellings."""
from __future__ import annotations

import re

from . import records as r


class PeopleFinder:
    """One regular expression over every spelling of every person, longest
    first, so that 'Lars Keld Hansen' wins over a shorter name inside it and a
    name inside a longer word never matches."""

    def __init__(self, people: dict[str, r.Person]):
        self._slug_of: dict[str, str] = {}
        for person in people.values():
            for spelling in (person.name, *person.variants):
                self._slug_of.setdefault(spelling.casefold(), person.slug)
        spellings = sorted(self._slug_of, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(s) for s in spellings) + r")(?!\w)",
            re.IGNORECASE) if spellings else None

    def find(self, text: str) -> set[str]:
        """The slugs of the people named in ``text``."""
        if not self._pattern or not text:
            return set()
        return {self._slug_of[m.group(1).casefold()] for m in self._pattern.finditer(text)}
