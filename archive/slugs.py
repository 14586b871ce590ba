"""Slugs: lowercase ASCII with hyphens, Danish letters transliterated."""
from __future__ import annotations

from slugify import slugify as _slugify

# Danish letters are transliterated the Danish way, not stripped (ø→o).
_REPLACEMENTS = [["æ", "ae"], ["ø", "oe"], ["å", "aa"], ["Æ", "Ae"], ["Ø", "Oe"], ["Å", "Aa"]]


def slugify(text: str) -> str:
    """'Lars Møller' → 'lars-moeller', 'Århus' → 'aarhus'."""
    return _slugify(text, replacements=_REPLACEMENTS)
