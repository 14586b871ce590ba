"""Names as documents print them → slugs of the archive's registries.

A name is matched by its registered spelling (name or variant, any case,
also in the genitive: "Socialdemokratiets", "Anders Winnerskjolds"), then by
a near match that only one record is close to. A name no record has is not
invented into a slug: it becomes a proposal (``Proposals``) for a person to
accept into the registry, and the records leave it out (with a comment).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .. import records as r
from ..slugs import slugify

NEAR = 90  # rapidfuzz ratio a near match must reach (typos, a missing letter)
_GROUP = re.compile(r"(?:s)?(?:\s+byrådsgruppe(?:r)?|\s+gruppe)?$", re.IGNORECASE)


def _forms(name: str) -> set[str]:
    """A name and its genitive, casefolded: "Venstre" also as "Venstres"."""
    folded = " ".join(name.casefold().split())
    return {folded, folded + "s", folded + "'s"}


@dataclass
class Proposals:
    """Names the registries lack, by registry: slug → {"name": …, "seen": [where]}."""

    people: dict[str, dict] = field(default_factory=dict)
    committees: dict[str, dict] = field(default_factory=dict)
    organisations: dict[str, dict] = field(default_factory=dict)

    def add(self, registry: str, name: str, where: str) -> None:
        entry = getattr(self, registry).setdefault(slugify(name), {"name": name, "seen": []})
        if where not in entry["seen"]:
            entry["seen"].append(where)

    def __bool__(self) -> bool:
        return bool(self.people or self.committees or self.organisations)


class Resolver:
    def __init__(self, records: r.Records):
        self.records = records
        self.proposals = Proposals()
        self._people = self._index({p.slug: (p.name, *p.variants) for p in records.people.values()})
        self._committees = self._index({c.slug: (c.name, c.short_name, *c.aliases)
                                        for c in records.committees.values()})
        self._parties = self._index({o.slug: (o.name, *(f"{o.name} {w}" for w in ("byrådsgruppe", "gruppe")))
                                     for o in records.organisations.values() if o.kind == "parti"})

    @staticmethod
    def _index(spellings: dict[str, tuple[str, ...]]) -> dict[str, str]:
        index: dict[str, str] = {}
        for slug, names in spellings.items():
            for name in names:
                for form in _forms(name):
                    index.setdefault(form, slug)
        return index

    @staticmethod
    def _match(index: dict[str, str], name: str) -> str | None:
        folded = " ".join(name.casefold().split())
        if folded in index:
            return index[folded]
        near = process.extract(folded, list(index), scorer=fuzz.ratio, limit=5, score_cutoff=NEAR)
        slugs = {index[spelling] for spelling, _score, _ in near}
        return slugs.pop() if len(slugs) == 1 else None

    def person(self, name: str, where: str) -> str | None:
        slug = self._match(self._people, name)
        if slug is None:
            self.proposals.add("people", name, where)
        return slug

    def committee(self, name: str, where: str) -> str | None:
        slug = self._match(self._committees, name)
        if slug is None:
            self.proposals.add("committees", name, where)
        return slug

    def party(self, name: str, where: str) -> str | None:
        """A party by its name, its genitive or its group ("Venstres byrådsgruppe")."""
        slug = self._match(self._parties, name) or self._match(self._parties, _GROUP.sub("", name.strip()))
        if slug is None:
            self.proposals.add("organisations", name, where)
        return slug

    def topics(self, title: str) -> list[str]:
        """Topics whose name or an alias stands in the title, as whole words."""
        found = []
        for topic in self.records.topics.values():
            for name in (topic.name, *topic.aliases):
                if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", title, re.IGNORECASE):
                    found.append(topic.slug)
                    break
        return found
