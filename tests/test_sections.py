"""The ## sections of an item body: the archive's own, with their roles."""
from archive.records import SectionSpec
from archive.sections import split_sections

FIRSTAGENDA = (SectionSpec(name="Beslutninger", synonyms=("Beslutning",), role="decision"),
               SectionSpec(name="Resume", role="summary"),
               SectionSpec(name="Beslutningspunkter", synonyms=("Indstilling",), role="recommendation"),
               SectionSpec(name="Borgmesterens Afdelings påtegning"))


def roles(sections):
    return {spec.role: text for spec, text in sections}


def test_sections_are_kept_apart_in_the_archives_order():
    body = "\n## Sagsfremstilling\n\nTekst.\n\n### Under\n\nMere.\n\n## Beslutning\n\nGodkendt.\n\n## Indstilling\n\nAt godkende.\n"
    sections, problems = split_sections(body)
    assert problems == []
    assert [spec.name for spec, _ in sections] == ["Indstilling", "Referat", "Sagsfremstilling"]
    assert roles(sections) == {"recommendation": "At godkende.", "case_text": "Tekst.\n\n### Under\n\nMere.",
                               "decision": "Godkendt."}


def test_an_archive_declares_its_own_sections():
    body = "## Beslutninger\n\nGodkendt.\n\n## Resume\n\nKort.\n\n## Indstilling\n\nAt 1)\n\n" \
           "## Borgmesterens Afdelings påtegning\n\nIngen bemærkninger.\n"
    sections, problems = split_sections(body, FIRSTAGENDA)
    assert problems == []
    assert [(spec.name, spec.role) for spec, _ in sections] == [
        ("Beslutninger", "decision"), ("Resume", "summary"), ("Beslutningspunkter", "recommendation"),
        ("Borgmesterens Afdelings påtegning", "plain")]
    _, problems = split_sections("## Sagsfremstilling\n\nx\n", FIRSTAGENDA)
    assert "unknown section '## Sagsfremstilling'" in problems[0].message
    assert "(sections: Beslutninger, Resume, Beslutningspunkter, Borgmesterens Afdelings påtegning;" \
        in problems[0].message


def test_unknown_heading_suggests_the_known_one():
    sections, problems = split_sections("## Indstiling\n\nTekst\n")
    assert problems[0].line == 1
    assert "unknown section '## Indstiling' — did you mean 'indstilling'?" in problems[0].message


def test_text_before_first_section_is_reported_once():
    _, problems = split_sections("Tekst\nmere tekst\n\n## Referat\n\nGodkendt\n")
    assert [p.line for p in problems] == [1]
    assert "text outside a section" in problems[0].message


def test_repeated_section():
    _, problems = split_sections("## Referat\n\na\n\n## Beslutning\n\nb\n")
    assert problems[0].line == 5 and "appears twice" in problems[0].message


def test_headings_inside_code_fences_are_text():
    sections, problems = split_sections("## Sagsfremstilling\n\n```\n## not a heading\n```\n")
    assert problems == [] and "## not a heading" in roles(sections)["case_text"]
