"""Two builds of the same commit, in two copies of the project, give
byte-identical sites — except Pagefind's filter index, which Pagefind writes
from a hash map in arbitrary order (upstream: Pagefind issue #638; fragments
and word index are stable since 1.3). Its file names carry content hashes, so
the entry file and the meta file that name them differ too."""
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_cli

PROJECT = ["archive", "content", "overrides", "static", "mkdocs.yml", "build.py"]


def copy_project(target: Path) -> Path:
    target.mkdir()
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def digests(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_same_commit_same_bytes(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    sites = []
    for name in ("one", "two"):
        project = copy_project(tmp_path / name)
        result = subprocess.run([sys.executable, "build.py", "build"], cwd=project, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        sites.append(digests(project / "site"))
    one, two = (
        {name: digest for name, digest in site.items() if not PAGEFIND_UNSTABLE.match(name)} for site in sites)
    assert one.keys() == two.keys()
    different = sorted(name for name in one if one[name] != two[name])
    assert different == [], different[:20]
    assert len(one) > 400
    # What is compared includes the search index's fragments and word index.
    assert sum(bool(re.match(r"pagefind/[^/]+/fragment/", name)) for name in one) == 64 + 7  # items, attachments
    assert any(re.match(r"pagefind/[^/]+/index/", name) for name in one)


PAGEFIND_UNSTABLE = re.compile(r"pagefind/[^/]+/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)$")


def test_rendering_in_one_process_or_several_gives_the_same_site(tiny, tmp_path):
    sites = []
    for jobs in ("1", "3"):
        site = tmp_path / f"site-{jobs}"
        result = run_cli("--content", str(tiny), "build", "--site", str(site), "--jobs", jobs)
        assert result.returncode == 0, result.stderr
        sites.append({name: digest for name, digest in digests(site).items() if not PAGEFIND_UNSTABLE.match(name)})
    assert sites[0] == sites[1]
    assert "kd-net/2021-04-09/5/index.html" in sites[0] and "index.html" in sites[0]


def test_sitemap_lists_every_page_but_no_redirect(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>http://127.0.0.1:8000/kd-net/2021-04-09/5/</loc>" in sitemap
    assert "/was/" not in sitemap
    pages = [p for p in site.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    assert sitemap.count("<loc>") == len(pages)
