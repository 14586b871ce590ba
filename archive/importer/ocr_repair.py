"""Repair OCR damage to Danish text: æ/ø/å misread, words split by a line-end
hyphen, page furniture between the lines.

A word is repaired only when it is not a known word and exactly one known
word can be made from it by the OCR confusions below (at one or more
places); a known word is never changed. Known words are Debian's Danish word
list plus the archive's own vocabulary (registry names, variants, aliases and
the texts of its records). Where several known words fit ("pa": "på" or the
word list's "pø"), the one the archive's own texts use is taken, if only one
is; otherwise the word is listed as unsure, never guessed. A word the list
lacks may be a compound of listed words ("samarbejds" + "områder").

Line numbers are kept: a dropped line becomes an empty line and a joined
word moves to the first of its two lines, so that a reader's line numbers
still point into the source document.
"""
from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import words

# What the OCR printed for each Danish letter, as seen in the scanned KD-Net
# minutes (seed 004) and their attachments. A plain letter read for æ/ø/å
# ("pa", "made") makes many words ambiguous ("sa": "så" or "sø"); the
# ambiguity is settled by the archive's own words or left unsure.
READINGS: dict[str, tuple[str, ...]] = {
    "ø": ("g", "@", "e", "a", "o", "s", "ga", "ea", "ag", "gi", "eg", "oe", "0"),
    "æ": ("ae", "ee", "&", "&e", "z", "ze", "zae", "zze", "a", "e", "aa", "ea", "eae"),
    "å": ("a", "4", "4a", "&", "A", "d", "é", "éa", "3", "ad"),
}
# Readings that only count as capitals at the start of a word: a J for Ø
# ("Jkonomiaftalen"), an I for l ("Igsning").
INITIAL_READINGS = {"J": "ø", "I": "l"}
SPECIAL = "æøå"
# Two-letter words that begin compounds ("omlægges", "udgøres").
PARTICLES = {"af", "om", "op", "ud"}
MAX_POSITIONS = 3          # damaged letters tried in one word
# Abbreviations the word list lacks; "pga" would otherwise be read "pø".
ABBREVIATIONS = {"pga", "mht", "mhp", "ifm", "iht", "jf", "jfr", "evt", "inkl", "ekskl", "vedr",
                 "bl", "fx", "mv", "osv", "dvs", "hhv", "pct", "mio", "mia", "kr", "nr", "stk",
                 "pkt", "ca", "adm", "incl", "etc", "tlf", "tel", "fax", "att"}

# A word as the OCR prints it: letters, with @ & and a 3 or 4 standing for a
# letter inside or at the end of a word ("p4", "ogs3"), not in "DK2020".
WORD = re.compile(r"(?:[^\W\d_]|[@&])(?:[^\W\d_]|[@&]|[34](?![\d]))*")
LINE_END_HYPHEN = re.compile(r"((?:[^\W\d_]|[@&])+)-$")
PAGE_NUMBER = re.compile(r"(?:side\s*)?\d{1,3}\s*(?:[|/]|af)\s*\d{1,3}|side\s+\d{1,3}", re.IGNORECASE)


@dataclass
class Repair:
    text: str
    # (line, word as printed, known words it could be): not repaired.
    unsure: list[tuple[int, str, list[str]]] = field(default_factory=list)
    # (line, word as printed, word written): what was repaired.
    changes: list[tuple[int, str, str]] = field(default_factory=list)
    # (line, text, what it is): page furniture dropped.
    dropped: list[tuple[int, str, str]] = field(default_factory=list)
    # (line, word as printed, word written, known words it could be): the
    # repairs settled among several known words by the archive's own usage.
    settled: list[tuple[int, str, str, list[str]]] = field(default_factory=list)


# --- known words --------------------------------------------------------------

def dictionary_words() -> frozenset[str]:
    """Debian's Danish word list, lowercased (``words.py``)."""
    return words.lowercased()


@functools.lru_cache(maxsize=1)
def proper_nouns() -> frozenset[str]:
    """Names in the word list (capitalised only: "Ærø"): no part of a compound."""
    listed = [w.strip() for w in words.listed()]
    return frozenset({w.lower() for w in listed if w[0].isupper()} - words.common())


def _key(word: str) -> str:
    """A known word without its æ/ø/å: the index a damaged word is looked up
    by after the places its damaged letters may be are cut out."""
    return word.translate(_DROP_SPECIAL)


_DROP_SPECIAL = str.maketrans("", "", SPECIAL)


def _index(words) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for word in words:
        if any(c in word for c in SPECIAL):
            index.setdefault(_key(word), []).append(word)
    return {k: tuple(v) for k, v in index.items()}


@functools.lru_cache(maxsize=1)
def _dictionary_index() -> dict[str, tuple[str, ...]]:
    return _index(dictionary_words())


_TEXT_KEYS = {"name", "short_name", "aliases", "variants", "description", "title", "place",
              "participants_text", "note", "decision", "standing_items", "groups", "site_name",
              "site_short_name", "not_surnames", "synonyms", "appointment_titles"}


def _strings(value, key=None):
    """The text values of a YAML record: names, titles, notes; never slugs
    (a slug is ASCII-folded: "faelles-service-center" would make the OCR's
    "faelles" a known word)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, key if key == "groups" else k)   # groups: number → heading
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str) and key in _TEXT_KEYS:
        yield value


def words_of(text: str) -> set[str]:
    """Lowercased words of a text, hyphenated compounds also whole ("kd-net")."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    words |= {w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)+", text)}
    return words


class Vocabulary(set):
    """The archive's words, with how often its texts use each."""

    counts: Counter

    def common(self, at_least: int) -> frozenset[str]:
        return frozenset(w for w, n in self.counts.items() if n >= at_least)


def archive_vocabulary(content: Path, skip: tuple[Path, ...] = ()) -> Vocabulary:
    """The archive's own words: registry names, variants and aliases and the
    texts of its records (YAML comments excluded: they quote OCR damage).
    ``skip``: meeting folders left out (to measure a document against its
    own hand transcription without lending it its words)."""
    texts: list[str] = []
    for registry in sorted(content.glob("*.yaml")):
        texts += _strings(yaml.safe_load(registry.read_text(encoding="utf-8")) or {})
    skipped = {p.resolve() for p in skip}
    for record in sorted(content.glob("meetings/*/*/*.md")):
        if record.parent.resolve() in skipped:
            continue
        text = record.read_text(encoding="utf-8")
        front, body = "", text
        if text.startswith("---"):
            front, _, body = text[3:].partition("\n---")
        texts += _strings(yaml.safe_load(front) or {})
        texts.append(body)
    vocabulary = Vocabulary(set().union(*(words_of(t) for t in texts)))
    vocabulary.counts = Counter(w.lower() for t in texts for w in re.findall(r"[^\W\d_]+", t))
    return vocabulary


class Lexicon:
    """Known words, and the known words an OCR word could stand for."""

    def __init__(self, vocabulary: set[str], settle: bool = True, common: frozenset[str] = frozenset()):
        self.settle = settle
        self.common = common
        self.extra = {w.lower() for w in vocabulary} | ABBREVIATIONS
        self.extra_index = _index(self.extra)
        self.listed_readings = functools.lru_cache(maxsize=None)(self._listed_readings)
        self._pieces = functools.lru_cache(maxsize=None)(self._pieces_uncached)

    def __contains__(self, word: str) -> bool:
        word = word.lower()
        return word in dictionary_words() or word in self.extra

    def readings(self, word: str) -> dict[str, tuple[int, int]]:
        """The known words ``word`` may be a misreading of (lowercased), each
        with (words it is made of, letters misread): a listed word, or only
        when none fits, a compound of listed words — then the word itself
        too, when it is such a compound already."""
        found = {f: (1, _derive(word, f)[0]) for f in self.listed_readings(word)}
        if not found:
            for form, parts in self._pieces(word.lower(), 3).items():
                derived = _derive(word, form)
                if derived:
                    found[form] = (parts, derived[0])
        return found

    def _listed_readings(self, word: str) -> set[str]:
        """Listed words ``word`` may be a misreading of (lowercased)."""
        bases = [word.lower()]
        if word[:1] in INITIAL_READINGS and _small(word[1:2]):
            bases.append(INITIAL_READINGS[word[0]] + word[1:].lower())
        found = set()
        for n, base in enumerate(bases):
            if n and base in self:
                found.add(base)
            found |= self._by_spans(base)
        return {f for f in found if _derive(word, f)}

    def _by_spans(self, lower: str) -> set[str]:
        """Listed words that are ``lower`` with up to MAX_POSITIONS of its
        letters read as æ/ø/å: cut the places out, look the rest up."""
        spans = sorted((m.start(), m.start() + len(reading), letter)
                       for letter, readings in READINGS.items() for reading in readings
                       for m in re.finditer(f"(?={re.escape(reading.lower())})", lower))
        found = set()
        for n in range(1, MAX_POSITIONS + 1):
            for chosen in itertools.combinations(spans, n):
                if any(a[1] > b[0] for a, b in zip(chosen, chosen[1:])):
                    continue
                pieces, pos = [], 0
                for start, end, _ in chosen:
                    pieces.append(lower[pos:start])
                    pos = end
                pieces.append(lower[pos:])
                key = "".join(pieces).translate(_DROP_SPECIAL)
                found.update(_dictionary_index().get(key, ()) + self.extra_index.get(key, ()))
        return found

    def _word_forms(self, piece: str) -> set[str]:
        """A piece as one word of a compound: itself, or a repaired listed
        word of four letters at least that is no name ("synergi" is not
        "syn" + "Ærø", "DigitalLead" not "Digital" + "lød")."""
        return ({piece} if piece in self else set()) | {
            f for f in self.listed_readings(piece) if len(f) > 3 and f not in proper_nouns()}

    def _pieces_uncached(self, piece: str, parts: int) -> dict[str, int]:
        """What a piece of an OCR word may stand for — one word, or a
        compound of up to ``parts`` words — with the fewest words each is
        made of. A head has three letters at least (or is a particle: "om",
        "ud") and may end in a linking s or e ("samarbejds", "børne")."""
        forms = {f: 1 for f in self._word_forms(piece)}
        if parts > 1:
            for k in range(2, len(piece) - 2):
                head, tail = piece[:k], piece[k:]
                if k == 2 and head not in PARTICLES:
                    continue
                heads = self._word_forms(head)
                if head[-1] in "se" and k > 3:
                    heads |= {f + head[-1] for f in self._word_forms(head[:-1])}
                if head[-1] == "s":
                    heads |= {f[:-1] + "s" for f in self._word_forms(head[:-1] + "e") if f.endswith("e")}
                if not heads:
                    continue
                for tail_form, n in self._pieces(tail, parts - 1).items():
                    for h in heads:
                        forms[h + tail_form] = min(forms.get(h + tail_form, 99), n + 1)
        return forms

    def repair_word(self, word: str):
        """(replacement or None, candidates) for a word as printed. The
        readings made of the fewest words, then with the fewest misread
        letters, are the candidates; the word is repaired when there is one,
        or one of them that the archive's own texts use ("pa": "på", not the
        word list's "pø"). A known word, or an unknown one that is already a
        compound as good as any reading, is left alone."""
        if len(word) < 2 or _acronym(word):
            return None, ()
        if word in self:
            return self._common_reading(word), ()
        found = self.readings(word)
        if not found:
            return None, ()
        best = min(found.values())
        found = sorted(f for f, score in found.items() if score == best)
        if word.lower() in found:
            return None, ()
        shown = [_derive(word, f)[1] for f in found]
        if len(found) > 1:
            attested = [s for f, s in zip(found, shown) if f in self.extra]
            return (attested[0] if self.settle and len(attested) == 1 else None), shown
        return shown[0], shown


    def _common_reading(self, word: str) -> str | None:
        """A listed word the archive's texts never use ("made", "ar", "barn"),
        whose one reading by the OCR confusions is a word they use often
        ("møde", "år", "børn"): that reading. Otherwise the word stays."""
        if not self.settle or not self.common or word.lower() in self.extra:
            return None
        used = [f for f in self.listed_readings(word) if f in self.extra and f != word.lower()]
        # One reading the archive uses at all ("made": both "møde" and "måde" — left), and often.
        return _derive(word, used[0])[1] if len(used) == 1 and used[0] in self.common else None


def _small(char: str) -> bool:
    """A small letter, or a sign the OCR printed for one ("I@fte": løfte)."""
    return char.islower() or char in ("@", "&")


def _acronym(word: str) -> bool:
    """A short word in capitals without a sign: an abbreviation ("DAK"), not
    a damaged word."""
    stem = word[:-1] if word.endswith("s") else word      # also its genitive: "KLs"
    return len(stem) <= 5 and stem.isalpha() and stem.isupper() and len(stem) > 1


def _derive(printed: str, word: str) -> tuple[int, str] | None:
    """(letters misread, ``printed`` read as the lowercase ``word`` in the
    printed word's case) with the fewest misread letters, if ``word`` is
    ``printed`` with some æ/ø/å (or an initial l/Ø) misread by the OCR and
    nothing else; None otherwise."""
    capitals = sum(c.isupper() for c in printed) > 1 and not any(c.islower() for c in printed)

    @functools.lru_cache(maxsize=None)
    def read(i: int, j: int) -> tuple[int, str] | None:
        if j == len(word):
            return (0, "") if i == len(printed) else None
        letter, options = word[j], []
        if i < len(printed) and printed[i].lower() == letter and (rest := read(i + 1, j + 1)):
            options.append((rest[0], printed[i] + rest[1]))
        if i == j == 0 and INITIAL_READINGS.get(printed[:1]) == letter and _small(printed[1:2]) \
                and (rest := read(1, 1)):
            options.append((rest[0] + 1, (letter.upper() if letter in SPECIAL else letter) + rest[1]))
        for reading in READINGS.get(letter, ()):
            if not (printed.startswith(reading, i) or reading.islower() and printed.lower().startswith(reading, i)):
                continue
            if not (rest := read(i + len(reading), j + 1)):
                continue
            shown = printed[i]
            if shown.isalpha():     # a capital read for a capital ("Arligt"), not inside a word ("pAbegyndelse")
                upper = shown.isupper() and (i == 0 or printed[i - 1].isupper())
            else:                   # a sign in a word of capitals ("SAMS@"), not "P&"
                upper = capitals
            options.append((rest[0] + 1, (letter.upper() if upper else letter) + rest[1]))
        return min(options, default=None)

    return read(0, 0)


def readings_match(printed: str, word: str) -> bool:
    """Whether ``printed`` is ``word`` misread by the OCR confusions only."""
    derived = _derive(printed, word.lower())
    return printed != word and derived is not None and derived[1] == word


# --- furniture ----------------------------------------------------------------

def _norm(line: str) -> str:
    return " ".join(line.split())


def furniture(lines: list[str]) -> dict[int, str]:
    """Index → reason for the lines that are page furniture: page numbers
    ("Side 2/3", "19 | 20"), the text's masthead (its first line, with the
    line under it) where it recurs as a running header, with the logo
    residue just above it ("0o®", "KDNet"), and lines without any letter or
    digit (scan specks)."""
    drop: dict[int, str] = {}
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for i in filled:
        text = _norm(lines[i])
        if PAGE_NUMBER.fullmatch(text):
            drop[i] = "page number"
        elif not re.search(r"[^\W_]", text) or len(text) == 1:
            drop[i] = "scan speck"
    if not filled:
        return drop
    head = [filled[0]]
    if len(filled) > 1 and filled[1] == filled[0] + 1:
        head.append(filled[1])
    masthead = [_norm(lines[i]) for i in head]
    if len(masthead[0]) < 12 or masthead[0].endswith(":"):
        return drop
    for n, i in enumerate(filled):
        if i in head or _norm(lines[i]) != masthead[0]:
            continue
        rest = filled[n:n + len(masthead)]
        if [_norm(lines[j]) for j in rest] != masthead:
            continue
        for j in rest:
            drop[j] = "running header"
        for j in reversed(filled[max(0, n - 4):n]):
            residue = _norm(lines[j])
            if " " in residue or len(residue) > 6 or re.fullmatch(r"\d+\.", residue):
                break
            drop[j] = "logo residue"
    return drop


# --- the repair -----------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _lexicon(vocabulary: frozenset[str], settle: bool, common: frozenset[str] = frozenset()) -> Lexicon:
    return Lexicon(vocabulary, settle, common)


COMMON = 5  # uses in the archive's texts that make a word's reading the likely one


def repair(text: str, vocabulary: set[str], *, settle_by_archive: bool = True) -> Repair:
    """``text`` with its page furniture dropped, its hyphen-split words
    joined and its misread words repaired. ``settle_by_archive``: of several
    known words a damaged word may be, take the one the archive's own texts
    use (off: such a word is left unsure)."""
    common = vocabulary.common(COMMON) if isinstance(vocabulary, Vocabulary) else frozenset()
    lexicon = _lexicon(frozenset(vocabulary), settle_by_archive, common)
    lines = text.split("\n")
    result = Repair(text="")
    for i, what in sorted(furniture(lines).items()):
        result.dropped.append((i + 1, lines[i].strip(), what))
        lines[i] = ""
    _join_hyphenated(lines, lexicon, result)
    for i, line in enumerate(lines):
        lines[i] = _repair_line(line, i + 1, lexicon, result)
    result.text = "\n".join(lines)
    return result


def damage_ratio(text: str) -> float:
    """The share of a text's words that are not Danish but become Danish
    words by the OCR confusions: near 0 for a clean text, ~0.1 for seed 004."""
    words = [w for w in WORD.findall(text)[:3000] if len(w) > 1]
    lexicon = _lexicon(frozenset(), False)
    damaged = sum(1 for w in words if w not in lexicon and not _acronym(w) and lexicon.listed_readings(w))
    return damaged / max(len(words), 1)


def _repair_line(line: str, number: int, lexicon: Lexicon, result: Repair) -> str:
    # "|" for a capital I starting a sentence: "| den forbindelse", "… kommuner. | DK2020
    # samarbejdet"; at the start of a line only before a small letter ("| KD-Net" is a stroke).
    line = re.sub(r"(^\s*(?=\| [a-zæøå])|[.:] (?=\| \w))\|", lambda m: m.group(1) + "I", line)

    def join(m: re.Match) -> str:
        # A line-end hyphen the OCR kept inside a line: "sik- re" → "sikre";
        # "by- og landkommuner" stays. Listed words only.
        whole = m.group(1) + m.group(2)
        repaired = whole if whole in lexicon else lexicon.repair_word(whole)[0]
        if not repaired or repaired not in lexicon:
            return m.group(0)
        result.changes.append((number, m.group(0), repaired))
        return repaired

    def fix(m: re.Match) -> str:
        word = m.group(0)
        new, found = lexicon.repair_word(word)
        if new:
            result.changes.append((number, word, new))
            if len(found) > 1:
                result.settled.append((number, word, new, list(found)))
            return new
        if len(found) > 1 or (not found and _marked(word) and word not in lexicon):
            result.unsure.append((number, word, list(found)))
        return word

    line = re.sub(r"(?<![\w-])([^\W\d_]+)- ([a-zæøå]+)\b", join, line)
    return WORD.sub(fix, line)


def _marked(word: str) -> bool:
    """A word with a sign no Danish word has: certainly damaged."""
    return bool(re.search(r"[@&]|[^\W\d_][34]", word))


def _join_hyphenated(lines: list[str], lexicon: Lexicon, result: Repair) -> None:
    """A word split by a hyphen at the end of a line is joined when the whole
    word is known (after repair); a compound written with a hyphen
    ("KD-Net", "IV-arbejdsgruppe") keeps it. The joined word stands on the
    first line; the rest of the second line stays where it was."""
    for i, line in enumerate(lines):
        m = LINE_END_HYPHEN.search(line.rstrip())
        if not m or (m.start() and line[m.start() - 1].isalnum()):
            continue
        j = next((k for k in range(i + 1, min(i + 4, len(lines))) if lines[k].strip()), None)
        if j is None:
            continue
        nxt = re.match(r"\s*((?:[^\W\d_]|[@&])+)([.,;:!?)]*)", lines[j])
        if not nxt:
            continue
        head, tail = m.group(1), nxt.group(1)
        joined = _joined(head, tail, lexicon)
        if joined is None:
            result.unsure.append((i + 1, f"{head}-{tail}", []))
            continue
        result.changes.append((i + 1, f"{head}-{tail}", joined))
        lines[i] = line.rstrip()[:m.start()] + joined + nxt.group(2)   # with its punctuation
        lines[j] = lines[j][nxt.end():].lstrip()


def _joined(head: str, tail: str, lexicon: Lexicon) -> str | None:
    """The word a line-end hyphen split, or None when it is not clear. A
    compound not in the word list is joined from two words at most: three
    are as likely two table cells run together."""
    whole, hyphenated = head + tail, f"{head}-{tail}"
    if not any(c.islower() for c in head) or hyphenated in lexicon:
        return hyphenated                # "KD-Net", "IV-arbejdsgruppe": a hyphen of its own
    if whole in lexicon:
        return whole
    readings = lexicon.readings(whole)
    repaired, _ = lexicon.repair_word(whole)
    parts = readings[repaired.lower()][0] if repaired else 3
    if parts == 1:
        return repaired                  # a listed word, repaired
    if head[:1].isupper() and len(head) > 3 and head in lexicon and tail[:1].islower():
        return hyphenated                # a name before a common noun: "Corona-krisen"
    if readings.get(whole.lower(), (3,))[0] <= 2:
        return whole                     # a compound of two listed words
    if parts == 2:
        return repaired
    if head[:1].isupper() and tail[:1].isupper():
        return hyphenated                # two names: "Midt-Vest"
    return None
