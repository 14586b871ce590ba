"""``build.py new``: a meeting folder with the committee's standing items."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .diagnostics import Diagnostics, did_you_mean
from .load import MEETING_FILE, load
from .slugs import slugify
from .validate import validate


DRAFT_LINE = "draft: true             # written by `build.py new`: remove when filled in\n"


class ScaffoldError(RuntimeError):
    pass


def new_meeting(content: Path, committee: str, date_text: str) -> Path:
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        raise ScaffoldError(f"'{date_text}' is not a date: write YYYY-MM-DD, e.g. 2021-09-24") from None
    diagnostics = Diagnostics(root=content.parent)
    committees = validate(load(content, diagnostics), diagnostics).committees
    if committee not in committees:
        raise ScaffoldError(f"unknown committee '{committee}'{did_you_mean(committee, committees)}")
    folder = content / "meetings" / committee / date.isoformat()
    if folder.exists():
        raise ScaffoldError(f"{folder} exists already")
    folder.mkdir(parents=True)
    # Nothing invented: no times, no texts. `draft: true` makes every check
    # warn until a person has filled the record in and removed it.
    (folder / MEETING_FILE).write_text(
        "---\n"
        f"committee: {committee}\n"
        f"date: {date.isoformat()}\n"
        "kind: agenda            # agenda → minutes once the decisions are written\n"
        f"{DRAFT_LINE}"
        'start:                  # "HH:MM" in quotes\n'
        "end:\n"
        "place:\n"
        "participants_text:\n"
        "apologies: []\n"
        "---\n", encoding="utf-8")
    for number, title in enumerate(committees[committee].standing_items, start=1):
        (folder / f"{number:02d}-{slugify(title)[:40].rstrip('-')}.md").write_text(
            "---\n"
            f'number: "{number}"\n'
            f"title: {title}\n"
            f"{DRAFT_LINE}"
            "presenters: []\n"
            "topics: []\n"
            "---\n", encoding="utf-8")
    return folder
