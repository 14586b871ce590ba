"""tree.py: a spare tree made into the next site changes only what differs,
and never writes into a file it shares with the live site."""
import os

from archive import tree


def _write(root, files: dict[str, str]):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _files(root) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_placing_a_file_replaces_the_entry_and_leaves_the_shared_file_as_it_was(tmp_path):
    live, spare = tmp_path / "live", tmp_path / "spare"
    _write(live, {"a/index.html": "old a"})
    spare.mkdir()
    tree.place(live / "a/index.html", spare / "a/index.html")  # a missing folder is made
    assert (spare / "a/index.html").stat().st_ino == (live / "a/index.html").stat().st_ino
    new = tmp_path / "new.html"
    new.write_text("new a")
    tree.place(new, spare / "a/index.html")
    assert (spare / "a/index.html").read_text() == "new a" and (live / "a/index.html").read_text() == "old a"
    inode = (spare / "a/index.html").stat().st_ino
    tree.place(new, spare / "a/index.html")  # already that file: untouched
    assert (spare / "a/index.html").stat().st_ino == inode and sorted(os.listdir(spare / "a")) == ["index.html"]


def test_moving_files_in_replaces_what_is_there_and_says_what_moved(tmp_path):
    rendered, spare = tmp_path / "worker", tmp_path / "spare"
    _write(rendered, {"x/index.html": "new x", "y/z/index.html": "new z"})
    _write(spare, {"x/index.html": "old x", "w/index.html": "old w"})
    assert sorted(tree.move_into(rendered, spare)) == ["x/index.html", "y/z/index.html"]
    assert _files(spare) == {"w/index.html": "old w", "x/index.html": "new x", "y/z/index.html": "new z"}
    assert _files(rendered) == {}


def test_pruning_removes_what_is_not_wanted_and_the_folders_it_empties(tmp_path):
    _write(tmp_path, {"keep/index.html": "k", "gone/deep/index.html": "g", "gone/index.html": "g",
                      "pagefind/2021/entry.json": "p", "keep/.index.html.new": "left by a killed build"})
    removed = tree.prune(tmp_path, {"keep/index.html"}, skip=["pagefind"])
    assert removed == 3
    assert _files(tmp_path) == {"keep/index.html": "k", "pagefind/2021/entry.json": "p"}
    assert not (tmp_path / "gone").exists()


def test_a_mirror_holds_exactly_the_sources_files(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    _write(source, {"entry.json": "1", "fragment/a": "a"})
    _write(target, {"entry.json": "0", "fragment/b": "b"})
    tree.mirror(source, target)
    assert _files(target) == {"entry.json": "1", "fragment/a": "a"}
    assert (target / "fragment/a").stat().st_ino == (source / "fragment/a").stat().st_ino


def test_a_file_where_a_folder_must_be_and_the_reverse_give_way(tmp_path):
    """An older site had a file where this one has a folder, or a folder where it has a file."""
    rendered, live, spare = tmp_path / "worker", tmp_path / "live", tmp_path / "spare"
    _write(spare, {"x": "a file", "y/index.html": "a page", "z/index.html": "a page"})
    _write(rendered, {"x/index.html": "now a page"})
    _write(live, {"y": "now a file", "z": "now a file too"})
    tree.move_into(rendered, spare)
    tree.place_all(live, spare, ["y", "z"])
    assert _files(spare) == {"x/index.html": "now a page", "y": "now a file", "z": "now a file too"}
