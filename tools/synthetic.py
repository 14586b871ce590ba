"""Write a synthetic archive of N meetings (for scale tests and the benchmark).

    python tools/synthetic.py OUT_DIR --meetings 1000 [--items 15]

Shaped like a municipality's archive: 8 committees taking turns, ~300
people, 60 topics, items of 1–6 KB of text with one in a hundred of 30–60
KB, names and earlier meetings mentioned in the text, one case number in
ten items. Deterministic: the same arguments give the same files, and a
larger archive begins with the very files of a smaller one.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

# slug: (name, short name); KD-Net first: tests name its first meeting.
COMMITTEES = {"kd-net": ("Kommunaldirektørnetværket", "KD-Net"), "byraadet": ("Byrådet", "Byrådet"),
              "teknisk-udvalg": ("Teknisk Udvalg", "TU"), "socialudvalget": ("Socialudvalget", "SU"),
              "boern-og-unge-udvalget": ("Børn og Unge-udvalget", "BUU"),
              "kultur-og-fritidsudvalget": ("Kultur- og Fritidsudvalget", "KFU"),
              "oekonomiudvalget": ("Økonomiudvalget", "ØU"), "klima-og-miljoeudvalget": ("Klima- og Miljøudvalget", "KMU")}
_FIRST = ["Jesper", "Flemming", "Pernille", "Thomas", "Lars", "Anette", "Mette", "Søren", "Hanne", "Jens",
          "Birgitte", "Ole", "Karen", "Mads", "Louise", "Peter", "Susanne", "Henrik", "Lone", "Anders"]
_LAST = ["Kaas Schmidt", "Storgaard", "Blach Hansen", "Lindberg", "Møller", "Ørbæk Andersen", "Kristensen",
         "Clemmensen", "Nielsen", "Jørgensen", "Pedersen", "Rasmussen", "Sørensen", "Holm"]
# Jesper Kaas Schmidt first: tests name PEOPLE[0]. 20 × 14 = 280 people, all different.
PEOPLE = [f"{first} {last}" for last in _LAST for first in _FIRST]
PEOPLE.insert(0, PEOPLE.pop(PEOPLE.index("Jesper Kaas Schmidt")))
_TOPIC_WORDS = ["klima", "sundhed", "uddannelse", "erhverv", "mobilitet", "kultur", "ældre", "børn", "trafik",
                "byggeri", "natur", "beskæftigelse", "digitalisering", "økonomi", "idræt"]
TOPICS = _TOPIC_WORDS + [f"{word}-{part}" for part in ("plan", "strategi", "tilsyn") for word in _TOPIC_WORDS]
WORDS = ("kommunerne regionen samarbejde indsats strategi økonomi borgere udvikling aftale "
         "styregruppe handleplan forslag drøftelse orientering beslutning ældre børn unge "
         "passagerrådet klimastrategi praktikpladser rammeaftale erhvervsfremme lokalplan "
         "budget tilskud bevilling anlæg høring kvartal målsætning evaluering").split()
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli",
          "august", "september", "oktober", "november", "december")


def slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
    return "-".join(text.lower().translate(table).split())


def paragraph(rng: random.Random, mention: str = "") -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(30, 70))]
    words[0] = words[0].capitalize()
    return " ".join(words) + (f" {mention}" if mention else "") + "."


def body_text(rng: random.Random, size: int, mention: str) -> str:
    """Paragraphs of about ``size`` characters, a name in one of three."""
    parts, length = [], 0
    while length < size:
        name = rng.choice(PEOPLE) if rng.random() < 0.33 else ""
        part = paragraph(rng, name if parts else mention)
        parts.append(part)
        length += len(part) + 2
    return "\n\n".join(parts)


def _registries(out: Path, committees: list[str]) -> None:
    (out / "committees.yaml").write_text("".join(
        f"{c}:\n  name: {name}\n  short_name: {short}\n  standing_items: [Godkendelse af dagsorden, Eventuelt]\n"
        for c, (name, short) in COMMITTEES.items() if c in committees), encoding="utf-8")
    (out / "organisations.yaml").write_text("aarhus-kommune:\n  name: Aarhus Kommune\n  kind: kommune\n",
                                            encoding="utf-8")
    (out / "archive.yaml").write_text("site_name: Syntetisk mødearkiv\n"
                                      "accessibility_statement: https://www.was.digst.dk/syntetisk\n",
                                      encoding="utf-8")
    (out / "people.yaml").write_text("".join(f"{slug(p)}:\n  name: {p}\n" for p in PEOPLE), encoding="utf-8")
    (out / "topics.yaml").write_text("".join(f"{slug(t)}:\n  name: {t.capitalize()}\n" for t in TOPICS),
                                     encoding="utf-8")


def write(out: Path, meetings: int, items: int, seed: int = 1, committees: int = len(COMMITTEES)) -> None:
    """``committees``: how many of the committees hold meetings (the first ones)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    bodies = list(COMMITTEES)[:committees]
    _registries(out, bodies)
    previous: dict[str, dt.date] = {}
    for number in range(meetings):
        committee = bodies[number % len(bodies)]
        date = dt.date(2000, 1, 7) + dt.timedelta(days=14 * (number // len(bodies)) + number % len(bodies))
        folder = out / "meetings" / committee / date.isoformat()
        folder.mkdir(parents=True)
        kind = rng.choice(["agenda", "minutes"])
        (folder / "meeting.md").write_text(
            f"---\ncommittee: {committee}\ndate: {date}\nkind: {kind}\nstart: \"10:00\"\nend: \"12:00\"\n"
            f"place: Rådhuset\napologies: [{slug(rng.choice(PEOPLE))}]\n---\n", encoding="utf-8")
        before = previous.get(committee)
        mention = f"jf. mødet den {before.day}. {MONTHS[before.month - 1]} {before.year}" if before else ""
        for n in range(1, items + 1):
            size = rng.randint(30_000, 60_000) if rng.random() < 0.01 else rng.randint(1_000, 6_000)
            case = f"case: SAG-{date.year}-{rng.randint(1, 99999):05d}\n" if rng.random() < 0.1 else ""
            body = (f"## Indstilling\n\nDet indstilles, at udvalget {rng.choice(WORDS)}.\n\n"
                    f"## Sagsfremstilling\n\n{body_text(rng, size * 2 // 3, mention)}\n\n"
                    f"### Baggrund\n\n{body_text(rng, size // 3, '')}\n")
            if kind == "minutes":
                body += f"\n## Referat\n\n{paragraph(rng)}\n"
            (folder / f"{n:02d}.md").write_text(
                f"---\nnumber: \"{n}\"\ntitle: {rng.choice(WORDS).capitalize()} om {rng.choice(WORDS)}\n{case}"
                f"presenters: [{slug(rng.choice(PEOPLE))}]\ntopics: [{slug(rng.choice(TOPICS))}]\n---\n\n{body}",
                encoding="utf-8")
        previous[committee] = date


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--items", type=int, default=15)
    args = parser.parse_args()
    write(args.out, args.meetings, args.items)


if __name__ == "__main__":
    main()
