"""FirstAgenda's two formats read back: what firstagenda_html and
firstagenda_pdf make of the Aarhus documents, compared field by field with
the hand-made records of the same meetings (examples/aarhus). The agreement
per field is printed (pytest -s); numbers and titles must agree fully, the
other fields as far as the document allows (the known differences are listed
in KNOWN with the reason)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from conftest import FIXTURES, ROOT

from archive import pipeline
from archive.importer import firstagenda_html, firstagenda_pdf
from archive.importer.firstagenda import Para, decision_positions
from archive.importer.model import ImportError_
from archive.slugs import slugify

SAMPLES = FIXTURES / "documents" / "aarhus"
DOCUMENTS = {
    "html": (firstagenda_html, SAMPLES / "teknisk-udvalg-2025-10-01-referat.html", "teknisk-udvalg", dt.date(2025, 10, 1)),
    "pdf": (firstagenda_pdf, SAMPLES / "byraad-2025-08-27-referat.pdf", "aarhus-byraad", dt.date(2025, 8, 27)),
}
# Differences between a document and its hand transcription, with the reason.
KNOWN: dict[tuple[str, str, str], str] = {
    ("pdf", "section text", "item 6 plain:Beslutningsforslag"):
        "the PDF has glyphs without text in '(november 2023) oplever.'; the reader shows them as \ufffd "
        "(and says so in notes), the transcriber retyped them",
}


@pytest.fixture(scope="module")
def archive():
    archive, diagnostics = pipeline.check(ROOT / "examples" / "aarhus")
    assert archive is not None, diagnostics
    return archive


class Agreement:
    """Per field: how many comparisons agreed, and the ones that did not."""

    def __init__(self, document: str):
        self.document = document
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.mismatches: dict[str, list[tuple[str, str]]] = defaultdict(list)   # field → [(where, what)]

    def compare(self, field: str, where: str, ours, theirs) -> None:
        self.counts[field][1] += 1
        if ours == theirs:
            self.counts[field][0] += 1
            return
        if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
            ours, theirs = next((a, b) for a, b in zip(ours, theirs) if a != b)   # the first that differs
        self.mismatches[field].append((where, f"read {ours!r}, record {theirs!r}"))

    def table(self) -> str:
        rows = [f"{self.document}: field                 agree / total"]
        for field, (agree, total) in self.counts.items():
            rows.append(f"  {field:<24}{agree:>5} / {total:<5} {100 * agree / total:5.1f} %")
        return "\n".join(rows)

    def unexpected(self) -> list[str]:
        return [f"{field}: {where}: {what}" for field, found in self.mismatches.items() for where, what in found
                if (self.document, field, where) not in KNOWN]


def _words(markdown: str) -> tuple[str, str]:
    words = markdown.split()
    return " ".join(words[:5]), " ".join(words[-5:])


def _paragraphs(markdown: str) -> list[str]:
    return [" ".join(p.split()) for p in markdown.split("\n\n")]


def _person(archive, name: str) -> str:
    for slug, person in archive.people.items():
        if name.casefold() in {n.casefold() for n in (person.name, *person.variants)}:
            return slug
    return f"?{name}"


def _party(archive, name: str) -> str:
    def norm(text: str) -> str:
        return " ".join(text.replace("–", " ").casefold().split())
    for slug, organisation in archive.organisations.items():
        if organisation.kind == "parti" and (norm(name) == norm(organisation.name) or slugify(name) == slug):
            return slug
    return f"?{name}"


def _committee(archive, name: str) -> str:
    for slug, committee in archive.committees.items():
        if name.casefold() in {n.casefold() for n in (committee.name, committee.short_name, *committee.aliases)}:
            return slug
    return f"?{name}"


def _positions(archive, positions: list[dict]) -> list[tuple]:
    return sorted((p["stance"], tuple(sorted(_party(archive, n) for n in p["parties"])),
                   tuple(sorted(_person(archive, n) for n in p["people"])), p.get("note", "")) for p in positions)


def _record_positions(positions) -> list[tuple]:
    return sorted((p.stance, tuple(sorted(p.parties)), tuple(sorted(p.people)), p.note) for p in positions)


def _compare(archive, document: str) -> tuple[Agreement, object]:
    reader, path, committee, date = DOCUMENTS[document]
    read = reader.read(path)
    record = next(m for m in archive.meetings if m.committee == committee and m.date == date)
    agreement = Agreement(document)
    for field in ("date", "kind", "start", "end", "place", "title"):
        agreement.compare(f"meeting {field}", "meeting", getattr(read, field), getattr(record, field))
    agreement.compare("meeting committee", "meeting", _committee(archive, read.committee or ""), record.committee)
    agreement.compare("item count", "meeting", len(read.items), len(record.items))
    for ours, theirs in zip(read.items, record.items):
        at = f"item {theirs.number}"
        agreement.compare("number", at, ours.number, theirs.number)
        agreement.compare("title", at, ours.title, theirs.title)
        agreement.compare("case", at, ours.case, theirs.case)
        agreement.compare("closed", at, ours.closed, theirs.closed)
        agreement.compare("attachments", at, ours.attachments, [a.title for a in theirs.attachments])
        agreement.compare("positions", at, _positions(archive, ours.positions), _record_positions(theirs.positions))
        agreement.compare("absent", at, sorted(_person(archive, n) for n in ours.absent), sorted(theirs.absent))
        agreement.compare("step count", at, len(ours.steps), len(theirs.steps))
        for n, (step, their_step) in enumerate(zip(ours.steps, theirs.steps), 1):
            where = f"{at} step {n}"
            agreement.compare("step body/date/number", where, (_committee(archive, step.committee), step.date, step.number),
                              (their_step.committee, their_step.date, their_step.number))
            agreement.compare("step decision", where, _paragraphs(step.decision), _paragraphs(their_step.decision))
            agreement.compare("step positions", where, _positions(archive, step.positions),
                              _record_positions(their_step.positions))
            agreement.compare("step absent", where, sorted(_person(archive, n) for n in step.absent),
                              sorted(their_step.absent))
        our_sections = dict(ours.sections)
        their_sections = {s.role if s.role != "plain" else f"plain:{s.name}": s.text for s in theirs.sections}
        agreement.compare("section roles", at, list(our_sections), list(their_sections))
        for role in their_sections.keys() & our_sections.keys():
            agreement.compare("section boundaries", f"{at} {role}", _words(our_sections[role]), _words(their_sections[role]))
            agreement.compare("section text", f"{at} {role}", _paragraphs(our_sections[role]),
                              _paragraphs(their_sections[role]))
    return agreement, read


@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_firstagenda_document_reads_back_as_its_hand_made_records(archive, document):
    agreement, read = _compare(archive, document)
    print("\n" + agreement.table())
    for field, found in agreement.mismatches.items():
        for where, what in found:
            print(f"  ≠ {field}, {where}: {what}")
    print(f"  unplaced: {read.unplaced}\n  notes: {read.notes}")
    assert agreement.counts["item count"] == [1, 1]
    assert agreement.counts["number"][0] == agreement.counts["number"][1]
    assert agreement.counts["title"][0] == agreement.counts["title"][1]
    assert not agreement.unexpected()
    assert read.unplaced == []


def test_party_groups_are_split_and_names_kept_as_printed():
    para = Para("Socialistisk Folkepartis og Enhedslisten de Rød-Grønnes byrådsgrupper og Viggo Jonasen kunne ikke "
                "tiltræde indstillingens beslutningspunkter 1 og 2.", 1)
    kept, positions, absent = decision_positions([para])
    assert kept == [] and absent == []
    assert positions == [{"stance": "against", "parties": ["Socialistisk Folkeparti", "Enhedslisten de Rød-Grønne"],
                          "people": ["Viggo Jonasen"], "note": "indstillingens beslutningspunkter 1 og 2"}]


def test_a_majority_is_not_a_name_and_stays_decision_text():
    text = "Et flertal i udvalget kunne tiltræde indstillingen i overensstemmelse med Magistratens anbefaling."
    kept, positions, absent = decision_positions([Para(text + " Venstre tog forbehold vedrørende mobilitet. "
                                                       "Thure Hastrup deltog ikke i sagens behandling.", 1)])
    assert [p.text for p in kept] == [text]
    assert positions == [{"stance": "reservation", "parties": ["Venstre"], "people": [], "note": "vedrørende mobilitet"}]
    assert absent == ["Thure Hastrup"]


PAGE = """<html><body><nav>Tilbage til forsiden</nav>
<div class="title"><h1>Dagsorden 3. marts 2026 kl. 9.00</h1></div>
<table class="dagsordeninfo">
<tr><td>Udvalg:</td><td><span class="udvalg">Kulturudvalget</span></td></tr>
<tr><td>Mødedato:</td><td>tirsdag den 3. marts 2026 kl. 9.00</td></tr>
<tr><td>Mødested:</td><td>Rådhuset</td></tr>
<tr><td>Mødedeltagere:</td><td>Anna Hansen og Bo Lund</td></tr></table>
<table id="dagsordenDetaljer"><thead><tr><th>Punkt</th><th>Titel</th></tr></thead><tbody>
<tr class="punktrow"><td><span class="label">01</span></td><td>
 <h2 class="overskrift">Salg af grund</h2><span class="lukket-label">Lukket punkt</span>
 <div class="details"><span class="sagsnummer">EMN-2026-000001</span>
  <div class="punkt"><h3></h3><div><h3>Sagsfremstilling</h3><span class="resume">
   <div>Tekst før listen<ul><li>Et</li><li>To</li></ul></div><div><strong>Økonomi</strong></div>
   <div>Mere tekst.</div></span></div></div>
  <p>Et afsnit uden plads</p>
 </div></td><td><a>Hent som PDF</a></td></tr>
</tbody></table></body></html>"""


def test_an_html_page_places_every_text_or_reports_it(tmp_path):
    path = tmp_path / "kultur.html"
    path.write_text(PAGE, encoding="utf-8")
    meeting = firstagenda_html.read(path)
    assert (meeting.kind, meeting.committee, meeting.date, meeting.start, meeting.place) == (
        "agenda", "Kulturudvalget", dt.date(2026, 3, 3), "09:00", "Rådhuset")
    assert meeting.participants == ["Anna Hansen", "Bo Lund"]
    item, = meeting.items
    assert (item.number, item.title, item.closed, item.case) == ("1", "Salg af grund", True, "EMN-2026-000001")
    assert item.sections == [("case_text", "Tekst før listen\n\n- Et\n- To\n\n### Økonomi\n\nMere tekst.")]
    assert [text for _line, text in meeting.unplaced] == ["Et afsnit uden plads"]


def test_a_page_without_agenda_items_is_refused(tmp_path):
    path = tmp_path / "forside.html"
    path.write_text("<html><body><h1>Aarhus Kommune</h1></body></html>", encoding="utf-8")
    with pytest.raises(ImportError_, match="forside.html: no agenda items found"):
        firstagenda_html.read(path)


@pytest.mark.parametrize("left, right, joined", [
    ("fastsat i budget-", "lægges med", "fastsat i budgetlægges med"),       # a divided word
    ("i kommunale p-", "huse.", "i kommunale p-huse."),                       # the hyphen belongs to the word
    ("orientering om ny 2030-", "fremskrivning", "orientering om ny 2030-fremskrivning"),
    ("skoler og UngiAarhus-", "tilbud i", "skoler og UngiAarhus-tilbud i"),
    ("erklæring fra Økonomi-", "og Erhvervsudvalget", "erklæring fra Økonomi- og Erhvervsudvalget"),
    ("Enhedslisten de Rød-", "Grønne", "Enhedslisten de Rød-Grønne"),
])
def test_pdf_lines_are_joined_with_the_hyphen_where_it_belongs(left, right, joined):
    assert firstagenda_pdf._join(left, right) == joined
