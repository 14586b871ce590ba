"""Renames work for every kind: when the slug of a committee, person, topic or
organisation is corrected (declared with `formerly:` in its registry entry),
every URL the archive published for it keeps working. An old page becomes a
redirect page (canonical link and meta refresh), an old generated file (the
committee's calendar) a copy of the new one, and a browser that opens an old
address lands on the new one, #anchor kept.

The tiny archive is built once so that its URLs are published (as the
`published` fixture of test_permalinks.py does), then renamed and built again:
once per kind, and once with all four renames together. The builds are shared
by the tests of this module (a build takes a second or two)."""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli, serve_folder

SITE_URL = "http://127.0.0.1:8000/"  # site_url in mkdocs.yml: canonical links start with it
REGISTRY = "published-urls.txt"
MOVE_TIMEOUT_MS = 3000  # how long Chromium gets to leave an old address


@dataclass(frozen=True)
class Rename:
    """One corrected slug: where the record lives and which URLs carry its slug."""

    registry: str                # the registry file holding the record
    old: str
    new: str
    name: str                    # what the record's own page shows in its <h1>
    page: str                    # the record's page, {} standing for the slug
    files: tuple[str, ...] = ()  # generated files named after the slug
    folder: str | None = None    # content folder named after the slug
    required: tuple[str, ...] = ()  # old URLs that must be checked even if the first build lacks them
    anchors: tuple[str, ...] = ()   # old URLs with #anchor, opened in Chromium

    def moved(self, url: str) -> str:
        """Where ``url`` (no leading /) is after the rename; ``url`` itself if it is not affected."""
        old_page, new_page = self.page.format(self.old), self.page.format(self.new)
        if url.startswith(old_page):
            return new_page + url[len(old_page):]
        for file in self.files:
            if url == file.format(self.old):
                return file.format(self.new)
        return url


RENAMES = {
    "committee": Rename(
        "committees.yaml", "kd-net", "kd-netvaerk", "Kommunaldirektørnetværket i den midtjyske region",
        page="{}/", files=("kalender/{}.ics",), folder="meetings/{}",
        required=("kd-net/", "kd-net/2021/", "kd-net/2021-04-09/", "kd-net/2021-04-09/1/",
                  "kd-net/2021-04-09/5/", "kalender/kd-net.ics"),
        anchors=("kd-net/2021-04-09/#punkt-5",)),
    "person": Rename("people.yaml", "flemming-storgaard", "flemming-storgaard-hansen",
                     "Flemming Storgaard", page="personer/{}/"),
    "topic": Rename("topics.yaml", "human-first", "human-first-partnerskab", "Human First",
                    page="emner/{}/"),
    "organisation": Rename("organisations.yaml", "viborg-kommune", "viborg-kommune-ny", "Viborg Kommune",
                           page="organisationer/{}/"),
}
BUILDS = {**{kind: (kind,) for kind in RENAMES}, "all": tuple(RENAMES)}

# The old addresses that must take a browser to the new one, whatever else is checked.
MUST_LAND = ("kd-net/", "kd-net/2021/", "kd-net/2021-04-09/5/", "kd-net/2021-04-09/#punkt-5",
             "personer/flemming-storgaard/", "emner/human-first/", "organisationer/viborg-kommune/")


# ------------------------------------------------------------------ helpers

def build(content: Path, site: Path):
    return run_cli("--content", str(content), "build", "--site", str(site), "--record")


def require_success(result: subprocess.CompletedProcess, what: str) -> None:
    """Fail with the build's own messages unless it succeeded without a traceback."""
    if result.returncode != 0 or "Traceback" in result.stderr:
        pytest.fail(f"{what} failed with exit code {result.returncode}:\n{result.stderr}", pytrace=False)


def slug_reference(slug: str) -> re.Pattern:
    """``slug`` as a whole YAML key or value (`committee: kd-net`, `[kd-net]`,
    `kd-net:`), never inside a longer slug, a path or the short name KD-Net."""
    return re.compile(rf"(?:^|(?<=[\s\[,])){re.escape(slug)}(?=[ \t]*(?:[\],:]|$))", re.M)


def apply(content: Path, rename: Rename) -> None:
    """Rename the record in ``content`` as an editor would: the folder, every
    reference in the records, and the key, with `formerly:` naming the old slug."""
    if rename.folder:
        (content / rename.folder.format(rename.old)).rename(content / rename.folder.format(rename.new))
    pattern = slug_reference(rename.old)
    for path in sorted(content.rglob("*")):
        if path.suffix in (".md", ".yaml"):
            text = path.read_text(encoding="utf-8")
            path.write_text(pattern.sub(rename.new, text), encoding="utf-8")
    registry = content / rename.registry
    text = registry.read_text(encoding="utf-8")
    key = f"{rename.new}:\n"
    assert text.startswith(key) or f"\n{key}" in text, f"{rename.old} is not a key of {rename.registry}"
    registry.write_text(re.sub(rf"^{re.escape(key)}", f"{key}  formerly: [{rename.old}]\n", text, count=1, flags=re.M),
                        encoding="utf-8")


def record_texts(content: Path) -> dict[str, str]:
    """The text of every record file, by its path in ``content``."""
    return {p.relative_to(content).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(content.rglob("*")) if p.suffix in (".md", ".yaml")}


def site_urls(site: Path) -> set[str]:
    """Every URL (no leading /) a built site serves: folders of index.html pages and other files."""
    urls = set()
    for path in site.rglob("*"):
        if path.is_file():
            url = path.relative_to(site).as_posix()
            urls.add(url.removesuffix("index.html") if path.name == "index.html" else url)
    return urls


def published_urls(content: Path) -> set[str]:
    lines = (content / REGISTRY).read_text(encoding="utf-8").splitlines()
    return {line.partition("\t")[0].removeprefix("/") for line in lines if line.startswith("/")}


def moves(renames: tuple[Rename, ...], first_content: Path, first_site: Path) -> dict[str, str]:
    """Old URL → new URL for everything the renames affect: what the first build
    served or published, and the URLs each rename requires."""
    known = site_urls(first_site) | published_urls(first_content)
    result = {}
    for rename in renames:
        for url in sorted(known | {rename.page.format(rename.old), *rename.required}):
            if rename.moved(url) != url:
                result[url] = rename.moved(url)
    return result


def is_page(url: str) -> bool:
    return url.endswith("/")


def read_page(site: Path, url: str) -> str | None:
    path = site / url / "index.html"
    return path.read_text(encoding="utf-8") if path.exists() else None


def redirect_problem(site: Path, old: str, new: str) -> str | None:
    """Why the old page ``old`` is not a redirect page to ``new`` (None if it is)."""
    page = read_page(site, old)
    if page is None:
        return f"/{old}: no page"
    problems = []
    if f'<link rel="canonical" href="{SITE_URL}{new}">' not in page:
        problems.append(f'no <link rel="canonical" href="{SITE_URL}{new}">')
    if not re.search(rf'<meta http-equiv="refresh" content="0; url=[./]*/{re.escape(new)}">', page):
        problems.append(f'no <meta http-equiv="refresh"> to /{new}')
    return f"/{old}: " + ", ".join(problems) if problems else None


def copy_problem(site: Path, old: str, new: str) -> str | None:
    """Why the old file ``old`` is not a byte-for-byte copy of ``new`` (None if it is)."""
    if not (site / new).is_file():
        return f"/{old}: the new file /{new} is missing"
    if not (site / old).is_file():
        return f"/{old}: missing (it should be a copy of /{new})"
    if (site / old).read_bytes() != (site / new).read_bytes():
        return f"/{old}: differs from /{new}"
    return None


def h1_text(page: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def real_page_problem(site: Path, url: str) -> str | None:
    """Why ``url`` is not a real page of the site (a missing page or a redirect)."""
    page = read_page(site, url)
    if page is None:
        return f"/{url}: no page"
    if 'http-equiv="refresh"' in page:
        return f"/{url}: a redirect, not the page itself"
    return None


def report(problems: list[str | None], what: str) -> None:
    failed = [p for p in problems if p]
    assert not failed, f"{len(failed)} {what}:\n  " + "\n  ".join(failed)


# ------------------------------------------------------------------ the builds

@dataclass(frozen=True, repr=False)
class Renamed:
    kinds: str
    renames: tuple[Rename, ...]
    result: subprocess.CompletedProcess  # the second build
    site: Path
    moves: dict[str, str]                # old URL -> new URL, no leading /

    def __repr__(self) -> str:
        return f"Renamed({self.kinds})"

    def built(self) -> Path:
        """The site of the second build, which must have succeeded."""
        require_success(self.result, f"the build after renaming ({self.kinds})")
        return self.site


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> tuple[Path, Path]:
    """The tiny archive after a first build: its content (with the URLs now
    published) and the site that build made."""
    root = tmp_path_factory.mktemp("first")
    shutil.copytree(FIXTURES / "tiny", root / "content")
    require_success(build(root / "content", root / "site"), "the first build")
    return root / "content", root / "site"


@pytest.fixture(scope="module", params=sorted(BUILDS))
def renamed(request, first, tmp_path_factory) -> Renamed:
    """The published archive with one kind renamed (or all four: "all"), built again."""
    first_content, first_site = first
    root = tmp_path_factory.mktemp(f"renamed-{request.param}")
    content = root / "content"
    shutil.copytree(first_content, content)
    renames = tuple(RENAMES[kind] for kind in BUILDS[request.param])
    for rename in renames:
        apply(content, rename)
    return Renamed(request.param, renames, build(content, root / "site"), root / "site",
                   moves(renames, first_content, first_site))


# ------------------------------------------------------------------ the tests

def test_the_renames_change_only_slugs(tmp_path):
    """The edit helper renames the folder, the references and the key, adds
    `formerly:`, and leaves the short name KD-Net alone."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "tiny", content)
    for rename in RENAMES.values():
        apply(content, rename)
    texts = record_texts(content)
    everything = "\n".join(texts.values())
    for rename in RENAMES.values():
        leftovers = [path for path, text in texts.items()
                     if slug_reference(rename.old).search(text.replace(f"formerly: [{rename.old}]", ""))]
        assert not leftovers, f"{rename.old} still referenced in {leftovers}"
        assert f"{rename.new}:\n  formerly: [{rename.old}]\n" in texts[rename.registry]
    assert "committee: kd-netvaerk" in texts["meetings/kd-netvaerk/2021-04-09/meeting.md"]
    assert "presenters: [flemming-storgaard-hansen]" in everything
    assert "topics: [human-first-partnerskab]" in everything
    assert "organisation: viborg-kommune-ny" in texts["people.yaml"]
    before = "\n".join(record_texts(FIXTURES / "tiny").values())
    assert everything.count("KD-Net") == before.count("KD-Net") > 0


def test_the_old_urls_cover_every_page_of_the_committee(first):
    """The committee's old URLs include its year page, every item page and the
    Markdown attachment page the first build made."""
    first_content, first_site = first
    old = moves((RENAMES["committee"],), first_content, first_site)
    attachments = {url for url in site_urls(first_site) if url.startswith("kd-net/2021-04-09/bilag/")}
    items = {f"kd-net/2021-04-09/{p.parent.name}/" for p in (first_site / "kd-net/2021-04-09").glob("*/index.html")
             if p.parent.name != "bilag"}
    assert attachments and {"kd-net/2021-04-09/1/", "kd-net/2021-04-09/5/"} <= items
    expected = attachments | items | {"kd-net/", "kd-net/2021/", "kd-net/2021-04-09/", "kalender/kd-net.ics"}
    missing = sorted(expected - set(old))
    assert not missing, f"old URLs not checked: {missing}"


def test_the_build_accepts_the_renames(renamed):
    renamed.built()


def test_every_old_url_still_works(renamed):
    """Each old page is a redirect page to the new address; each old file a copy of the new one."""
    site = renamed.built()
    report([redirect_problem(site, old, new) if is_page(old) else copy_problem(site, old, new)
            for old, new in renamed.moves.items()], "old URLs no longer work")


def test_the_new_urls_are_real_pages(renamed):
    site = renamed.built()
    report([real_page_problem(site, new) for new in renamed.moves.values() if is_page(new)],
           "new URLs are not real pages")
    for rename in renamed.renames:
        page = read_page(site, rename.page.format(rename.new)) or ""
        assert rename.name in h1_text(page), \
            f"/{rename.page.format(rename.new)}: <h1> {h1_text(page)!r} does not name {rename.name!r}"


def landing_problem(page, base: str, old: str, new: str) -> str | None:
    """Open ``old`` in the browser; why it did not end on ``new`` (None if it did)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(f"{base}/{old}")
    try:
        page.wait_for_url(lambda url: url.endswith(f"/{new}"), timeout=MOVE_TIMEOUT_MS)
    except PlaywrightTimeout:
        return f"/{old} ended at {page.url.removeprefix(base)} (expected /{new})"
    return None


@pytest.mark.browser
def test_old_addresses_land_on_the_new_ones_in_chromium(renamed, page):
    site = renamed.built()
    visits = {old: new for old, new in renamed.moves.items() if is_page(old)}
    for rename in renamed.renames:
        visits.update({old: rename.moved(old) for old in rename.anchors})
    must = {url for url in MUST_LAND if any(rename.moved(url) != url for rename in renamed.renames)}
    assert must <= set(visits), f"addresses that must land are not visited: {sorted(must - set(visits))}"
    with serve_folder(site) as base:
        report([landing_problem(page, base, old, new) for old, new in visits.items()],
               "old addresses do not land on the new ones")
