"""URLs that never break: the registry of published URLs, declared moves and
their redirect pages."""
import re

import pytest
from conftest import MEETING, edit, run_cli
from conftest import serve_folder as serve

ITEM = f"{MEETING}/05-human-first.md"


def build(content, site):
    return run_cli("--content", str(content), "build", "--site", str(site), "--record")


@pytest.fixture
def published(tiny, tmp_path):
    """The tiny archive after a first build: its URLs are now published."""
    result = build(tiny, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    return tiny


def test_the_build_records_every_published_url(published):
    registry = (published / "published-urls.txt").read_text(encoding="utf-8")
    assert "/kd-net/2021-04-09/5/\tBeslutning om deltagelse i Human First\n" in registry
    assert "/personer/flemming-storgaard/\tFlemming Storgaard\n" in registry
    assert "/kalender/kd-net.ics\t" in registry


def test_dropping_a_published_url_fails_with_its_name(published, tmp_path):
    edit(published, ITEM, 'number: "5"', 'number: "6"')
    result = build(published, tmp_path / "site")
    assert result.returncode == 1
    assert "published URL /kd-net/2021-04-09/5/ ('Beslutning om deltagelse i Human First') would stop working" in result.stderr
    assert "is now at /kd-net/2021-04-09/6/: add `formerly:` to that record" in result.stderr
    assert "content/published-urls.txt:" in result.stderr  # file and line of the URL
    assert "Traceback" not in result.stderr


def test_declaring_the_move_writes_a_redirect(published, tmp_path):
    edit(published, ITEM, 'number: "5"', 'number: "6"\nformerly: ["5"]')
    site = tmp_path / "site"
    result = build(published, site)
    assert result.returncode == 0, result.stderr
    page = (site / "kd-net/2021-04-09/5/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="http://127.0.0.1:8000/kd-net/2021-04-09/6/">' in page
    assert re.search(r'<meta http-equiv="refresh" content="0; url=[./]*/kd-net/2021-04-09/6/">', page)
    assert '<html lang="da">' in page
    registry = (published / "published-urls.txt").read_text(encoding="utf-8")
    assert "/kd-net/2021-04-09/5/\t" in registry and "/kd-net/2021-04-09/6/\t" in registry


def test_moved_meeting_and_corrected_person_slug(published, tmp_path):
    old = published / MEETING
    new = old.with_name("2021-04-16")
    old.rename(new)
    edit(published, "meetings/kd-net/2021-04-16/meeting.md", "date: 2021-04-09", "date: 2021-04-16\nformerly: [2021-04-09]")
    edit(published, "meetings/kd-net/2021-04-16/meeting.md", "fredag den 9. april", "fredag den 16. april")
    edit(published, "people.yaml", "flemming-storgaard:\n", "flemming-storgaard-hansen:\n  formerly: [flemming-storgaard]\n")
    edit(published, "meetings/kd-net/2021-04-16/05-human-first.md", "[flemming-storgaard]", "[flemming-storgaard-hansen]")
    site = tmp_path / "site"
    result = build(published, site)
    assert result.returncode == 0, result.stderr
    for old_url, new_url in (("kd-net/2021-04-09/", "kd-net/2021-04-16/"),
                             ("kd-net/2021-04-09/5/", "kd-net/2021-04-16/5/"),
                             ("kd-net/2021-04-09/bilag/notat/", "kd-net/2021-04-16/bilag/notat/"),
                             ("personer/flemming-storgaard/", "personer/flemming-storgaard-hansen/")):
        page = (site / old_url / "index.html").read_text(encoding="utf-8")
        assert f'href="http://127.0.0.1:8000/{new_url}"' in page, old_url


def test_a_declared_move_cannot_shadow_a_page(published, tmp_path):
    edit(published, ITEM, 'number: "5"', 'number: "5"\nformerly: ["1"]')
    result = build(published, tmp_path / "site")
    assert result.returncode == 1
    assert "/kd-net/2021-04-09/1/ is declared as moved to /kd-net/2021-04-09/5/, but another page still has that address" in result.stderr


@pytest.mark.browser
def test_redirect_keeps_the_anchor_in_chromium(published, tmp_path, page):
    old = published / MEETING
    old.rename(old.with_name("2021-04-16"))
    edit(published, "meetings/kd-net/2021-04-16/meeting.md", "date: 2021-04-09", "date: 2021-04-16\nformerly: [2021-04-09]")
    edit(published, "meetings/kd-net/2021-04-16/meeting.md", "fredag den 9. april", "fredag den 16. april")
    site = tmp_path / "site"
    assert build(published, site).returncode == 0
    with serve(site) as base:
        page.goto(f"{base}/kd-net/2021-04-09/#punkt-5")
        page.wait_for_url("**/kd-net/2021-04-16/#punkt-5")
        assert page.locator("#punkt-5").is_visible()
        page.goto(f"{base}/kd-net/2021-04-09/5/")
        page.wait_for_url("**/kd-net/2021-04-16/5/")
        assert page.locator("h1").inner_text() == "Beslutning om deltagelse i Human First"


@pytest.mark.browser
def test_redirect_works_without_javascript(published, tmp_path, browser):
    edit(published, ITEM, 'number: "5"', 'number: "6"\nformerly: ["5"]')
    site = tmp_path / "site"
    assert build(published, site).returncode == 0
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    with serve(site) as base:
        page.goto(f"{base}/kd-net/2021-04-09/5/")
        page.wait_for_url("**/kd-net/2021-04-09/6/")
        assert page.locator("h1").inner_text() == "Beslutning om deltagelse i Human First"
    context.close()




def test_a_trial_build_into_another_folder_records_nothing(tiny, tmp_path):
    result = run_cli("--content", str(tiny), "build", "--site", str(tmp_path / "trial"))
    assert result.returncode == 0, result.stderr
    assert "(a trial: published-urls.txt left as it was; --record to record)" in result.stdout
    assert not (tiny / "published-urls.txt").exists()


def test_a_withdrawn_page_says_why_and_the_host_answers_410(published, tmp_path):
    (published / ITEM).unlink()
    result = build(published, tmp_path / "refused")
    assert result.returncode == 1 and "/kd-net/2021-04-09/5/" in result.stderr
    (published / "withdrawn.yaml").write_text(
        "- url: /kd-net/2021-04-09/5/\n  reason: Punktet blev offentliggjort ved en fejl.\n  date: 2021-04-12\n"
        "- url: /kd-net/2021-04-09/bilag/notat/\n  reason: Bilaget hørte til det tilbagetrukne punkt.\n",
        encoding="utf-8")
    site = tmp_path / "site"
    result = build(published, site)
    assert result.returncode == 0, result.stderr
    page = (site / "kd-net/2021-04-09/5/index.html").read_text(encoding="utf-8")
    assert "<h1>Siden er trukket tilbage</h1>" in page and "Punktet blev offentliggjort ved en fejl." in page
    assert "12. april 2021" in page and '<meta name="robots" content="noindex">' in page
    assert "Redirect gone /kd-net/2021-04-09/5/\n" in (site / ".htaccess").read_text(encoding="utf-8")
    assert "/kd-net/2021-04-09/5/ /kd-net/2021-04-09/5/index.html 410\n" in \
        (site / "_redirects").read_text(encoding="utf-8")
    assert "kd-net/2021-04-09/5/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    # Flemming Storgaard's only 2021 item is gone: his year page leads to his page, not nowhere.
    year = (site / "personer/flemming-storgaard/2021/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="http://127.0.0.1:8000/personer/flemming-storgaard/">' in year
