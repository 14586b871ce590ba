"""Debian's Danish word list (package wdanish), read once per process: OCR
repair checks words against it, the FirstAgenda reader tells a party's name
("Socialistisk Folkeparti") from a person's by it."""
from __future__ import annotations

import functools
from pathlib import Path

from .model import ImportError_

DANISH_WORDS = Path("/usr/share/dict/danish")


@functools.lru_cache(maxsize=1)
def listed() -> tuple[str, ...]:
    """The words as listed (first names capitalised: "Jesper")."""
    try:
        text = DANISH_WORDS.read_text(encoding="utf-8")
    except OSError:
        raise ImportError_(f"Debian's Danish word list {DANISH_WORDS} is missing: install the package wdanish "
                           "(`make test` does)") from None
    return tuple(word for word in text.split("\n") if word.strip())


@functools.lru_cache(maxsize=1)
def lowercased() -> frozenset[str]:
    return frozenset(word.strip().lower() for word in listed())


@functools.lru_cache(maxsize=1)
def common() -> frozenset[str]:
    """The words listed in lower case: no names."""
    return frozenset(word for word in listed() if word.islower())
