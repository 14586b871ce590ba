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
    pattern = r.ArchiveConfig().case_pattern
    assert [s.target for s in case_spans("jf. SAG-2019-03640 og SAG-2020-1", pattern)] == [("SAG-2019-03640",),
                                                                                           ("SAG-2020-1",)]
    assert case_spans("SAG-19-1 og XSAG-2019-03640", pattern) == []
    found = case_spans("EMN-2025-010561, j.nr. 00.01.00-A00-1-21 og 306-2009-600.", pattern)
    assert [s.target[0] for s in found] == ["EMN-2025-010561", "00.01.00-A00-1-21", "306-2009-600"]


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


def test_meetings_of_other_bodies_in_the_genitive_and_with_their_own_phrases():
    committees = {
        "aarhus-byraad": r.Committee(slug="aarhus-byraad", name="Aarhus Byråd", short_name="Aarhus Byråd",
                                     aliases=("Byrådet",)),
        "magistraten": r.Committee(slug="magistraten", name="Magistraten", short_name="Magistraten"),
        "teknisk-udvalg": r.Committee(slug="teknisk-udvalg", name="Teknisk Udvalg", short_name="Teknisk Udvalg"),
    }
    finder = MeetingFinder(committees)
    found = lambda text: [(m.committee, m.date.isoformat()) for m in finder.mentions(text, "teknisk-udvalg", 2025)]  # noqa: E731
    assert found("i henhold til beslutning i byrådets møde den 27. august 2025.") == [("aarhus-byraad", "2025-08-27")]
    assert found("at Magistraten i mødet den 19. august 2025 anbefaler") == [("magistraten", "2025-08-19")]
    assert found("at byrådet i sit møde den 27. august 2025 har vedtaget") == [("aarhus-byraad", "2025-08-27")]
    assert found("udsat i mødet den 22. september") == [("teknisk-udvalg", "2025-09-22")]


HOMONYMS = {
    "erik-nielsen": r.Person(slug="erik-nielsen", name="Erik Nielsen"),
    "erik-nielsen-2": r.Person(slug="erik-nielsen-2", name="Erik Nielsen"),
    "anders-winnerskjold": r.Person(slug="anders-winnerskjold", name="Anders Winnerskjold"),
}


def test_people_of_the_same_name_are_linked_only_with_a_hint():
    finder = PeopleFinder(HOMONYMS, {"erik-nielsen": {"A"}, "erik-nielsen-2": {"V"}})
    assert finder.homonyms() == {"erik nielsen": ["erik-nielsen", "erik-nielsen-2"]}
    assert finder.find("Erik Nielsen fremlagde sagen.") == set()
    assert finder.find("Erik Nielsen (V) fremlagde sagen.") == {"erik-nielsen-2"}
    assert finder.find("Erik Nielsen (A) og Erik Nielsen (Ø)") == {"erik-nielsen"}


def test_possessive_names_link_and_are_not_reported_as_unregistered():
    finder = PeopleFinder(HOMONYMS)
    text = "Anders Winnerskjolds forslag blev drøftet."
    spans = finder.spans(text)
    assert [(s.start, s.end, s.target) for s in spans] == [(0, 20, ("anders-winnerskjold",))]
    assert unregistered_names(text, {"Anders"}, {"anders winnerskjold"}, set(), spans) == set()
    assert unregistered_names(text, {"Anders"}, {"anders winnerskjold"}, set()) == {"Anders Winnerskjolds"}
