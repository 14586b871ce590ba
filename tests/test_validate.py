"""Stage 2: every validation rule names file, line and field, and suggests a fix."""
from conftest import MEETING, check, edit

ITEM = f"{MEETING}/05-human-first.md"
MEETING_FILE = f"{MEETING}/meeting.md"


def only_error(diagnostics):
    assert len(diagnostics.errors) == 1, diagnostics.report()
    return diagnostics.errors[0]


def test_the_fixture_is_valid(tiny):
    d = check(tiny)
    assert d.items == [], d.report()


def test_yaml_syntax_error(tiny):
    edit(tiny, ITEM, "topics: [human-first]", "topics: [human-first")
    e = only_error(check(tiny))
    assert e.path.endswith("05-human-first.md") and e.line in (5, 6)
    assert e.message.startswith("YAML:")


def test_missing_required_field(tiny):
    edit(tiny, MEETING_FILE, "kind: agenda\n", "")
    e = only_error(check(tiny))
    assert (e.path, e.field, e.message) == (f"content/{MEETING_FILE}", "kind", "required field is missing")
    assert e.line == 2  # the frontmatter mapping, where the field belongs


def test_unknown_field_with_suggestion(tiny):
    edit(tiny, ITEM, "presenters:", "presenter:")
    e = only_error(check(tiny))
    assert (e.line, e.field) == (4, "presenter")
    assert e.message == "unknown field 'presenter' — did you mean 'presenters'?"


def test_unknown_person_with_suggestion(tiny):
    edit(tiny, ITEM, "[flemming-storgaard]", "[flemming-storgard]")
    e = only_error(check(tiny))
    assert (e.path, e.line, e.field) == (f"content/{ITEM}", 4, "presenters[0]")
    assert e.message == "unknown person 'flemming-storgard' — did you mean 'flemming-storgaard'?"


def test_unknown_topic_and_committee(tiny):
    edit(tiny, ITEM, "[human-first]", "[humanfirst]")
    edit(tiny, "committees.yaml", "kd-net:", "kdnet:")
    d = check(tiny)
    messages = {e.message for e in d.errors}
    assert "unknown topic 'humanfirst' — did you mean 'human-first'?" in messages
    assert "unknown committee 'kd-net' — did you mean 'kdnet'?" in messages


def test_unknown_organisation_in_registry(tiny):
    edit(tiny, "people.yaml", "organisation: viborg-kommune", "organisation: viborg")
    e = only_error(check(tiny))
    assert (e.path, e.line, e.field) == ("content/people.yaml", 8, "lasse-jakobsen.affiliations[0].organisation")
    assert "did you mean 'viborg-kommune'?" in e.message


def test_duplicate_item_number(tiny):
    edit(tiny, ITEM, 'number: "5"', 'number: "01"')
    e = only_error(check(tiny))
    assert (e.path, e.line, e.field) == (f"content/{ITEM}", 2, "number")
    assert "item number '1' is also used by content/meetings/kd-net/2021-04-09/01-godkendelse-af-dagsorden.md" in e.message


def test_date_that_does_not_parse(tiny):
    edit(tiny, MEETING_FILE, "date: 2021-04-09", "date: 2021-04-31")
    d = check(tiny)
    by_field = {e.field: e for e in d.errors}
    assert by_field["date"].line == 3
    assert "'2021-04-31' is not a date" in by_field["date"].message


def test_weekday_that_contradicts_the_date_is_a_warning(tiny):
    edit(tiny, MEETING_FILE, "fredag den 9. april 2021", "torsdag den 9. april 2021")
    d = check(tiny)
    assert d.errors == []
    w = d.warnings[0]
    assert (w.path, w.line) == (f"content/{MEETING_FILE}", 12)
    assert w.message == "'torsdag den 9. april 2021': 2021-04-09 is a fredag, not a torsdag"


def test_item_without_title(tiny):
    edit(tiny, ITEM, "title: Beslutning om deltagelse i Human First\n", "")
    e = only_error(check(tiny))
    assert (e.field, e.message) == ("title", "required field is missing")
    edit(tiny, ITEM, 'number: "5"\n', 'number: "5"\ntitle: ""\n')
    e = only_error(check(tiny))
    assert (e.line, e.field, e.message) == (3, "title", "must not be empty")


def test_time_and_slug_formats(tiny):
    edit(tiny, MEETING_FILE, 'start: "10:00"', "start: 10.00")
    edit(tiny, ITEM, "[flemming-storgaard]", "[Flemming Storgaard]")
    d = check(tiny)
    messages = [e.message for e in d.errors]
    assert any('is not a time: write it as "HH:MM"' in m for m in messages)
    assert any("'Flemming Storgaard' is not a slug" in m for m in messages)


def test_unknown_body_section(tiny):
    edit(tiny, ITEM, "## Sagsfremstilling", "## Sagsfremstiling")
    e = only_error(check(tiny))
    assert e.field == "body" and e.line == 16
    assert "did you mean 'sagsfremstilling'?" in e.message


def test_folder_and_record_must_agree(tiny):
    edit(tiny, MEETING_FILE, "date: 2021-04-09", "date: 2021-04-08")
    messages = [e.message for e in check(tiny).errors]
    assert any("does not match the folder name '2021-04-09'" in m for m in messages)


def test_missing_attachment_file_with_suggestion(tiny):
    edit(tiny, ITEM, "file: bilag/notat.md", "file: bilag/notatet.md")
    e = only_error(check(tiny))
    assert (e.line, e.field) == (8, "attachments[0].file")
    assert "did you mean 'bilag/notat.md'?" in e.message


def test_attachment_outside_the_meeting_folder(tiny):
    edit(tiny, ITEM, "file: bilag/notat.md", "file: ../../../people.yaml")
    e = only_error(check(tiny))
    assert "outside the meeting folder" in e.message


def test_all_problems_are_reported_together(tiny):
    edit(tiny, ITEM, "[flemming-storgaard]", "[flemming-storgard]")
    edit(tiny, MEETING_FILE, "kind: agenda", "kind: agendaa")
    edit(tiny, "topics.yaml", "name: Human First", "nam: Human First")
    d = check(tiny)
    assert len(d.errors) >= 3
    assert {e.path for e in d.errors} == {f"content/{ITEM}", f"content/{MEETING_FILE}", "content/topics.yaml"}


# ------------------------------------------------------------------ field types

def test_a_link_field_refuses_every_scheme_but_http(tiny):
    for bad in ("javascript:alert(1)", "data:text/html,x", "ftp://example.dk/x", "//example.dk/x", "video.mp4"):
        edit(tiny, MEETING_FILE, "https://video.example.dk/kd-net/2021-04-09", bad)
        e = only_error(check(tiny))
        assert (e.path, e.line, e.field) == (f"content/{MEETING_FILE}", 9, "video_url"), bad
        assert "a link must be a full http:// or https:// address" in e.message
        edit(tiny, MEETING_FILE, bad, "https://video.example.dk/kd-net/2021-04-09")
    assert check(tiny).items == []


def test_every_reference_is_checked_by_its_field_type(tiny):
    """Slugs in nested records (substitutes, sessions, schedule, members,
    affiliations, the archive's rules) are checked by the one walk over the
    field types, with the line of each."""
    edit(tiny, MEETING_FILE, "apologies: [lasse-jakobsen]",
         "apologies: [lasse-jakobsen]\nsubstitutes:\n  - person: jesper-kaas-smith\n    for: lasse-jakobsen\n"
         "sessions:\n  - title: Tema\n    people: [lauge-clemensen]")
    edit(tiny, ITEM, "topics: [human-first]", "topics: [human-first]\nschedule:\n  - committee: kd-nett\n"
         "    date: 2021-05-07")
    (tiny / "archive.yaml").write_text("appointments_topic: human-firts\n", encoding="utf-8")
    d = check(tiny)
    found = {(e.path.rsplit("/", 1)[-1], e.line, e.field, e.message) for e in d.errors}
    assert found == {
        ("meeting.md", 10, "substitutes[0].person",
         "unknown person 'jesper-kaas-smith' — did you mean 'jesper-kaas-schmidt'?"),
        ("meeting.md", 14, "sessions[0].people[0]",
         "unknown person 'lauge-clemensen' — did you mean 'lauge-clemmensen'?"),
        ("05-human-first.md", 7, "schedule[0].committee", "unknown committee 'kd-nett' — did you mean 'kd-net'?"),
        ("archive.yaml", 1, "appointments_topic", "unknown topic 'human-firts' — did you mean 'human-first'?"),
    }, d.report()


def test_a_reference_is_checked_even_when_another_field_is_wrong(tiny):
    edit(tiny, ITEM, "[flemming-storgaard]", "[flemming-storgard]\ncase: EMN-1")
    fields = sorted(e.field for e in check(tiny).errors)
    assert fields == ["case", "presenters[0]"]


def test_derived_fields_cannot_be_written(tiny):
    edit(tiny, ITEM, "topics: [human-first]", "topics: [human-first]\ndecision: Godkendt")
    e = only_error(check(tiny))
    assert (e.field, e.message) == ("decision", "unknown field 'decision': write it in the body as a ## section")


def test_the_archive_configuration_is_validated(tiny):
    (tiny / "archive.yaml").write_text("not_surname: [Kommune]\n", encoding="utf-8")
    e = only_error(check(tiny))
    assert (e.path, e.line, e.field) == ("content/archive.yaml", 1, "not_surname")
    assert e.message == "unknown field 'not_surname' — did you mean 'not_surnames'?"


# ------------------------------------------------------------------ any body

def test_case_numbers_follow_the_archives_schemes(tiny):
    edit(tiny, ITEM, "topics: [human-first]", "topics: [human-first]\ncase: EMN-2025-010561")
    assert check(tiny).errors == []  # a default scheme
    (tiny / "archive.yaml").write_text('case_numbers:\n  - pattern: "SAG-[0-9]{4}-[0-9]{5}"\n'
                                       '    example: SAG-2019-03640\n', encoding="utf-8")
    e = only_error(check(tiny))
    assert (e.field, e.line) == ("case", 6)
    assert e.message == ("'EMN-2025-010561' is not a case number of this archive's schemes (such as SAG-2019-03640): "
                         "add its scheme to case_numbers in archive.yaml")


def test_a_case_scheme_must_be_a_pattern_its_example_matches(tiny):
    (tiny / "archive.yaml").write_text('case_numbers:\n  - pattern: "EMN-[0-9]{4}"\n    example: EMN-2025-1\n',
                                       encoding="utf-8")
    e = only_error(check(tiny))
    assert e.path == "content/archive.yaml" and e.field == "case_numbers[0]"
    assert "the example 'EMN-2025-1' does not match the pattern" in e.message


def test_sections_are_the_archives_own(tiny):
    (tiny / "archive.yaml").write_text("sections:\n  - name: Beslutninger\n    role: decision\n", encoding="utf-8")
    errors = check(tiny).errors
    assert {e.message.split(" — ")[0].split(" (")[0] for e in errors} == {
        "unknown section '## Indstilling'", "unknown section '## Sagsfremstilling'"}


def test_two_people_of_the_same_name_are_a_warning(tiny):
    people = (tiny / "people.yaml").read_text(encoding="utf-8")
    (tiny / "people.yaml").write_text(people + "lasse-jakobsen-2:\n  name: Lasse Jakobsen\n", encoding="utf-8")
    d = check(tiny)
    assert d.errors == []
    [w] = d.warnings
    assert (w.path, w.field) == ("content/people.yaml", "lasse-jakobsen-2")
    assert w.message == ("'Lasse Jakobsen' is also the name of 'lasse-jakobsen': a mention of it is linked only "
                         "where a party letter tells them apart ('Lasse Jakobsen (A)')")


def test_a_withdrawal_names_a_page_and_a_reason(tiny):
    (tiny / "withdrawn.yaml").write_text("- url: kd-net/2021-04-09/5\n  reason: Fejl\n- url: /x/\n",
                                         encoding="utf-8")
    found = {(e.line, e.field, e.message.split(":")[0]) for e in check(tiny).errors}
    assert found == {(1, "[0].url", "'kd-net/2021-04-09/5' is not the address of a page"),
                     (3, "[1].reason", "required field is missing")}
