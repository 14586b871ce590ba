"""The live preview's fast render (fast_render.py): the pages of saved
meetings, rendered at once from the archive the last build linked, are the
very pages the build that follows makes — byte for byte — and a save with an
error in it gives its errors instead."""
import gc
import shutil

import pytest
from conftest import ROOT

from archive import fast_render, publish
from archive.preview import Preview

CONFIG = ROOT / "mkdocs.yml"


@pytest.fixture
def built(tmp_path):
    """A copy of the bundled archive, and its preview built once."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    preview = Preview(CONFIG, content, tmp_path / "preview")
    preview.build(None)
    yield content, preview
    gc.unfreeze()  # the preview freezes the heap it keeps (gc.freeze): not the rest of the tests'


def _pages(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("index.html")}


def test_the_pages_of_saved_meetings_are_those_the_next_build_makes(built, tmp_path):
    content, preview = built
    # An item that now names a person and another meeting (links, "Omtalt i"
    # on that meeting's page: not a page of the saved meeting), and a meeting added.
    edited = content / "meetings/kd-net/2021-08-20"
    item = next(edited.glob("05-*.md"))
    item.write_text(item.read_text(encoding="utf-8")
                    + "\nJesper Kaas Schmidt nævnte mødet den 9. april 2021.\n", encoding="utf-8")
    added = edited.with_name("2021-12-17")
    shutil.copytree(edited, added)
    meeting = added / "meeting.md"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("2021-08-20", "2021-12-17"), encoding="utf-8")

    site, diagnostics = fast_render.saved_meetings(preview.last, {edited, added}, content)
    assert site is not None and not diagnostics.errors
    shown = _pages(publish.render_here(CONFIG, site, content, tmp_path / "saved", preview.folder))
    assert preview.build({edited, added}) == preview.folder  # not the errors site
    built = _pages(preview.folder)

    expected = {"index.html"} | {f"{page.url}index.html" for page in site.pages}
    assert shown.keys() == expected
    assert {"kd-net/2021-12-17/index.html", "kd-net/2021-08-20/5/index.html"} <= expected
    assert [name for name in sorted(shown) if shown[name] != built[name]] == []
    assert ('personer/jesper-kaas-schmidt/">Jesper Kaas Schmidt</a> nævnte <a class="ma-mention" '
            'href="../../../kd-net/2021-04-09/">').encode() in shown["kd-net/2021-08-20/5/index.html"]


def test_a_saved_meeting_with_an_error_shows_its_errors(built):
    content, preview = built
    folder = content / "meetings/kd-net/2021-08-20"
    item = next(folder.glob("05-*.md"))
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("[lars-moeller]", "[lars-moller]", 1), encoding="utf-8")
    site, diagnostics = fast_render.saved_meetings(preview.last, {folder}, content)
    assert site is None
    assert [str(d) for d in diagnostics.errors] == [f"content/meetings/kd-net/2021-08-20/{item.name}:4: error: presenters[0]: "
                                                    "unknown person 'lars-moller' — did you mean 'lars-moeller'?"]
    item.write_text(text, encoding="utf-8")
    site, diagnostics = fast_render.saved_meetings(preview.last, {folder}, content)
    assert site is not None and not diagnostics.errors
