"""Reading and finding on every screen (issue 15): the search page on a
phone, a readable measure, decisions at a glance, links to a part of an
item, the phone header. Colours in both schemes are checked by axe
(test_quality); the scores by Lighthouse (test_lighthouse)."""
import re

import pytest
from test_quality import PAGE_KINDS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 800}
SITE_NAME, SHORT_NAME = "Mødearkiv for KD-Net og KKR Midtjylland", "KD-Net og KKR"


@pytest.fixture
def sized(browser):
    """A page of a given viewport and colour scheme: sized(width, height, scheme)."""
    contexts = []

    def make(width=1280, height=900, scheme="light", **options):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, **options)
        contexts.append(context)
        return context.new_page()
    yield make
    for context in contexts:
        context.close()


def wait_for_results(page):
    page.wait_for_function("document.querySelector('#ma-status').textContent.includes('resultat')")


# ------------------------------------------------------------------ search on a phone

def test_on_a_phone_the_first_result_is_in_the_first_screen(served, sized):
    page = sized(**PHONE)
    page.goto(f"{served}/soeg/?q=mode")
    wait_for_results(page)
    first = page.locator("#ma-results > li").first.bounding_box()
    assert first["y"] + first["height"] <= PHONE["height"], first  # the whole first result, title to excerpt
    # The filters are one closed disclosure above the results, not every group.
    assert not page.locator("#ma-refine").evaluate("d => d.open")
    assert not page.locator("fieldset[data-filter=udvalg]").is_visible()
    # The header's search box is not repeated on the search page.
    assert page.locator("header form[role=search]").count() == 0
    assert page.get_by_role("searchbox").count() == 1


def test_the_disclosure_says_how_many_filters_are_chosen(served, sized):
    page = sized(**PHONE)
    page.goto(f"{served}/soeg/?q=klima")
    wait_for_results(page)
    summary = page.locator("#ma-refine > summary")
    assert summary.inner_text().strip() == "Afgræns og sortér"
    summary.click()
    page.get_by_label(re.compile(r"^KD-Net \(\d+\)$")).check()
    page.wait_for_url(re.compile(r"udvalg=kd-net"))
    wait_for_results(page)
    assert summary.inner_text().strip() == "Afgræns og sortér (1 valgt)"
    # A pasted link with two filters says so before anything is opened.
    page.goto(f"{served}/soeg/?q=klima&udvalg=kd-net&type=referat")
    wait_for_results(page)
    assert summary.inner_text().strip() == "Afgræns og sortér (2 valgt)"


def test_on_a_wide_screen_the_filters_stand_beside_the_results(served, sized):
    page = sized(1280, 900)
    page.goto(f"{served}/soeg/?q=klima")
    wait_for_results(page)
    filters = page.locator("fieldset[data-filter=udvalg]")
    assert filters.is_visible()
    assert filters.bounding_box()["x"] + filters.bounding_box()["width"] <= page.locator("#ma-results").bounding_box()["x"]


# ------------------------------------------------------------------ measure and width

# Characters a full line of each paragraph, list item and description holds:
# its text's width on one line, against the width of its box.
CHARS_PER_LINE = """() => [...document.querySelectorAll('.md-content p, .md-content li, .md-content dd')]
  .filter(el => el.offsetParent && el.textContent.trim().length > 40 && !el.querySelector('p, li, ol, ul'))
  .map(el => {
    const probe = document.createElement('span');
    probe.style.cssText = 'white-space: nowrap; position: absolute; visibility: hidden';
    probe.textContent = el.textContent.trim();
    el.append(probe);
    const text = probe.getBoundingClientRect().width;
    probe.remove();
    const box = el.getBoundingClientRect().width;
    return [Math.round(probe.textContent.length * Math.min(1, box / text)), el.textContent.trim().slice(0, 40)];
  })"""


@pytest.mark.parametrize("width", [1280, 1920])
@pytest.mark.parametrize("kind", ["item", "item-minutes", "meeting-minutes", "committee", "person", "case"])
def test_running_text_is_at_most_80_characters_a_line(served, sized, kind, width):
    page = sized(width, 1000)
    page.goto(served + PAGE_KINDS[kind])
    lines = page.evaluate(CHARS_PER_LINE)
    assert lines, "no running text measured"
    widest = max(lines)
    assert widest[0] <= 80, widest


def test_a_wide_screen_puts_the_facts_and_the_history_beside_the_text(served, sized):
    page = sized(1280, 900)
    page.goto(f"{served}/kd-net/2020-08-28/5/")
    text = page.locator(".ma-item__text").bounding_box()
    for side in (".ma-item__facts", ".ma-history", ".ma-onpage"):
        box = page.locator(side).bounding_box()
        assert box["x"] >= text["x"] + text["width"], side
    # "On this page" lists the item's parts, and its links lead to them.
    onpage = page.locator(".ma-onpage")
    assert onpage.get_by_role("link").all_inner_texts()[-1] == "Sagsforløb"
    onpage.get_by_role("link", name="Sagsforløb").click()
    assert page.url.endswith("#ma-history-heading")


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_nothing_scrolls_sideways_at_320_pixels(served, sized, kind):
    page = sized(320, 640)
    page.goto(served + PAGE_KINDS[kind])
    if kind.startswith("search"):
        wait_for_results(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


# ------------------------------------------------------------------ decisions at a glance

def test_a_minutes_page_shows_each_decision_under_its_item(served, sized):
    page = sized(**PHONE)
    page.goto(f"{served}/kd-net/2021-08-20/")
    entry = page.locator(".ma-toc li").nth(1)
    assert entry.locator(".ma-glance").inner_text() == "Referat: Referatet blev godkendt. Hele punktet"
    long = page.locator(".ma-toc li").first.locator(".ma-glance").inner_text()
    assert long.startswith("Referat: Indledningsvist bød Jesper Kaas Schmidt velkommen")
    # First lines only: a long decision is cut at a word.
    glances = page.locator(".ma-glance").all_inner_texts()
    assert max(map(len, glances)) <= len("Referat: ") + 240 + len(" Hele punktet")
    assert any(g.endswith("… Hele punktet") for g in glances)
    # The rest is on the item's page, at its decision.
    entry.get_by_role("link", name="Hele punktet").click()
    page.wait_for_url("**/kd-net/2021-08-20/2/#beslutning")
    assert page.locator("#beslutning").inner_text() == "Referat"


def test_an_agenda_page_shows_each_recommendation_under_its_item(served, sized):
    page = sized(1280, 900)
    page.goto(f"{served}/kd-net/2021-04-09/")
    glance = page.locator(".ma-toc li").nth(4).locator(".ma-glance").inner_text()
    assert glance.startswith("Indstilling: Det indstilles, at KD-Net godkender: At kommunerne indtræder")
    assert glance.endswith("Hele punktet") and len(glance) < 300


# ------------------------------------------------------------------ a link to a part of an item

def test_each_section_has_a_stable_anchor_shown_on_hover_and_focus(served, sized):
    page = sized(1280, 900)
    page.goto(f"{served}/kd-net/2020-05-29/7/")
    ids = page.locator("section.ma-section > .ma-anchored").evaluate_all("hs => hs.map(h => h.id)")
    assert "beslutning" in ids and "indstilling" in ids, ids
    heading = page.locator("#beslutning")
    mark = "el => getComputedStyle(el, '::after').opacity"
    link = heading.get_by_role("link", name="Referat", exact=True)
    assert link.evaluate(mark) == "0"
    heading.hover()
    assert link.evaluate(mark) == "1"
    page.mouse.move(0, 0)
    page.keyboard.press("Tab")  # a keyboard user: focus is shown from here on
    link.focus()
    assert link.evaluate("el => el.matches(':focus-visible')")
    assert link.evaluate(mark) == "1"
    link.click()
    assert page.url.endswith("/kd-net/2020-05-29/7/#beslutning")


def test_the_copy_buttons_copy_the_link_to_the_decision(served, sized):
    page = sized(1280, 900, permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{served}/kd-net/2020-05-29/7/")
    page.get_by_role("button", name="Kopiér link til beslutningen").click()
    assert page.evaluate("navigator.clipboard.readText()") == "http://127.0.0.1:8000/kd-net/2020-05-29/7/#beslutning"
    assert page.locator(".ma-cite__status").first.inner_text() == "Link til beslutningen kopieret"
    # An agenda item without a decision has no such button.
    page.goto(f"{served}/kd-net/2021-04-09/5/")
    assert page.get_by_role("button", name="Kopiér link til beslutningen").count() == 0


# ------------------------------------------------------------------ colours and header

@pytest.mark.parametrize("scheme, dark", [("light", False), ("dark", True)])
def test_the_site_follows_the_readers_colour_scheme(served, sized, scheme, dark):
    page = sized(1280, 900, scheme=scheme)
    page.goto(f"{served}/kd-net/2021-04-09/5/")
    luminance = page.evaluate("""() => {
      const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; }""")
    assert (luminance < 0.2) if dark else (luminance > 0.9), luminance


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_colour_of_the_archive_has_a_value_in_both_schemes(served, sized, scheme):
    """A custom property that names itself or nothing is invalid, and what
    it colours falls back to the text's colour (the agenda badge did)."""
    page = sized(1280, 900, scheme=scheme)
    page.goto(f"{served}/kd-net/2021-04-09/")
    unset = page.evaluate("""() => {
      const names = new Set();
      for (const sheet of document.styleSheets) {
        if (!sheet.href || !sheet.href.endsWith('/archive.css')) continue;
        const rules = [...sheet.cssRules].flatMap(r => r.cssRules ? [...r.cssRules] : [r]);
        for (const rule of rules) for (const name of rule.style || []) if (name.startsWith('--ma-')) names.add(name);
      }
      const style = getComputedStyle(document.body);
      return [names.size, [...names].filter(name => !style.getPropertyValue(name).trim())];
    }""")
    assert unset[0] >= 15 and unset[1] == [], unset
    badge = page.locator(".ma-kind--agenda").first.evaluate("el => getComputedStyle(el).color")
    assert badge == ("rgb(138, 75, 0)" if scheme == "light" else "rgb(255, 183, 77)")


@pytest.mark.parametrize("width, name", [(320, SHORT_NAME), (390, SHORT_NAME), (1280, SITE_NAME)])
def test_the_header_shows_the_archives_name_never_a_cut_word(served, sized, width, name):
    page = sized(width, 800)
    page.goto(f"{served}/kd-net/2021-04-09/5/")
    shown = page.locator(".ma-header__name")
    assert shown.inner_text() == name
    assert shown.evaluate("el => el.scrollWidth <= el.clientWidth && getComputedStyle(el).textOverflow !== 'ellipsis'")
    header = page.locator("header.md-header").bounding_box()
    box = shown.bounding_box()
    assert box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
    # On a phone a link to the search page stands for the search box.
    search_link = page.locator("header").get_by_role("link", name="Søg", exact=True)
    assert search_link.is_visible() == (width < 720)
    assert page.locator("header form[role=search]").is_visible() == (width >= 720)
