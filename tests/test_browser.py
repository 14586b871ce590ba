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


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


CITATION = ("KD-Net, møde 9. april 2021, punkt 5: Beslutning om deltagelse i Human First – "
            "http://127.0.0.1:8000/kd-net/2021-04-09/5/")


def test_copy_link_and_citation_on_the_item_page(served, clipboard_page):
    page = clipboard_page
    page.goto(f"{served}/kd-net/2021-04-09/5/")
    page.get_by_role("button", name="Kopiér link").click()
    assert page.evaluate("navigator.clipboard.readText()") == "http://127.0.0.1:8000/kd-net/2021-04-09/5/"
    assert page.get_by_role("status").first.inner_text() == "Link kopieret"
    # By keyboard: focus the second button and press Enter.
    page.get_by_role("button", name="Kopiér henvisning").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("navigator.clipboard.readText()") == CITATION
    assert page.locator(".ma-cite__status").first.inner_text() == "Henvisning kopieret"


def test_copy_citation_of_one_item_on_the_meeting_page(served, clipboard_page):
    page = clipboard_page
    page.goto(f"{served}/kd-net/2021-04-09/")
    page.locator("#punkt-5").get_by_role("button", name="Kopiér henvisning").click()
    assert page.evaluate("navigator.clipboard.readText()") == CITATION


def test_without_javascript_the_link_is_text_and_no_dead_buttons(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}/kd-net/2021-04-09/5/")
    assert "http://127.0.0.1:8000/kd-net/2021-04-09/5/" in page.locator(".ma-cite__url").inner_text()
    assert page.get_by_role("button", name="Kopiér link").count() == 0  # hidden, so not in the a11y tree
    context.close()


def test_print_shows_the_document_and_its_address_not_the_chrome(served, page):
    page.goto(f"{served}/kd-net/2021-04-09/")
    page.emulate_media(media="print")
    assert not page.locator("header.md-header").is_visible()
    assert not page.locator(".ma-header-search").is_visible()
    assert not page.get_by_role("button", name="Kopiér link").first.is_visible()
    assert page.locator("#punkt-5-title").is_visible()
    url = page.locator(".ma-print-url")
    assert url.is_visible() and url.inner_text() == "http://127.0.0.1:8000/kd-net/2021-04-09/"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
