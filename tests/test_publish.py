"""Publishing you can trust: one build at a time, an atomic swap, nothing
half-written — the site is the old one or the new one, whatever happens."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest
from conftest import MEETING, ROOT, edit, run_cli
from test_cli import tree_digest

from archive import index, publish, swap
from archive.plugin import SHARD_VARIABLE

ITEM = f"{MEETING}/05-human-first.md"


def build(content, site, *extra):
    return [sys.executable, str(ROOT / "build.py"), "--content", str(content), "build", "--site", str(site), *extra]


def test_two_builds_at_once_both_publish_a_whole_site(tiny, tmp_path):
    site = tmp_path / "site"
    runs = [subprocess.Popen(build(tiny, site), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert any("another build of" in err and "waiting for it" in err for _, err in outputs), outputs
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert "kd-net/2021-04-09/5/index.html" in pages and len(pages) >= 19
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.cache", ".site.inputs", ".site.lock", ".site.pages", "content", "site"]


def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_site(tiny, tmp_path):
    site = tmp_path / "site"
    assert subprocess.run(build(tiny, site), cwd=ROOT, capture_output=True).returncode == 0
    old = tree_digest(site)
    edit(tiny, ITEM, "title: Beslutning om deltagelse", "title: Beslutning om fortsat deltagelse")
    seen = set()
    for delay in (0.3, 0.8, 1.3, 1.8, 2.3, 2.8, 3.5):
        run = subprocess.Popen(build(tiny, site), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
        time.sleep(delay)
        try:
            import os
            os.killpg(run.pid, signal.SIGKILL)  # the build and its render processes
        except ProcessLookupError:
            pass
        run.wait(timeout=60)
        if not site.exists():  # only between the two renames of a file system that cannot exchange
            swap.recover(site)
        now = tree_digest(site)
        page = (site / "kd-net/2021-04-09/5/index.html").read_text(encoding="utf-8")
        assert now == old or "Beslutning om fortsat deltagelse" in page, delay
        seen.add("old" if now == old else "new")
    # The next build clears what the killed ones left.
    assert subprocess.run(build(tiny, site), cwd=ROOT, capture_output=True).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.cache", ".site.inputs", ".site.lock", ".site.pages", "content", "site"]


def test_a_half_swapped_site_is_put_back_before_anything_else(tmp_path):
    """Where the file system cannot exchange two folders the swap is two
    renames; a kill between them leaves the old site set aside: recovered."""
    site = tmp_path / "site"
    aside = tmp_path / ".site.build-4242" / "previous"
    aside.mkdir(parents=True)
    (aside / "index.html").write_text("old site")
    swap.recover(site)
    assert (site / "index.html").read_text() == "old site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_incomplete_search_index_is_refused(tmp_path):
    shard = index.Job("2021", "*", pages=3)
    (tmp_path / "pagefind" / "2021").mkdir(parents=True)
    with pytest.raises(index.PagefindError, match="the search index is incomplete"):
        index.verify(tmp_path, [shard], "da")
    (tmp_path / "pagefind" / "2021" / "pagefind-entry.json").write_text(
        json.dumps({"languages": {"da": {"page_count": 2}}}))
    with pytest.raises(index.PagefindError, match="holds 2 pages, not the 3 searchable ones"):
        index.verify(tmp_path, [shard], "da")
    index.verify(tmp_path, [index.Job("2021", "*", pages=2)], "da")


def test_the_registry_is_never_written_through_a_link(tiny, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("# not the registry\n")
    (tiny / "published-urls.txt").symlink_to(outside)
    result = run_cli("--content", str(tiny), "build", "--site", str(tmp_path / "site"), "--record")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "published-urls.txt: a symbolic link" in result.stderr
    assert outside.read_text() == "# not the registry\n" and not (tmp_path / "site").exists()


def test_a_name_cannot_break_a_line_of_the_registry(tiny):
    from conftest import check
    edit(tiny, ITEM, "title: Beslutning om deltagelse i Human First",
         'title: "Beslutning om deltagelse\\n/kd-net/falsk/\\tFalsk"')
    [error] = check(tiny).errors
    assert error.field == "title" and "line break or tab" in error.message


def test_a_link_in_a_loop_or_an_unreadable_folder_is_an_error_not_a_traceback(tiny):
    loop = tiny / "meetings" / "kd-net" / "2021-05-01"
    loop.symlink_to(loop)
    result = run_cli("--content", str(tiny), "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "meetings/kd-net/2021-05-01: error: cannot be read:" in result.stderr


def test_static_assets_are_no_pages_of_the_registry(tiny, tmp_path):
    (tiny / "published-urls.txt").write_text("/assets/archive.css\tStylesheet\n/pagefind/pagefind.js\tSearch\n")
    result = run_cli("--content", str(tiny), "build", "--site", str(tmp_path / "site"), "--record")
    assert result.returncode == 0, result.stderr


def test_an_unchanged_archive_is_not_built_again(tiny, tmp_path):
    """A no-op rebuild: the digest of every input (records, configuration,
    code, templates, pinned packages, the build clock) matches the last
    successful build's, so the site is left as it is."""
    site = tmp_path / "site"
    assert run_cli("--content", str(tiny), "build", "--site", str(site)).returncode == 0
    before = tree_digest(site)
    again = run_cli("--content", str(tiny), "build", "--site", str(site))
    assert again.returncode == 0 and again.stdout.startswith("unchanged: ")
    assert tree_digest(site) == before
    assert "built " in run_cli("--content", str(tiny), "build", "--site", str(site), "--full").stdout
    resharded = run_cli("--content", str(tiny), "build", "--site", str(site), env={SHARD_VARIABLE: "1"})
    assert resharded.stdout.startswith("built ")  # the budget of the search shards is an input too
    edit(tiny, ITEM, "Human First er et partnerskab.", "Human First er et nyt partnerskab.")
    edited = run_cli("--content", str(tiny), "build", "--site", str(site))
    assert edited.stdout.startswith("built ")
    assert "et nyt partnerskab" in (site / "kd-net/2021-04-09/5/index.html").read_text(encoding="utf-8")


def test_a_build_killed_just_before_its_swap_leaves_the_next_one_incremental(tiny, tmp_path, monkeypatch):
    """The page record names each site tree by its folder's inode: a build
    stopped after recording its pages but before the swap (Ctrl-C in the
    live preview) leaves the record of the site still in place, so the next
    build keeps the pages it may keep instead of rendering them all."""
    import re

    site, config = tmp_path / "site", ROOT / "mkdocs.yml"
    assert run_cli("--content", str(tiny), "build", "--site", str(site)).returncode == 0
    edit(tiny, ITEM, "Human First er et partnerskab.", "Human First er et nyt partnerskab.")
    settings = publish.settings(config)
    compiled, _ = publish.compile_site(tiny, settings, site, config)

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(swap, "_swap", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish.build_and_swap(config, compiled, tiny, site, settings.language, workers=1)
    monkeypatch.undo()
    result = run_cli("--content", str(tiny), "build", "--site", str(site))
    assert result.returncode == 0, result.stderr
    rendered, kept = map(int, re.search(r"\((\d+) rendered, (\d+) unchanged", result.stdout).groups())
    assert 0 < rendered < 5 < kept
    assert "Human First er et nyt partnerskab." in (site / "kd-net/2021-04-09/5/index.html").read_text(encoding="utf-8")
