"""The render in batches (plugin.plan, publish._forked): each batch in a
process of its own, so that what a render process holds is one batch's."""
from __future__ import annotations

import gc
import os
from collections import Counter

import pytest
from conftest import ROOT
from test_reproducible import PAGEFIND_UNSTABLE, digests

from archive import index, plugin, publish
from archive.records import Item, Meeting
from archive.views import Site


def _compiled(content, site):
    config = ROOT / "mkdocs.yml"
    settings = publish.settings(config)
    compiled, diagnostics = publish.compile_site(content, settings, site, config, full=True)
    assert compiled is not None, diagnostics.report()
    return config, settings, compiled


def test_every_page_is_in_one_batch_with_its_meeting_and_the_home_page_in_each(tmp_path):
    _, _, site = _compiled(ROOT / "content", tmp_path / "site")
    made = plugin.plan(site, None, processes=2, batch_pages=40)
    pages = [page for batch in made.batches for page in batch[1:]]
    assert all(batch[0].url == "" for batch in made.batches)
    assert Counter(page.url for page in pages) == Counter(page.url for page in site.pages if page.url)
    groups = Counter(page.group for page in site.pages if page.group)
    for batch in made.batches:
        assert len(batch) - 1 <= 40 + max(groups.values())  # cut only where a meeting's pages end
    batch_of = {page.group: number for number, batch in enumerate(made.batches) for page in batch[1:] if page.group}
    assert all(batch_of[page.group] == number for number, batch in enumerate(made.batches)
               for page in batch[1:] if page.group)  # a meeting's pages all in one batch
    assert len(made.batches) >= len(pages) // (40 + max(groups.values()))
    # The meetings in date order: what a batch shows of others lies in the same years.
    dated = [(page.year, page.month) for page in pages if page.group]
    assert dated == sorted(dated) and len(set(dated)) > 1
    # The other pages with the meetings of the time they show: a year page
    # after its year's meetings, a case's with its latest treatment, an
    # overview (recent activity) after every meeting.
    assert [page.shows for page in pages] == sorted(page.shows for page in pages)
    at = {page.url: n for n, page in enumerate(pages)}
    meetings_of = lambda year: [at[page.url] for page in pages if page.group and page.year == year]  # noqa: E731
    person_year = next(page for page in pages if page.url.startswith("personer/") and page.url.count("/") == 3)
    person, year = person_year.url.split("/")[1], int(person_year.url.split("/")[2])
    assert person_year.shows == (year, 13) and at[person_year.url] > max(meetings_of(year))
    assert not meetings_of(year + 1) or at[person_year.url] < min(meetings_of(year + 1))
    case = next(page for page in pages if page.url.startswith("sager/") and not page.url[6:10].isdigit()
                and page.url != "sager/")
    assert 2000 < case.shows[0] < 9999
    last_meeting = max(at[page.url] for page in pages if page.group)
    assert all(at[url] > last_meeting for url in ("personer/", "emner/", f"personer/{person}/"))
    # The home page's view, which counts every meeting, made once for all batches.
    assert len({id(batch[0].view()) for batch in made.batches}) == 1 and len(made.batches) > 2
    assert len(plugin.plan(site, None, processes=2).batches) == 2  # no bound: one batch a process
    assert len(plugin.plan(site, None, processes=1).batches) == 1


def test_a_site_rendered_in_many_small_batches_is_the_one_rendered_in_one_process(tiny, tmp_path, monkeypatch):
    config, settings, compiled = _compiled(tiny, tmp_path / "one")
    publish.build_and_swap(config, compiled, tiny, tmp_path / "one", settings.language, workers=1, full=True)
    forked = []
    real = publish._forked
    monkeypatch.setattr(publish, "_forked", lambda batches, lanes: forked.append(batches) or real(batches, lanes))
    monkeypatch.setattr(publish, "BATCH_PAGES", 3)
    publish.build_and_swap(config, compiled, tiny, tmp_path / "many", settings.language, workers=2, full=True)
    assert forked and forked[0] >= 5
    one, many = ({name: digest for name, digest in digests(tmp_path / site).items() if not PAGEFIND_UNSTABLE.match(name)}
                 for site in ("one", "many"))
    assert one == many and "kd-net/2021-04-09/5/index.html" in one


def _fail(batch, lane=0):
    raise ZeroDivisionError("a mistake in the code")


@pytest.mark.parametrize("render, code", [(lambda batch, lane=0: os._exit(3), 3),  # killed, out of memory, …
                                          (_fail, 1)])  # a traceback on stderr, no answer
def test_a_render_process_that_dies_fails_the_build_with_a_message(tiny, tmp_path, monkeypatch, render, code):
    config, settings, compiled = _compiled(tiny, tmp_path / "site")
    monkeypatch.setattr(publish, "_render", render)
    with pytest.raises(publish.PublishError, match=f"a render process ended with exit code {code}"):
        publish.build_and_swap(config, compiled, tiny, tmp_path / "site", settings.language, workers=2)
    assert not (tmp_path / "site").exists()


def test_a_build_indexes_in_a_process_that_never_held_the_archive(tiny, tmp_path, monkeypatch):
    # The compile and the render run in a worker process that ends before
    # Pagefind starts: the build's process holds no archive beside the Pagefind runs.
    monkeypatch.syspath_prepend(str(ROOT))
    import build

    compiled_in, real_compile, real_run, indexing = tmp_path / "compiled-in", publish.compile_site, index.run, []

    def compile_site(*args, **kwargs):
        compiled_in.write_text(str(os.getpid()))
        return real_compile(*args, **kwargs)

    def compiled() -> dict[int, str]:  # what this process holds of compiled archives
        gc.collect()
        return {id(thing): type(thing).__name__ for thing in gc.get_objects() if isinstance(thing, (Meeting, Item, Site))}

    def run(*args, **kwargs):
        indexing.append((os.getpid(), [name for key, name in compiled().items() if key not in earlier]))
        return real_run(*args, **kwargs)

    monkeypatch.setattr(publish, "compile_site", compile_site)
    monkeypatch.setattr(index, "run", run)
    monkeypatch.setattr(build, "reproducible_clock", lambda: None)  # it would set the clock of every later test
    earlier = compiled()  # of other tests
    assert build.main(["--content", str(tiny), "build", "--site", str(tmp_path / "site")]) == 0
    assert indexing == [(os.getpid(), [])]
    assert int(compiled_in.read_text()) != os.getpid()
    assert (tmp_path / "site" / "index.html").is_file()
    # A worker that dies is a build refused, the last site left as it was.
    before = sorted(path.name for path in (tmp_path / "site").iterdir())
    monkeypatch.setattr(publish, "compile_site", lambda *args, **kwargs: os._exit(3))
    assert build.main(["--content", str(tiny), "build", "--site", str(tmp_path / "site"), "--full"]) == 1
    assert sorted(path.name for path in (tmp_path / "site").iterdir()) == before


def test_the_process_that_indexes_imports_no_stage_that_reads_the_archive():
    # What build.py imports, its process holds beside the render and the
    # Pagefind runs: the record models and mkdocs alone were 40 MB.
    import subprocess
    import sys

    probe = ("import sys; import build; "
             "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('archive', 'mkdocs', 'pydantic'))))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert set(loaded.stdout.split()) == {"archive", "archive.conversions", "archive.index", "archive.swap",
                                          "archive.tree", "archive.worker"}
