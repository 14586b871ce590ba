"""Mention finders: people, meetings and case numbers in Danish text."""
import datetime as dt

import pytest

from archive import records as r
from archive.markup import link_text, to_html
from archive.mentions import MeetingFinder, PeopleFinder, case_spans, unregistered_names

PEOPLE = {p.slug: p for p in [
    r.Person(slug="lauge-clemmensen", name="Lauge Clemmensen", variants=("Lauge Clemmesen",)),
    r.Person(slug="keld-hansen", name="Keld Hansen"),
    r.Person(slug="lars-keld-hansen", name="Lars Keld Hansen"),
    r.Person(slug="lars-moeller", name="Lars Møller"),
    r.Person(slug="anette-oerbaek-andersen", name="Anette Ørbæk Andersen"),
]}
COMMITTEES = {c.slug: c for c in [
    r.Committee(slug="kd-net", name="Kommunaldirektørnetværket i den midtjyske region", short_name="KD-Net"),
    r.Committee(slug="kkr-midtjylland", name="KKR Midtjylland", short_name="KKR Midtjylland", aliases=("KKR",)),
    r.Committee(slug="dks", name="DKS", short_name="DKS"),
]}


def people(text):
    finder = PeopleFinder(PEOPLE)
    return [(text[s.start:s.end], s.target[0]) for s in finder.spans(text)]


def test_people_in_any_registered_spelling():
    assert people("Lauge Clemmesen og Lauge Clemmensen deltog.") == [
        ("Lauge Clemmesen", "lauge-clemmensen"), ("Lauge Clemmensen", "lauge-clemmensen")]


def test_people_with_danish_letters_and_genitive():
    assert people("Anette Ørbæk Andersens forslag og Lars Møllers.") == [
        ("Anette Ørbæk Andersens", "anette-oerbaek-andersen"), ("Lars Møllers", "lars-moeller")]


def test_a_name_inside_a_longer_name_does_not_match():
    assert people("Lars Keld Hansen fremlagde.") == [("Lars Keld Hansen", "lars-keld-hansen")]
    assert people("Jens Lars Møller Nielsen") == []  # Nielsen makes it another person
    assert people("Lars Møllerup og Keld Hansens") == [("Keld Hansens", "keld-hansen")]


@pytest.mark.parametrize("text,expected", [
    ("Godkendelse af referatet fra mødet den 22. januar 2021", ("kd-net", dt.date(2021, 1, 22))),
    ("På møde i KKR den 23. april 2021 drøftes", ("kkr-midtjylland", dt.date(2021, 4, 23))),
    ("behandles af KD-Net den 28. august 2020", ("kd-net", dt.date(2020, 8, 28))),
    ("på møde i KKR Midtjylland den 17. juni 2020", ("kkr-midtjylland", dt.date(2020, 6, 17))),
    ("til KKR-mødet den 30. august 2021", ("kkr-midtjylland", dt.date(2021, 8, 30))),
    ("KD-Net mødet 24. januar 2020", ("kd-net", dt.date(2020, 1, 24))),
    ("på mødet fredag den 9. april", ("kd-net", dt.date(2021, 4, 9))),  # year of the text's meeting
    ("Modellen blev præsenteret på DKS 11. februar", ("dks", dt.date(2021, 2, 11))),
    ("Referat af møde i kommunaldirektørnetværket i den midtjyske region den 3. december 2021",
     ("kd-net", dt.date(2021, 12, 3))),
])
def test_meeting_phrases(text, expected):
    found = MeetingFinder(COMMITTEES).mentions(text, "kd-net", 2021)
    assert [(m.committee, m.date) for m in found] == [expected]


@pytest.mark.parametrize("text", [
    "Fristen er den 22. januar 2021.",          # a date, not a meeting
    "- 23. april",                              # a calendar line without committee
    "mødet den 31. februar 2021",               # no such date
])
def test_not_meeting_phrases(text):
    assert MeetingFinder(COMMITTEES).mentions(text, "kd-net", 2021) == []


def test_case_numbers():
    assert [s.target for s in case_spans("jf. SAG-2019-03640 og SAG-2020-1")] == [("SAG-2019-03640",), ("SAG-2020-1",)]
    assert case_spans("SAG-19-1 og XSAG-2019-03640") == []


def test_unregistered_names_are_reported_candidates():
    known = {"lars møller"}
    found = unregistered_names("Lars Petersen, Aarhus Kommune, og Lars Møller samt Region Midtjylland",
                               {"Lars"}, known, {"Kommune"})
    assert found == {"Lars Petersen"}


def test_links_go_into_text_never_into_links_headings_or_code():
    html = to_html("### Lars Møller\n\nLars Møller og [Lars Møller](x) og `Lars Møller`.")
    linked = link_text(html, lambda text: [(m, m + 11, "P") for m in _all(text, "Lars Møller")])
    assert linked.count('<a class="ma-mention" href="P">Lars Møller</a>') == 1
    assert "<h3>Lars Møller</h3>" in linked and "<code>Lars Møller</code>" in linked


def _all(text, word):
    start = text.find(word)
    while start >= 0:
        yield start
        start = text.find(word, start + 1)


def test_danish_dates_at_line_start_are_not_list_numbers():
    html = to_html("- 28. august 2020, KD-Net drøfter sagen\n\n3. juni blev det besluttet")
    assert "<ol" not in html and "28. august 2020" in html and "3. juni blev" in html
