"""The speed and memory of a build, next to plain mkdocs-material + Pagefind
building the same text, on synthetic archives of the given sizes.

    python tools/benchmark.py [--sizes 100,300,1000] [--items 20]     (make bench)

For each size it prints: a full build, a no-op rebuild, a rebuild after one
item is edited (twice: the first rebuild has no spare tree yet) and after a meeting is added; in the live preview, the
seconds from saving an edit, and an error, to the browser being served it;
the peak memory summed over all
processes of the build (Pagefind included); the pages, the largest page of
each kind and the search index; what a search fetches (in Chromium); and the
same text (one page per item and per meeting) through plain mkdocs-material +
Pagefind, with the ratios. First it checks a hostile 100 KB item next to a
normal one.
"""
from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools import synthetic  # noqa: E402


INTERVAL = 0.5  # seconds between samples of the memory


class PeakMemory:
    """The largest sum of memory over a process and its descendants, sampled
    from /proc every half second. Each process counts its proportional set
    size (PSS): a page shared by n processes counts 1/n in each, so the render
    processes forked from the build (sharing its compiled archive, copy on
    write) are not counted as n copies of it, as a sum of resident sizes would.
    The kernel walks a process's page tables to sum it: 30–37 ms for a
    process of 1 GB, so sampled every 50 ms (as it was until 2026-12-04) the
    sampler took most of a core beside the build it timed, on two cores."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._done = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _tree(self, pid: int) -> list[int]:
        found, todo = [], [pid]
        while todo:
            current = todo.pop()
            found.append(current)
            for task in Path(f"/proc/{current}/task").glob("*/children"):
                try:
                    todo += [int(c) for c in task.read_text().split()]
                except OSError:
                    pass
        return found

    def _pss(self, pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _sample(self) -> None:
        while not self._done.wait(INTERVAL):
            self.peak = max(self.peak, sum(self._pss(p) for p in self._tree(self.pid)))

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, int, str]:
    """Seconds, peak memory (bytes) and output of a command; exits on failure."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process.pid)
    out, err = process.communicate()
    peak = memory.stop()
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{err[-3000:]}")
    return time.perf_counter() - start, peak, out


def build(content: Path, site: Path) -> tuple[float, int, str]:
    return run([sys.executable, str(ROOT / "build.py"), "--content", str(content), "build", "--site", str(site)])


KINDS = (("item", r"^[^/]+/\d{4}-\d\d-\d\d/[^/]+/index\.html$"), ("meeting", r"^[^/]+/\d{4}-\d\d-\d\d/index\.html$"),
         ("committee year", r"^(?!sager/)[^/]+/\d{4}/index\.html$"), ("person", r"^personer/[^/]+/index\.html$"),
         ("topic", r"^emner/[^/]+/index\.html$"), ("organisation", r"^organisationer/[^/]+/index\.html$"),
         ("committee", r"^(?!personer|emner|organisationer|sager|soeg)[^/]+/index\.html$"), ("home", r"^index\.html$"))


def shown(output: str, seconds: float, full: float) -> str:
    """What of a rebuild went to the pages that show the change, from the
    build's summary: the pages rendered, and the search shards of their
    months indexed again; the rest as a share of the full build."""
    found = re.search(r"\((\d+) rendered,.*search: (\d+) of (\d+) shards indexed again in ([\d.]+) s", output)
    if not found:
        return "(the build did not say what it rendered and indexed)"
    rendered, indexed, shards, indexing = int(found[1]), int(found[2]), int(found[3]), float(found[4])
    return (f"{rendered} pages rendered, {indexed} of {shards} search shards indexed again in {indexing:.1f} s; "
            f"without the indexing {seconds - indexing:.1f} s ({(seconds - indexing) / full:.0%} of full)")


def largest_by_kind(site: Path) -> dict[str, tuple[str, int]]:
    largest: dict[str, tuple[str, int]] = {}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        kind = next((k for k, pattern in KINDS if re.match(pattern, rel)), None)
        if kind and path.stat().st_size > largest.get(kind, ("", 0))[1]:
            largest[kind] = (rel, path.stat().st_size)
    return largest


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:  # the preview's 404 page lists errors too
        return error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _seconds_until(url: str, text: str, limit: float = 3600) -> float:
    start = time.perf_counter()
    while text not in _fetch(url):
        if time.perf_counter() - start > limit:
            sys.exit(f"failed: {url} did not show {text!r} within {limit:.0f} s")
        time.sleep(0.05)
    return time.perf_counter() - start


def _seconds_until_logged(log: Path, text: str, times: int, limit: float = 3600) -> float:
    """Until ``text`` is in the ``log`` file ``times`` times."""
    start = time.perf_counter()
    while log.read_text(encoding="utf-8", errors="replace").count(text) < times:
        if time.perf_counter() - start > limit:
            sys.exit(f"failed: the preview did not log {text!r} within {limit:.0f} s")
        time.sleep(0.05)
    return time.perf_counter() - start


BUILT = "pages rendered"  # the preview's log line after each build


def served_edits(content: Path, preview: Path) -> tuple[float, float, float]:
    """The live preview (build.py serve, started on the built site): seconds
    from saving an edited item until the browser is served the new text (its
    meeting's pages first: fast_render.py), until every page shows it (the
    browser told to reload after the build), and from saving an error until
    it is served the error."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = preview.with_name("serve.log")
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(content), "serve",
                               "--addr", f"127.0.0.1:{port}", "--preview", str(preview)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=log.open("w"))
    try:
        item = next(content.glob("meetings/*/*/03*.md"))
        url = f"http://127.0.0.1:{port}/{item.parent.parent.name}/{item.parent.name}/3/"
        text = item.read_text(encoding="utf-8")
        _seconds_until(url, "</html>")  # the first build
        marker = "Et ord tilføjet under forhåndsvisningen."
        builds = log.read_text(encoding="utf-8").count(BUILT)
        item.write_text(f"{text}\n{marker}\n", encoding="utf-8")
        edit = _seconds_until(url, marker)
        complete = edit + _seconds_until_logged(log, BUILT, builds + 1)
        wrong = text.replace("presenters: [", "presenters: [ingen-saadan-person, ", 1) if "presenters: [" in text \
            else text.replace("---\n", "---\npresenters: [ingen-saadan-person]\n", 1)
        item.write_text(wrong, encoding="utf-8")
        error = _seconds_until(url, "ingen-saadan-person")
        item.write_text(text, encoding="utf-8")
        _seconds_until(url, "</html>")
    finally:
        server.terminate()
        server.wait(timeout=60)
    return edit, complete, error


COMPRESSED_BY_HOSTS = (".html", ".js", ".json", ".css", ".svg", ".xml")
FIRST = "first search result shown"
FIRST_RESULT_MARK = f"""
new MutationObserver((changes, observer) => {{
  if (document.querySelector("#ma-results li")) {{ console.log("{FIRST}"); observer.disconnect(); }}
}}).observe(document, {{ childList: true, subtree: true }});
"""


SECOND_QUERY = "samarbejde borgere"


def _fetched(site: Path, drive) -> tuple[int, int]:
    """Bytes over the wire for a search in Debian's Chromium of ``site``
    served on this machine: ``drive(page, base, fetched)`` searches, and
    returns how many of ``fetched`` (the URLs as their requests finish) were
    before the first result showed and before a second query was typed
    (what the first search fetched after its first result counts in neither).
    Pagefind's own files count as they are (its index, fragments and
    WebAssembly are compressed by Pagefind), text files gzipped as any host
    serves them."""
    import gzip
    import http.server
    from urllib.parse import unquote, urlsplit

    from playwright.sync_api import sync_playwright

    def wire(url: str) -> int:
        path = site / unquote(urlsplit(url).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return 0
        data = path.read_bytes()
        return len(gzip.compress(data)) if path.suffix in COMPRESSED_BY_HOSTS else len(data)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Quiet(*a, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context()
            fetched: list[str] = []
            context.on("requestfinished", lambda request: fetched.append(request.url))
            page = context.new_page()
            first, seen = drive(page, f"http://127.0.0.1:{server.server_address[1]}", fetched)
            browser.close()
    finally:
        server.shutdown()
    return sum(wire(url) for url in fetched[:first]), sum(wire(url) for url in fetched[seen:])


def search_cost(site: Path, query: str = "økonomi") -> tuple[int, int]:
    """What a reader's browser fetches for search on the archive's search
    page (``_fetched``): on a cold page load until the first result shows,
    then for a second query typed after it."""
    def drive(page, base: str, fetched: list[str]) -> tuple[int, int]:
        # A mark where the first result is put on the page (a console message, in the same stream).
        page.on("console", lambda message: fetched.append(message.text) if message.text == FIRST else None)
        page.add_init_script(FIRST_RESULT_MARK)
        page.goto(f"{base}/soeg/?q={query}")
        page.wait_for_function("document.querySelector('#ma-status').textContent.includes('resultat')",
                               timeout=120_000)
        first = fetched.index(FIRST)
        del fetched[first]
        seen = len(fetched)
        page.fill("#ma-q", SECOND_QUERY)
        page.press("#ma-q", "Enter")
        answered = f"document.querySelector('#ma-status').textContent.includes('{SECOND_QUERY.split()[0]}')"
        page.wait_for_function(answered, timeout=120_000)
        return first, seen

    return _fetched(site, drive)


# The plain site has no search page: Pagefind's JS API, as a search page
# would call it, showing the first 20 results (the archive's page shows 20).
PLAIN_SEARCH = """async (query) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.options({ excerptLength: 28 });
  const found = await pagefind.search(query);
  await Promise.all(found.results.slice(0, 20).map((result) => result.data()));
}"""


def plain_search_cost(site: Path, query: str = "økonomi") -> tuple[int, int]:
    """``search_cost`` of the plain mkdocs-material + Pagefind site (one
    index of every page): its home page and a search, then the second query."""
    def drive(page, base: str, fetched: list[str]) -> tuple[int, int]:
        page.goto(f"{base}/")
        page.evaluate(PLAIN_SEARCH, query)
        first = len(fetched)
        page.evaluate(PLAIN_SEARCH, SECOND_QUERY)
        return first, first

    return _fetched(site, drive)


def plain_mkdocs(content: Path, out: Path) -> tuple[float, int, int]:
    """The same text as plain mkdocs-material + Pagefind: one page per item
    and one per meeting with its items in full. Its navigation is the home
    page only, as the archive's mkdocs.yml has it (Material's default, every
    page in every page's navigation, makes the build grow with the square of
    the pages: 136 s for 100 meetings here)."""
    from archive import pipeline

    archive, _ = pipeline.check(content)
    docs = out / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Mødearkiv\n", encoding="utf-8")
    for meeting in archive.meetings:
        folder = docs / meeting.committee / meeting.date.isoformat()
        folder.mkdir(parents=True)
        texts = []
        for item in meeting.items:
            text = f"# {item.title}\n\n" + "\n\n".join(f"## {s.name}\n\n{s.text}" for s in item.sections)
            (folder / f"{item.number}.md").write_text(text, encoding="utf-8")
            texts.append(text.replace("\n#", "\n##"))
        (folder / "index.md").write_text(f"# {meeting.title or meeting.date}\n\n" + "\n\n".join(texts),
                                         encoding="utf-8")
    (out / "mkdocs.yml").write_text("site_name: Plain\ntheme:\n  name: material\n  language: da\n  font: false\n"
                                    "nav:\n  - index.md\n", encoding="utf-8")
    seconds, peak, _ = run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=out)
    index_seconds, index_peak, _ = run([sys.executable, "-m", "pagefind_bin", "--site", str(out / "site")], cwd=out)
    return seconds + index_seconds, max(peak, index_peak), len(list((out / "site").rglob("*.html")))


def hostile_check() -> None:
    """Checking a hostile 100 KB item next to a normal one: the finders are
    linear, so the hostile one costs about what its size says."""
    from archive import pipeline
    from archive.markup import to_html

    hostile = ("[x](" + " " * 20_000 + ")\n" + "<a " * 5_000 + "\n" + "a." * 10_000 + "@\n" + "\n" * 20_000
               + "## " + "# " * 5_000 + "\n")
    normal = "Det indstilles, at KD-Net godkender deltagelse. " * 2_000
    with tempfile.TemporaryDirectory() as folder:
        for name, body in (("normal", normal), ("hostile", hostile)):
            content = Path(folder) / name
            shutil.copytree(ROOT / "tests" / "fixtures" / "tiny", content)
            item = content / "meetings/kd-net/2021-04-09/05-human-first.md"
            item.write_text(item.read_text(encoding="utf-8").split("---\n\n", 1)[0] + "---\n\n## Sagsfremstilling\n\n"
                            + body[:100_000], encoding="utf-8")
            start = time.perf_counter()
            pipeline.check(content)
            checked = time.perf_counter() - start
            start = time.perf_counter()
            to_html(body[:100_000])
            print(f"{name} 100 KB item: check {checked:.2f} s, Markdown to HTML {time.perf_counter() - start:.2f} s")


def bench(meetings: int, items: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content, site = Path(folder) / "content", Path(folder) / "site"
        synthetic.write(content, meetings, items)
        print(f"\n== {meetings} meetings × {items} items")
        full, peak, _ = build(content, site)
        noop, _, _ = build(content, site)
        # The first rebuild after a build into an empty folder makes its tree
        # from nothing; every later one starts from the tree the last swap
        # set aside (archive/tree.py), as in the live preview: both are timed.
        edits = []
        for item in sorted(content.glob("meetings/*/*/02*.md"))[:2]:
            item.write_text(item.read_text(encoding="utf-8") + "\nEn tilføjet sætning.\n", encoding="utf-8")
            edits.append(build(content, site))
        (first_edit, _, _), (edited, _, edit_output) = edits
        last = sorted(content.glob("meetings/*/*"))[-1]
        shutil.copytree(last, last.with_name("2099-12-31"))
        meeting = last.with_name("2099-12-31") / "meeting.md"
        meeting.write_text(meeting.read_text(encoding="utf-8").replace(f"date: {last.name}", "date: 2099-12-31"),
                           encoding="utf-8")
        added, _, added_output = build(content, site)
        served_edit, served_complete, served_error = served_edits(content, site)
        pages = len(list(site.rglob("*.html")))
        cold, typed = search_cost(site)
        plain, plain_peak, plain_pages = plain_mkdocs(content, Path(folder) / "plain")
        plain_cold, plain_typed = plain_search_cost(Path(folder) / "plain" / "site")
        print(f"full build        {full:7.1f} s   plain mkdocs-material + Pagefind {plain:7.1f} s   ratio {full / plain:.2f}")
        print(f"no-op rebuild     {noop:7.1f} s   ({noop / full:.0%} of full)")
        print(f"one item edited   {edited:7.1f} s   ({edited / full:.0%} of full; the first after the full build "
              f"{first_edit:.1f} s, making its tree from nothing)")
        print(f"                  {shown(edit_output, edited, full)}")
        print(f"meeting added     {added:7.1f} s   ({added / full:.0%} of full)")
        print(f"                  {shown(added_output, added, full)}")
        print(f"serve: an edit    {served_edit:7.1f} s   to show in the browser (its meeting's pages), "
              f"{served_complete:.1f} s on every page; an error {served_error:.1f} s")
        print(f"peak memory       {peak / 1e6:7.0f} MB  plain {plain_peak / 1e6:.0f} MB   ratio {peak / plain_peak:.2f}"
              "   (all processes)")
        print(f"pages             {pages:7d}      plain {plain_pages}; site {size(site) / 1e6:.0f} MB, "
              f"search index {size(site / 'pagefind') / 1e6:.1f} MB")
        print(f"search            {cold / 1e3:7.0f} kB  fetched on a cold page before the first result; "
              f"{typed / 1e3:.0f} kB for a query typed after it; plain (one index) {plain_cold / 1e3:.0f} kB "
              f"and {plain_typed / 1e3:.0f} kB")
        for kind, (path, nbytes) in sorted(largest_by_kind(site).items()):
            print(f"largest {kind:<15} {nbytes / 1e3:6.0f} kB  {path}")
        export = max(site.glob("data/**/*.json"), key=lambda path: path.stat().st_size)
        print(f"largest export    {export.stat().st_size / 1e3:6.0f} kB  {export.relative_to(site).as_posix()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100", help="meetings, comma-separated (e.g. 100,300,1000,3000)")
    parser.add_argument("--items", type=int, default=20)
    args = parser.parse_args()
    hostile_check()
    for meetings in (int(n) for n in args.sizes.split(",")):
        bench(meetings, args.items)


if __name__ == "__main__":
    main()
