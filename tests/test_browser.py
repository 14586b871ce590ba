"""What only a browser shows: the pages in Chromium, followed link by link."""
import pytest

pytestmark = pytest.mark.browser


def test_reader_opens_item_5_and_follows_the_presenter(served, page):
    page.goto(f"{served}/kd-net/2021-04-09/5/")
    assert page.locator("h1").inner_text() == "Beslutning om deltagelse i Human First"
    assert page.title().startswith("Punkt 5: Beslutning om deltagelse i Human First")
    page.get_by_role("link", name="Flemming Storgaard").first.click()
    page.wait_for_url("**/personer/flemming-storgaard/")
    assert page.locator("h1").inner_text() == "Flemming Storgaard"
    assert page.get_by_role("link", name="Beslutning om deltagelse i Human First").count() == 1


def test_meeting_table_of_contents_jumps_to_the_item(served, page):
    page.goto(f"{served}/kd-net/2021-04-09/")
    page.get_by_role("link", name="5. Beslutning om deltagelse i Human First").click()
    assert page.url.endswith("#punkt-5")
    assert page.locator("#punkt-5").is_visible()


def test_nothing_is_loaded_from_another_host(served, page):
    foreign = []
    page.on("request", lambda r: None if r.url.startswith(served) else foreign.append(r.url))
    for url in ("/", "/kd-net/", "/kd-net/2021-04-09/", "/kd-net/2021-04-09/5/"):
        page.goto(served + url)
        page.wait_for_load_state("networkidle")
    assert foreign == []


def test_from_the_august_govtech_item_one_click_reaches_the_may_discussion(served, page):
    page.goto(f"{served}/kd-net/2020-08-28/5/")
    history = page.locator("section.ma-history")
    history.get_by_role("link", name="Drøftelse af GovTech Midtjylland").click()
    page.wait_for_url("**/kd-net/2020-05-29/7/")
    assert page.locator("h1").inner_text() == "Drøftelse af GovTech Midtjylland"
