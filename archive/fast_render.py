"""The live preview's fast render: the pages of saved meetings shown at once,
the rest of the site after (as Hugo's fast render mode renders the pages in
view first).

A save in a twenty-year archive changes one meeting folder, but the build
that follows compiles the whole archive again and indexes a year of pages:
half a minute at 1,000 meetings. The preview holds the site it last built
(``Site.archive``: the linked records), so on a save confined to meeting
folders it reads and validates only those folders against the registries,
links the archive again with them in place of what they held (the model
stage; the scans of unchanged texts are kept in memory), and makes their
meetings' pages — meeting, items, attachment pages — and the home page,
which the preview renders in its own process and serves before the last
build's. The incremental build that follows makes every other page that
shows them (people, topics, neighbours in a Sagsforløb, search) and
replaces them.

Nothing is shown that a build would not show: a saved folder with an error
shows the errors site of its errors (the build that follows lists every
error of the archive).
"""
from __future__ import annotations

from pathlib import Path

from . import records as r
from . import routes
from .diagnostics import Diagnostics
from .load import MEETING_FILE, load_folders
from .model import build_archive
from .validate import validate
from .views import Site


def saved_meetings(last: Site, folders: set[Path], content: Path) -> tuple[Site | None, Diagnostics]:
    """The pages of the meetings in ``folders`` as their files are now, in
    the archive ``last`` was compiled from, and what reading them found; no
    site if they cannot be shown so (errors, no archive). A folder that is
    gone shows nothing."""
    diagnostics = Diagnostics(root=content.parent)
    if last.archive is None or last.settings is None:
        return None, diagnostics
    folders = {folder.absolute() for folder in folders}
    present = sorted(folder for folder in folders if (folder / MEETING_FILE).is_file())
    saved = validate(load_folders(content, present, diagnostics), diagnostics, shelve=False).meetings
    if diagnostics.errors:
        return None, diagnostics
    archive = last.archive
    # A record's path is relative to the content folder's parent (validate.py).
    meetings = [m for m in archive.meetings if (content.parent / m.source_path).parent.absolute() not in folders]
    if {(m.committee, m.date) for m in meetings} & {(m.committee, m.date) for m in saved}:
        return None, diagnostics  # a saved meeting on another's date: the build reports it
    meetings = sorted((*meetings, *saved), key=r.meeting_order)
    records = r.Records(archive.committees, archive.organisations, archive.people, archive.topics,
                        tuple(meetings), archive.config, archive.root, archive.withdrawn)
    linked = build_archive(records, diagnostics)
    if diagnostics.errors:
        return None, diagnostics
    return routes.meeting_pages(linked, last.settings, saved, last.search_shards), diagnostics
