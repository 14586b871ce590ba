"""Find mentions in free Danish text: registered people in any spelling,
meetings ("referatet fra mødet den 29. maj 2020", "møde i KKR den 23. april
2021", "KD-Net den 28. august 2020") and case numbers of the archive's
schemes (SAG-2019-03640, EMN-2025-010561).

Finders return spans; the model stage turns them into references and
backlinks, the render stage into links. Neither knows about the other.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import records as r
from .danish import MONTHS, WEEKDAYS


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str           # "person", "meeting", "case"
    target: tuple       # ("slug",) | (committee, date) | ("SAG-…",)


def alternation(words) -> str:
    """One regular expression for any of ``words``, the longest first where
    several match, as a trie: "(?:lars (?:m(?:øller|adsen))…)". Python's
    engine tries an alternation's branches one by one at every position; a
    trie shares their prefixes, which makes the ~300 names of a municipality
    ten times faster to find than a flat alternation."""
    tree: dict = {}
    for word in set(words):
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def expression(node: dict) -> str:
        branches = [re.escape(char) + expression(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first

    return expression(tree)


_PARTY_LETTER = re.compile(r"\s*\(([A-ZÆØÅ])\)")
_WORD_BEFORE = re.compile(r"([A-ZÆØÅ][\w-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([A-ZÆØÅ][\w-]*)")
# Where a sentence, clause, list entry or line starts.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;,(]\s*|\n\s*(?:[-*+]\s+)?)$")


class PeopleFinder:
    """Every spelling of every person in one pattern, longest first. The
    genitive s counts ("Hansens"); a name inside a longer word does not, nor a
    name inside a longer name: "Lars Møller" in "Jens Lars Møller Nielsen".
    Two people of the same name are told apart only by a hint, the party
    letter after the name; without one the name is not linked.
    A capitalised word right after the name, or right before it in mid
    sentence (or one that is part of a registered name), makes it longer; a
    capitalised title at the start of a sentence does not
    ("Regionsdirektør Pernille Blach Hansen")."""

    def __init__(self, people: dict[str, r.Person], letters: dict[str, set[str]] | None = None):
        """``letters``: the party letters of each person, used to tell people
        of the same name apart ("Erik Nielsen (V)")."""
        self._slugs_of: dict[str, list[str]] = {}
        self._name_words: set[str] = set()
        self._letters = letters or {}
        for person in people.values():
            for spelling in (person.name, *person.variants):
                slugs = self._slugs_of.setdefault(spelling.casefold(), [])
                if person.slug not in slugs:
                    slugs.append(person.slug)
                self._name_words.update(spelling.split())
        self._pattern = re.compile(rf"(?<![\w-])({alternation(self._slugs_of)})s?(?![\w-])",
                                   re.IGNORECASE) if self._slugs_of else None

    def homonyms(self) -> dict[str, list[str]]:
        """Spellings that more than one registered person has."""
        return {spelling: slugs for spelling, slugs in self._slugs_of.items() if len(slugs) > 1}

    def _who(self, text: str, match: re.Match) -> str | None:
        """The person a name means: the only one with that spelling, or, of
        several, the only one whose party letter follows the name; else None."""
        slugs = self._slugs_of[match.group(1).casefold()]
        if len(slugs) == 1:
            return slugs[0]
        hint = _PARTY_LETTER.match(text, match.end())
        chosen = [slug for slug in slugs if hint and hint.group(1) in self._letters.get(slug, ())]
        return chosen[0] if len(chosen) == 1 else None

    def _inside_longer_name(self, text: str, start: int, end: int) -> bool:
        if _WORD_AFTER.match(text, end):
            return True
        before = _WORD_BEFORE.search(text[max(0, start - 60):start])
        if not before:
            return False
        if before.group(1) in self._name_words:
            return True
        head = text[max(0, start - 60):start][:before.start()]
        return not _SENTENCE_START.search(head)

    def spans(self, text: str) -> list[Span]:
        if not self._pattern or not text:
            return []
        return [Span(m.start(), m.end(), "person", (slug,)) for m in self._pattern.finditer(text)
                if not self._inside_longer_name(text, m.start(), m.end()) and (slug := self._who(text, m))]

    def find(self, text: str) -> set[str]:
        return {span.target[0] for span in self.spans(text)}


_DAY_MONTH = re.compile(rf"\d\.\s*(?:{alternation(MONTHS)})", re.IGNORECASE)


@dataclass(frozen=True)
class MeetingMention:
    span: Span
    committee: str
    date: dt.date
    text: str


class MeetingFinder:
    """Danish phrases that name a meeting by committee and date, the
    committee also in the genitive or with its own phrase ("byrådets møde den
    27. august 2025", "Magistraten i mødet den 19. august 2025"). Without a
    committee ("mødet den 22. januar") the meeting is of the committee whose
    text it is; without a year, of the year of that text's meeting."""

    def __init__(self, committees: dict[str, r.Committee]):
        self._slug_of: dict[str, str] = {}
        for c in committees.values():
            for name in (c.short_name, c.name, *c.aliases):
                self._slug_of.setdefault(name.casefold(), c.slug)
        committee = alternation(self._slug_of)
        date = (rf"(?:(?:{'|'.join(WEEKDAYS)})\s+)?(?:den\s+)?(?P<day>\d{{1,2}})\.\s*"
                rf"(?P<month>{'|'.join(MONTHS)})(?:\s+(?P<year>\d{{4}}))?(?!\d)")
        self._pattern = re.compile(
            # "KKR-mødet", "byrådets møde", "Magistraten i mødet", "byrådet i sit møde"
            rf"(?<![\w-])(?:(?P<c1>{committee})s?(?:[- ]?mødet|\s+møde|\s+i\s+(?:sit\s+)?mødet?)?"
            rf"|(?:mødet?|referat(?:et)?|dagsorden(?:en)?)"
            rf"(?:\s+(?:i|fra|af|for)\s+(?P<c2>{committee})(?:[- ]?mødet)?)?)"
            rf"\s+{date}", re.IGNORECASE)

    def mentions(self, text: str, committee: str | None, year: int | None) -> list[MeetingMention]:
        """Meetings named in ``text``; ``committee`` and ``year`` are those of
        the text's own meeting (None for a text outside meetings)."""
        found = []
        if not text or not _DAY_MONTH.search(text):
            return found  # no date in the text (the full pattern, tried at every position, costs more)
        for m in self._pattern.finditer(text):
            named = m.group("c1") or m.group("c2")
            slug = self._slug_of[named.casefold()] if named else committee
            if slug is None or not (m.group("year") or year):
                continue
            try:
                date = dt.date(int(m.group("year") or year),
                               MONTHS.index(m.group("month").lower()) + 1, int(m.group("day")))
            except ValueError:
                continue
            found.append(MeetingMention(Span(m.start(), m.end(), "meeting", (slug, date)),
                                        slug, date, m.group(0)))
        return found


def case_spans(text: str, pattern: re.Pattern) -> list[Span]:
    """Case numbers of the archive's schemes (``ArchiveConfig.case_pattern``)."""
    return [Span(m.start(), m.end(), "case", (m.group(0),)) for m in pattern.finditer(text or "")]


# A capitalised word where no letter, digit or hyphen precedes it, then one
# to three more. The lookbehind comes after the first letter: a pattern that
# begins with a character class lets the engine skip ahead to the next
# capital, one that begins with a lookbehind is tried at every position.
_NAME_LIKE = re.compile(r"([A-ZÆØÅ](?<![\w-][A-ZÆØÅ])[a-zæøåéü]+)((?:\s+[A-ZÆØÅ][\w-]+){1,3})")


# A person-like name: two to four capitalised words, the first a first name
# the registry knows. Used only to report names that are not registered.
def unregistered_names(text: str, first_names: set[str], known: set[str], ignore: set[str],
                       linked: list[Span] = ()) -> set[str]:
    """Person-like names in ``text`` that are not registered; a name that
    begins where a registered person was found ("Anders Winnerskjolds") is not one."""
    names = set()
    starts = {span.start for span in linked}
    for m in _NAME_LIKE.finditer(text or ""):
        if m.group(1) not in first_names or m.start() in starts:
            continue
        words = [m.group(1), *m.group(2).split()]
        while len(words) > 1 and words[-1] in ignore:
            words.pop()
        name = " ".join(words)
        if len(words) > 1 and name.casefold() not in known:
            names.add(name)
    return names
