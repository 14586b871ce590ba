"""Bounded input: hostile records cost work in proportion to their size —
no regular expression applied to record text backtracks quadratically, YAML
aliases are refused, and error messages quote values shortened."""
from __future__ import annotations

import time

import pytest
from conftest import MEETING, check, edit

from archive import records as r
from archive.diagnostics import Diagnostics
from archive.load import parse_yaml
from archive.markup import EMAIL, hide_emails, link_text, to_html
from archive.mentions import MeetingFinder, PeopleFinder, case_spans, unregistered_names
from archive.sections import split_sections
from archive.validate import unsafe_markup

ITEM = f"{MEETING}/05-human-first.md"
PEOPLE = {"lars-moeller": r.Person(slug="lars-moeller", name="Lars Møller")}
COMMITTEES = {"kkr": r.Committee(slug="kkr", name="KKR Midtjylland", short_name="KKR")}


def _cost(work, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        work(text)
        best = min(best, time.perf_counter() - start)
    return best


# Each finder applied to record text, with the input that made one of them quadratic.
FINDERS = {
    "script links after [x](": (lambda t: unsafe_markup(t), lambda n: "[x](" + " " * n + "y"),
    "raw tags without >": (lambda t: unsafe_markup(t), lambda n: "<a " * (n // 3)),
    "e-mail in letters and dots": (lambda t: EMAIL.findall(t), lambda n: "a." * (n // 2)),
    "hidden e-mails": (hide_emails, lambda n: "a." * (n // 2) + "@"),
    "blank lines to render": (to_html, lambda n: "Tekst\n" + "\n" * n + "28. august 2020"),
    "unclosed tags to render": (to_html, lambda n: "<a " * (n // 3)),
    "section headings": (lambda t: split_sections(t), lambda n: "## " + "# " * (n // 2) + "x"),
    "people": (lambda t: PeopleFinder(PEOPLE).spans(t), lambda n: "Lars " * (n // 5)),
    "meetings": (lambda t: MeetingFinder(COMMITTEES).mentions(t, "kkr", 2020), lambda n: "KKR" + " " * n + "x"),
    "case numbers": (lambda t: case_spans(t, r.ArchiveConfig().case_pattern), lambda n: "SAG-2019-" + "1" * n + "x"),
    "unregistered names": (lambda t: unregistered_names(t, {"Lars"}, set(), set()), lambda n: "Lars" + " " * n),
    "links in text": (lambda t: link_text(t, lambda s: []), lambda n: "<p>" + "x " * (n // 2) + "</p>"),
}


@pytest.mark.parametrize("name", sorted(FINDERS))
def test_every_finder_works_in_time_linear_in_the_input(name):
    """8× the input may cost at most ~20× the time (linear: ~8×; the
    quadratic finders of before: ~64×): a ratio of sizes, not a time limit."""
    work, hostile = FINDERS[name]
    small, large = hostile(5_000), hostile(40_000)
    ratio = _cost(work, large) / max(_cost(work, small), 1e-5)
    assert ratio < 20, f"{name}: 8× the input took {ratio:.0f}× the time"


def test_yaml_aliases_are_refused():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b]\n'
    d = Diagnostics()
    assert parse_yaml(bomb, "people.yaml", d) is None
    [error] = d.errors
    assert error.line == 1 and "anchors and aliases (&name, *name) are not allowed" in error.message
    assert parse_yaml("title: Tid & sted\nnote: '*vigtigt*'\n", "x.md", Diagnostics()) == \
        {"title": "Tid & sted", "note": "*vigtigt*"}


def test_error_messages_quote_values_shortened(tiny):
    edit(tiny, f"{MEETING}/meeting.md", 'start: "10:00"', 'start: "' + "9" * 5000 + '"')
    [error] = check(tiny).errors
    assert len(error.message) < 300 and "(5000 characters)" in error.message
