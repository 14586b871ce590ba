"""An incremental build renders only the pages whose fingerprint changed and
keeps the rest of the last build — and gives the very site a full build of
the same records gives, byte for byte (Pagefind's unstable filter order
aside: test_reproducible). Three edits in turn on a copy of the bundled
archive: one item's text, a meeting added, a topic renamed in its registry."""
import datetime as dt
import re
import shutil

import pytest
from conftest import ROOT, SHARD_KEYS, SHARDED, run_cli
from test_reproducible import PAGEFIND_UNSTABLE, digests

from archive.pipeline import compile_site

RENDERED = re.compile(r"\((\d+) rendered, (\d+) unchanged since the last build kept, (\d+) of them known ")


SHARDS_INDEXED = re.compile(r"search: (\d+) of (\d+) shards indexed again in \d+\.\d s")


def _run_build(content, site, *extra):
    """A build with the search index in shards (conftest.SHARDED), as a large archive has many."""
    result = run_cli("--content", str(content), "build", "--site", str(site), *extra, env=SHARDED)
    assert result.returncode == 0, result.stderr
    return result


def _build(content, site, *extra) -> tuple[int, int, int, str]:
    """Builds: rendered, kept, known from records, and the warnings reported."""
    result = _run_build(content, site, *extra)
    return (*map(int, RENDERED.search(result.stdout).groups()), result.stderr)


def _shards_indexed(content, site) -> tuple[int, int]:
    """Builds: the search shards indexed again, of all, as the build says."""
    return tuple(map(int, SHARDS_INDEXED.search(_run_build(content, site).stdout).groups()))


def _same_site(incremental, full) -> None:
    one, two = ({name: digest for name, digest in digests(site).items() if not PAGEFIND_UNSTABLE.match(name)}
                for site in (incremental, full))
    assert one.keys() == two.keys()
    assert sorted(name for name in one if one[name] != two[name]) == []


def _edit_item(content):
    item = next(content.glob("meetings/kd-net/2021-04-09/05-*.md"))
    item.write_text(item.read_text(encoding="utf-8")
                    + "\nJesper Kaas Schmidt tilføjede, at sagen tages op igen på mødet den 20. august 2021.\n",
                    encoding="utf-8")


def _reword_item(content):
    """A text edit with no name, date or case in it: only the item's own meeting's pages change."""
    item = next(content.glob("meetings/kd-net/2021-08-20/05-*.md"))
    item.write_text(item.read_text(encoding="utf-8") + "\nSekretariatet følger op.\n", encoding="utf-8")


def _mention_meeting(content):
    """Another meeting's pages list the items that mention it ("Omtalt i")."""
    item = next(content.glob("meetings/kd-net/2021-08-20/05-*.md"))
    item.write_text(item.read_text(encoding="utf-8") + "\nSagen blev også drøftet på mødet den 9. april 2021.\n",
                    encoding="utf-8")


def _retitle_item(content):
    """Other items show the title in their Sagsforløb (the items of the same topics)."""
    item = next(content.glob("meetings/kd-net/2021-08-20/04-*.md"))
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("title: Orientering om KKR Midtjyllands Klimakonference",
                                 "title: Orientering om KKR Midtjyllands klimakonference 2021", 1), encoding="utf-8")


def _drop_item(content):
    """The meeting's line on the pages of everyone who attended it counts its
    items (an item never published: its address leaves the registry too)."""
    (content / "meetings/kd-net/2021-08-20/11-eventuelt.md").unlink()
    registry = content / "published-urls.txt"
    registry.write_text("".join(line for line in registry.read_text(encoding="utf-8").splitlines(keepends=True)
                                if not line.startswith("/kd-net/2021-08-20/11/")), encoding="utf-8")


def _rename_person(content):
    """The texts' mentions are found again: "Flemming Storgaard" in them is no longer a registered name."""
    people = content / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("name: Flemming Storgaard", "name: Flemming Storgård"),
                      encoding="utf-8")


def _edit_attachment(content):
    """A Markdown attachment's text: its page shows it (the records' JSON leaves it out)."""
    attachment = content / "meetings/kd-net/2020-08-28/bilag/samarbejdspapir.md"
    attachment.write_text(attachment.read_text(encoding="utf-8") + "\nEt tillæg til papiret.\n", encoding="utf-8")


def _add_meeting(content):
    old = content / "meetings/kd-net/2021-08-20"
    new = old.with_name("2021-10-15")
    shutil.copytree(old, new)
    meeting = new / "meeting.md"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("2021-08-20", "2021-10-15"), encoding="utf-8")


def _rename_topic(content):
    topics = content / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    name = re.search(r"^  name: (.+)$", text, re.MULTILINE).group(1)
    topics.write_text(text.replace(f"  name: {name}\n", f"  name: {name} (omdøbt)\n", 1), encoding="utf-8")


def _describe_committee(content):
    committees = content / "committees.yaml"
    text = committees.read_text(encoding="utf-8")
    committees.write_text(text.replace("    KD-Net-sekretariatet deltager,", "    KD-Net-sekretariatet altid deltager,", 1),
                          encoding="utf-8")


def _pages_not_showing(content, *edited: str, added: str = "") -> int:
    """The pages that show nothing of the meetings ``edited`` and ``added``
    (their addresses): every other meeting's, and the people's,
    organisations' and topics' pages that do not draw on their records nor
    show the added one's line in a list or its name (rewording a text changes
    neither)."""
    site, _ = compile_site(content)
    shown = {*edited, added} - {""}
    key = (added.split("/")[0], dt.date.fromisoformat(added.split("/")[1])) if added else None

    def names(value) -> bool:
        return isinstance(value, tuple) and (value[:2] == key or any(names(part) for part in value))
    return sum(1 for page in site.pages if page.group and page.group not in shown
               or page.drawn and page.drawn().meetings.isdisjoint(shown) and not names(page.drawn().other))


# (edit, the most pages it may render, the meeting whose records alone changed:
# the pages that show nothing of it are then known unchanged without making their views).
@pytest.mark.parametrize("change,at_most,only_meeting", [
    (_edit_item, 0.05, None), (_reword_item, 0.05, "kd-net/2021-08-20/"), (_mention_meeting, 0.05, None),
    (_retitle_item, 0.1, None), (_add_meeting, 0.25, None), (_rename_topic, 1.0, None),
    (_describe_committee, 0.05, None), (_rename_person, 1.0, None), (_edit_attachment, 0.05, "kd-net/2020-08-28/"),
    (_drop_item, 0.1, None)],
                         ids=["item edited", "item reworded", "meeting mentioned", "item retitled", "meeting added",
                              "topic renamed", "committee described", "person renamed", "attachment edited",
                              "item removed"])
def test_an_incremental_build_equals_a_full_one(tmp_path, change, at_most, only_meeting):
    content, site, full = tmp_path / "content", tmp_path / "site", tmp_path / "full"
    shutil.copytree(ROOT / "content", content)
    rendered, kept, *_ = _build(content, site)
    assert kept == 0
    change(content)
    rendered, kept, known, warnings = _build(content, site)
    *_, warnings_of_full = _build(content, full, "--full")
    _same_site(site, full)
    # Meetings kept validated from the last build (keep.py) report what they reported then.
    assert warnings == warnings_of_full and "warning" in warnings
    assert 0 < rendered <= at_most * (rendered + kept), (rendered, kept)
    if only_meeting:
        assert known == _pages_not_showing(content, only_meeting), (known, kept)


def test_a_meeting_named_before_it_was_added_is_linked_once_it_is(tmp_path):
    """The link is found in the text's HTML, where the Markdown escape in
    "15\\. oktober" is gone: the page that names the meeting shows the link
    as a full build does. So does a topic's page whose description names it
    (a page that draws on no meeting of the edit: what it names is among
    what it draws on)."""
    content, site, full = tmp_path / "content", tmp_path / "site", tmp_path / "full"
    shutil.copytree(ROOT / "content", content)
    item = next(content.glob("meetings/kd-net/2020-05-29/05-*.md"))
    item.write_text(item.read_text(encoding="utf-8") + "\nSagen tages op igen på mødet den 15\\. oktober 2021.\n",
                    encoding="utf-8")
    topics = content / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace(
        "som fuldgyldigt medlem.", "som fuldgyldigt medlem (drøftet på KD-Net-mødet den 15. oktober 2021).", 1),
        encoding="utf-8")
    _build(content, site)
    added = content / "meetings/kd-net/2021-10-15"  # a meeting without items: no Sagsforløb changes
    added.mkdir()
    meeting = content / "meetings/kd-net/2021-08-20/meeting.md"
    (added / "meeting.md").write_text(meeting.read_text(encoding="utf-8").replace("2021-08-20", "2021-10-15"),
                                      encoding="utf-8")
    _, _, known, _ = _build(content, site)
    _build(content, full, "--full")
    _same_site(site, full)
    page = (site / "kd-net/2020-05-29/5/index.html").read_text(encoding="utf-8")
    assert 'href="../../../kd-net/2021-10-15/"' in page
    assert 'href="../../kd-net/2021-10-15/"' in (site / "emner/human-first/index.html").read_text(encoding="utf-8")
    # Every page that shows neither meeting known unchanged from its records.
    assert known == _pages_not_showing(content, "kd-net/2020-05-29/", added="kd-net/2021-10-15/")


def test_only_the_shards_whose_pages_changed_are_indexed_again(tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(ROOT / "content", content)
    _build(content, site)

    def entries():  # a kept shard is the same files, linked into the new site
        return {key: (site / "pagefind" / key / "pagefind-entry.json").stat().st_ino for key in SHARD_KEYS}
    before = entries()
    _describe_committee(content)  # the committee's page only: no item shows its description
    rendered, *_ = _build(content, site)
    assert rendered >= 1 and entries() == before
    _edit_attachment(content)  # of August 2020: a year cut by month
    assert _shards_indexed(content, site) == (1, len(SHARD_KEYS))  # as the build says
    after = entries()
    assert [key for key in SHARD_KEYS if after[key] != before[key]] == ["2020-08"]
    _edit_item(content)  # of 2021, a shard of a whole year
    assert _shards_indexed(content, site) == (1, len(SHARD_KEYS))
    assert [key for key in SHARD_KEYS if entries()[key] != after[key]] == ["2021"]


def test_builds_made_from_the_spare_tree_equal_full_ones_and_leave_the_live_site_alone(tmp_path):
    """From the third build on, a build starts from the site before the last
    (publish.py's spare, tree.py) whose files the live site shares: it
    places what changed since then and removes what is gone (a meeting
    removed), and the site it replaces keeps its bytes while it does."""
    content, site, full = tmp_path / "content", tmp_path / "site", tmp_path / "full"
    shutil.copytree(ROOT / "content", content)
    spare = tmp_path / ".site.cache" / "spare"
    _build(content, site)
    _edit_item(content)
    _build(content, site)
    assert spare.is_dir()  # the first site, set aside by the swap
    _add_meeting(content)
    _build(content, site)
    live = digests(site)
    shutil.rmtree(content / "meetings/kd-net/2021-10-15")
    _reword_item(content)
    _build(content, site)
    assert digests(spare) == live  # what was the live site: every file as it was
    assert not (site / "kd-net/2021-10-15").exists()
    _build(content, full, "--full")
    _same_site(site, full)


def test_every_field_the_records_json_leaves_out_is_in_a_meetings_inputs():
    """group_inputs digests a meeting's records as JSON where no record cache
    read them (a plain mkdocs build), which leaves out the fields marked
    ``exclude``; those it adds itself (LEFT_OUT_OF_JSON). A
    field newly left out of any record's JSON (the registries' too, which
    enter every meeting's digest as JSON) must be added there."""
    from archive import records as r
    from archive.pages.meetings import LEFT_OUT_OF_JSON

    def models(base):
        for model in base.__subclasses__():
            yield model
            yield from models(model)

    left_out = {model.__name__: tuple(name for name, f in model.model_fields.items() if f.exclude)
                for model in models(r.Record)}
    assert {name: fields for name, fields in left_out.items() if fields} == LEFT_OUT_OF_JSON


def test_attachment_files_are_copied_once_and_kept_while_unchanged(tiny, tmp_path):
    """An attachment file (a PDF) is copied into the site when it is new or
    changed (size, modification time) and linked from the last site while it
    is not — never linked to the record's own file, which an edit in place
    would change under the published site."""
    import os

    from conftest import MEETING, edit

    pdf = tiny / MEETING / "bilag" / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4 first version")
    edit(tiny, f"{MEETING}/05-human-first.md", "  - title: Oversigt\n", "  - title: Oversigt\n    file: bilag/plan.pdf\n")
    site = tmp_path / "site"
    published = site / "kd-net/2021-04-09/bilag/plan.pdf"
    _build(tiny, site)
    assert published.read_bytes() == b"%PDF-1.4 first version"
    assert published.stat().st_ino != pdf.stat().st_ino
    first = published.stat().st_ino
    edit(tiny, f"{MEETING}/05-human-first.md", "Det indstilles", "Sekretariatet indstiller")
    _build(tiny, site)
    assert published.stat().st_ino == first  # kept: the same file, linked into the new site
    pdf.write_bytes(b"%PDF-1.4 second version, longer")
    os.utime(pdf, ns=(pdf.stat().st_atime_ns, pdf.stat().st_mtime_ns + 10**9))
    _build(tiny, site)
    assert published.read_bytes() == b"%PDF-1.4 second version, longer"
    full = tmp_path / "full"
    _build(tiny, full, "--full")
    _same_site(site, full)


def test_a_rebuild_makes_only_the_export_files_of_the_years_that_changed(tmp_path):
    """The export holds the meetings in a file per year, made again only
    when one of that year's meetings changed (its record-cache key): the
    other years' files are the last site's, linked, and the site equals a
    full build's."""
    from tools import synthetic

    content, site = tmp_path / "content", tmp_path / "site"
    synthetic.write(content, meetings=30, items=2, committees=1)  # a meeting a fortnight: 2000 and 2001
    from archive import publish

    def keys() -> dict[str, str]:  # a year file is made only when the build cannot keep it: by its key
        config = ROOT / "mkdocs.yml"
        compiled, _ = publish.compile_site(content, publish.settings(config), site, config)
        year_files = [file for file in compiled.files if file.url.startswith("data/moeder/")]
        assert year_files and all(callable(file.content) and file.key for file in year_files)
        return {file.url: file.key for file in year_files}

    _build(content, site)
    files = {year: site / f"data/moeder/{year}.json" for year in (2000, 2001)}
    before = {year: file.stat().st_ino for year, file in files.items()}
    first = keys()
    item = next(content.glob("meetings/*/2001-*/01.md"))
    item.write_text(item.read_text(encoding="utf-8") + "\nEt tilføjet afsnit.\n", encoding="utf-8")
    second = keys()
    assert first.keys() == second.keys() == {"data/moeder/2000.json", "data/moeder/2001.json"}
    assert first["data/moeder/2000.json"] == second["data/moeder/2000.json"]
    assert first["data/moeder/2001.json"] != second["data/moeder/2001.json"]
    _build(content, site)
    assert files[2000].stat().st_ino == before[2000]  # kept as it was
    assert files[2001].stat().st_ino != before[2001] and "Et tilføjet afsnit." in files[2001].read_text("utf-8")
    full = tmp_path / "full"
    _build(content, full, "--full")
    _same_site(site, full)
