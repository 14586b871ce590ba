"""The Markdown conversions kept on disk between builds (conversions.py)."""
from __future__ import annotations

import multiprocessing

from archive import conversions, markup


def one_build(cache, staging, code, uses, reads_cache=True):
    """A build that converts ``uses`` through a store, then keeps its files as the cache."""
    store = conversions.Store(cache if reads_cache else None, staging, code)
    markup.use_store(store)
    try:
        html = [markup.to_html(text) for text in uses]
    finally:
        store.finish()
        markup.use_store(None)
    conversions.keep(staging, cache)
    return html


def test_a_rebuild_converts_only_texts_it_has_not_converted_before(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = one_build(cache, tmp_path / "one", "code-1", ["Det **indstilles**", "En _anden_ tekst"])
    assert first[0] == "<p>Det <strong>indstilles</strong></p>"
    converted = []
    real = markup._to_html
    monkeypatch.setattr(markup, "_to_html", lambda *key: converted.append(key[0]) or real(*key))
    again = one_build(cache, tmp_path / "two", "code-1", ["Det **indstilles**", "Ny tekst"])
    assert again[0] == first[0] and converted == ["Ny tekst"]
    # The cache now holds this build's texts only: the one it did not use is gone.
    converted.clear()
    one_build(cache, tmp_path / "three", "code-1", ["En _anden_ tekst", "Ny tekst"])
    assert converted == ["En _anden_ tekst"]


def test_conversions_made_by_other_code_or_unreadable_are_not_used(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    one_build(cache, tmp_path / "one", "code-1", ["Tekst"])
    (cache / "conversions-1.sqlite").write_bytes(b"not a database")
    converted = []
    monkeypatch.setattr(markup, "_to_html", lambda *key: converted.append(key[0]) or "<p>x</p>")
    one_build(cache, tmp_path / "two", "code-2", ["Tekst"])
    assert converted == ["Tekst"]


def test_a_full_build_reads_no_cache(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    one_build(cache, tmp_path / "one", "code-1", ["Tekst"])
    converted = []
    monkeypatch.setattr(markup, "_to_html", lambda *key: converted.append(key[0]) or "<p>x</p>")
    one_build(cache, tmp_path / "two", "code-1", ["Tekst"], reads_cache=False)
    assert converted == ["Tekst"]


def _convert_in_child(text):
    markup.to_html(text)
    markup._store.finish()


def test_each_forked_process_writes_a_file_of_its_own(tmp_path):
    store = conversions.Store(None, tmp_path / "staging", "code-1")
    markup.use_store(store)
    try:
        markup.to_html("Forælderens tekst")
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pool.map(_convert_in_child, ["Første barns tekst", "Andet barns tekst"])
        store.finish()
    finally:
        markup.use_store(None)
    files = list((tmp_path / "staging").glob(conversions.PATTERN))
    assert len(files) >= 2  # the parent's and at least one child's (a pool may give both texts to one)
    conversions.keep(tmp_path / "staging", tmp_path / "cache")
    reader = conversions.Store(tmp_path / "cache", tmp_path / "next", "code-1")
    def not_again(text, language):
        raise AssertionError(f"{text!r} converted again")

    for text in ("Forælderens tekst", "Første barns tekst", "Andet barns tekst"):
        assert reader.html(text, markup.language(), not_again) == markup._to_html(text, markup.language())
