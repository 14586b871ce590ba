#!/usr/bin/env python3
"""Keep the message catalogues in step with the code and the templates.

  python tools/messages.py           add new messages to every catalogue and
                                     drop the ones no longer used
  python tools/messages.py --check   list what is missing or untranslated; exit 1 if anything

New messages arrive with an empty translation: fill them in
archive/locale/<language>/LC_MESSAGES/messages.po (English, whose message
ids are English already, takes the id as it is).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.pofile import read_po, write_po  # noqa: E402

from archive.i18n import catalogue_path, extract, languages  # noqa: E402


def problems(language: str) -> list[str]:
    """Messages the code uses that the catalogue lacks or leaves untranslated,
    and messages it has that nothing uses."""
    wanted = extract(ROOT)
    with catalogue_path(language).open("rb") as po:
        have = read_po(po, locale=language)
    found = []
    for message in list(wanted)[1:]:
        entry = have.get(message.id)
        if entry is None:
            found.append(f"{language}: missing {message.id!r}")
        elif not (all(entry.string) if isinstance(entry.string, (list, tuple)) else entry.string):
            found.append(f"{language}: untranslated {message.id!r}")
    wanted_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in list(wanted)[1:]}
    for entry in list(have)[1:]:
        key = entry.id if isinstance(entry.id, str) else entry.id[0]
        if key not in wanted_ids:
            found.append(f"{language}: unused {entry.id!r}")
    return found


def update(language: str) -> None:
    wanted = extract(ROOT)
    path = catalogue_path(language)
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    catalog.update(wanted, no_fuzzy_matching=True)
    if language == "en":  # message ids are English
        for message in list(catalog)[1:]:
            if not message.string or (isinstance(message.string, tuple) and not all(message.string)):
                message.string = message.id
    catalog.obsolete.clear()
    with path.open("wb") as po:
        write_po(po, catalog, width=100, omit_header=False, sort_output=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if args.check:
        found = [p for language in languages() for p in problems(language)]
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    for language in languages():
        update(language)
    return 0


if __name__ == "__main__":
    sys.exit(main())
