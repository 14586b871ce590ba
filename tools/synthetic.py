"""Write a synthetic archive of N meetings (for scale tests and the benchmark).

    python tools/synthetic.py OUT_DIR --meetings 1000 [--items 15]

Deterministic: the same arguments give the same files.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

PEOPLE = ["Jesper Kaas Schmidt", "Flemming Storgaard", "Pernille Blach Hansen", "Thomas Lindberg",
          "Lars Møller", "Steinar Eggen Kristensen", "Lauge Clemmensen", "Anette Ørbæk Andersen"]
TOPICS = ["klima", "sundhed", "uddannelse", "erhverv", "mobilitet", "kultur"]
WORDS = ("kommunerne regionen samarbejde indsats strategi økonomi borgere udvikling aftale "
         "styregruppe handleplan forslag drøftelse orientering beslutning ældre børn unge "
         "passagerrådet klimastrategi praktikpladser rammeaftale erhvervsfremme").split()


def slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
    return "-".join(text.lower().translate(table).split())


def paragraph(rng: random.Random, mention: str = "") -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(30, 70))]
    words[0] = words[0].capitalize()
    return " ".join(words) + (f" {mention}" if mention else "") + "."


def write(out: Path, meetings: int, items: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "meetings" / "kd-net").mkdir(parents=True)
    (out / "committees.yaml").write_text(
        "kd-net:\n  name: Kommunaldirektørnetværket\n  short_name: KD-Net\n"
        "  standing_items: [Godkendelse af dagsorden, Eventuelt]\n", encoding="utf-8")
    (out / "organisations.yaml").write_text("aarhus-kommune:\n  name: Aarhus Kommune\n  kind: kommune\n",
                                            encoding="utf-8")
    (out / "archive.yaml").write_text("site_name: Syntetisk mødearkiv\n"
                                      "accessibility_statement: https://www.was.digst.dk/syntetisk\n",
                                      encoding="utf-8")
    (out / "people.yaml").write_text("".join(f"{slug(p)}:\n  name: {p}\n" for p in PEOPLE), encoding="utf-8")
    (out / "topics.yaml").write_text("".join(f"{t}:\n  name: {t.capitalize()}\n" for t in TOPICS),
                                     encoding="utf-8")
    date = dt.date(2000, 1, 7)
    previous = None
    for _ in range(meetings):
        folder = out / "meetings" / "kd-net" / date.isoformat()
        folder.mkdir()
        kind = rng.choice(["agenda", "minutes"])
        (folder / "meeting.md").write_text(
            f"---\ncommittee: kd-net\ndate: {date}\nkind: {kind}\nstart: \"10:00\"\nend: \"12:00\"\n"
            f"place: Aarhus\napologies: [{slug(rng.choice(PEOPLE))}]\n---\n", encoding="utf-8")
        for n in range(1, items + 1):
            mention = f"jf. mødet den {previous.day}. {MONTHS[previous.month - 1]} {previous.year}" if previous else ""
            body = (f"## Indstilling\n\nDet indstilles, at KD-Net {rng.choice(WORDS)}.\n\n"
                    f"## Sagsfremstilling\n\n{paragraph(rng, rng.choice(PEOPLE))}\n\n{paragraph(rng, mention)}\n\n"
                    f"### Baggrund\n\n{paragraph(rng)}\n")
            if kind == "minutes":
                body += f"\n## Referat\n\n{paragraph(rng)}\n"
            (folder / f"{n:02d}.md").write_text(
                f"---\nnumber: \"{n}\"\ntitle: {rng.choice(WORDS).capitalize()} om {rng.choice(WORDS)}\n"
                f"presenters: [{slug(rng.choice(PEOPLE))}]\ntopics: [{rng.choice(TOPICS)}]\n---\n\n{body}",
                encoding="utf-8")
        previous = date
        date += dt.timedelta(days=14)


MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli",
          "august", "september", "oktober", "november", "december")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--items", type=int, default=15)
    args = parser.parse_args()
    write(args.out, args.meetings, args.items)


if __name__ == "__main__":
    main()
