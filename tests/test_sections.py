"""The ## sections of an item body."""
from archive.sections import split_sections


def test_sections_are_kept_apart():
    body = "\n## Indstilling\n\nAt godkende.\n\n## Sagsfremstilling\n\nTekst.\n\n### Under\n\nMere.\n\n## Beslutning\n\nGodkendt.\n"
    sections, problems = split_sections(body)
    assert problems == []
    assert sections == {"recommendation": "At godkende.",
                        "case_text": "Tekst.\n\n### Under\n\nMere.",
                        "decision": "Godkendt."}


def test_unknown_heading_suggests_the_known_one():
    sections, problems = split_sections("## Indstiling\n\nTekst\n")
    assert problems[0].line == 1
    assert "unknown section '## Indstiling' — did you mean 'indstilling'?" in problems[0].message


def test_text_before_first_section_is_reported_once():
    _, problems = split_sections("Tekst\nmere tekst\n\n## Referat\n\nGodkendt\n")
    assert [p.line for p in problems] == [1]
    assert "text outside a section" in problems[0].message


def test_repeated_section():
    _, problems = split_sections("## Referat\n\na\n\n## Referat\n\nb\n")
    assert problems[0].line == 5 and "appears twice" in problems[0].message


def test_headings_inside_code_fences_are_text():
    sections, problems = split_sections("## Sagsfremstilling\n\n```\n## not a heading\n```\n")
    assert problems == [] and "## not a heading" in sections["case_text"]
