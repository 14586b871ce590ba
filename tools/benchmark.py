"""Build a synthetic archive and print how long it takes and how much memory.

    python tools/benchmark.py [--meetings 1000] [--items 15]

Prints the time of a full build, of an unchanged rebuild, the peak memory of
the build process, the number of pages and the size of the site. The target
(the design bar): a thousand meetings in about a minute on two cores.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools import synthetic  # noqa: E402


def timed_build(content: Path, site: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(content), "build",
                             "--site", str(site)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr[-3000:]}")
    return elapsed, result.stdout.strip()


def size_of(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def hostile_check() -> None:
    """Checking a hostile 100 KB item next to a normal one: the finders are
    linear, so the hostile one costs about what its size says."""
    import shutil

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--items", type=int, default=15)
    args = parser.parse_args()
    hostile_check()
    with tempfile.TemporaryDirectory() as folder:
        content, site = Path(folder) / "content", Path(folder) / "site"
        start = time.perf_counter()
        synthetic.write(content, args.meetings, args.items)
        print(f"archive:          {args.meetings} meetings × {args.items} items "
              f"(written in {time.perf_counter() - start:.1f} s)")
        first, output = timed_build(content, site)
        files, size = size_of(site)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"full build:       {first:.1f} s  ({output})")
        print(f"site:             {files} files, {size / 1e6:.1f} MB")
        print(f"peak memory:      {peak:.0f} MB (largest child process)")
        again, _ = timed_build(content, site)
        print(f"unchanged build:  {again:.1f} s")
        largest = max((p for p in site.rglob("*.html")), key=lambda p: p.stat().st_size)
        print(f"largest page:     {largest.relative_to(site)} ({largest.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
