"""Cross-links in the built archive: the examples of the seeds."""
import re

from test_site import read

from archive.routes import url


def links(html: str) -> list[str]:
    """The site-relative targets of the links in ``html`` (relative ../ removed)."""
    return [re.sub(r"^(\.\./|\./)+", "", href) for href in re.findall(r'href="([^"#]+)', html)]


def section(html: str, heading: str) -> str:
    start = html.index(f">{heading}</h2>")
    ends = [e for e in (html.find("<h2", start), html.find("</section>", start), html.find("<footer", start)) if e > 0]
    return html[start:min(ends)]


def test_govtech_history_reaches_the_may_discussion(site):
    page = read(site, "kd-net/2020-08-28/5")
    history = section(page, "Sagsforløb")
    assert "kd-net/2020-05-29/7/" in links(history)
    assert 'aria-current="page"' in history and "(dette punkt)" in history
    may = section(read(site, "kd-net/2020-05-29/7"), "Sagsforløb")
    assert "kd-net/2020-08-28/5/" in links(may)


def test_climate_strategy_history_spans_2020_and_2021(site):
    history = section(read(site, "kd-net/2021-04-09/3"), "Sagsforløb")
    dates = re.findall(r"(\d{4})/", " ".join(links(history)))
    assert {"2020", "2021"} <= {d for d in re.findall(r"kd-net/(\d{4})-", " ".join(links(history)))}
    assert dates


def test_flemming_storgaard_page_lists_every_item_he_presented(site, archive):
    page = read(site, "personer/flemming-storgaard")
    presented = section(page, "Fremlagte punkter")
    expected = [url("item", committee=i.committee, date=i.date, number=i.number) for i in archive.items() if "flemming-storgaard" in i.presenters]
    assert len(expected) >= 3
    assert sorted(set(links(presented))) == sorted(expected)


def test_item_links_presenters_topics_committee_meeting_case(site):
    page = read(site, "kkr-midtjylland/2019-09-06/3.2")
    targets = links(page)
    for target in ("kkr-midtjylland/", "kkr-midtjylland/2019-09-06/", "emner/europaeisk-kulturregion/",
                   "sager/sag-2019-03640/", "kkr-midtjylland/2019-09-06/3.1/", "kkr-midtjylland/2019-09-06/3.3/"):
        assert target in targets, target
    case = read(site, "sager/sag-2019-03640")
    assert len(set(links(section(case, "Punkter")))) == 8


def test_mentioned_meeting_becomes_a_link_and_a_backlink(site):
    item = read(site, "kd-net/2020-08-28/2")  # "Referat af møde i KD-Net den 29. maj som …"
    assert re.search(r'<a class="ma-mention" href="\.\./\.\./\.\./kd-net/2020-05-29/">møde i KD-Net den 29\. maj</a>', item)
    meeting = read(site, "kd-net/2020-05-29")
    assert "kd-net/2020-08-28/2/" in links(section(meeting, "Henvisninger til mødet"))


def test_meeting_not_in_the_archive_is_not_linked(site):
    item = read(site, "kd-net/2021-04-09/2")  # refers to 22 January 2021, not in the archive
    assert "mødet den 22. januar 2021" in item
    assert "2021-01-22" not in item


def test_person_mentioned_in_text_is_linked(site):
    item = read(site, "kd-net/2021-04-09/5")
    assert re.search(r'class="ma-mention" href="[./]*personer/anette-oerbaek-andersen/">Anette Ørbæk Andersen</a>', item)
    person = read(site, "personer/anette-oerbaek-andersen")
    assert "kd-net/2021-04-09/5/" in links(section(person, "Nævnt i"))


def test_person_page_shows_appointments_and_apologies(site):
    page = read(site, "personer/lauge-clemmensen")
    assert "kd-net/2020-05-29/12/" in links(section(page, "Udpegninger"))
    lasse = read(site, "personer/lasse-jakobsen")
    assert "kd-net/2021-04-09/" in links(section(lasse, "Afbud"))


def test_committee_page_shows_planned_meetings_from_kommende_moeder(site):
    page = read(site, "kd-net")
    assert "torsdag den 23. oktober 2020" not in page  # 23 October 2020 was a Friday
    assert re.search(r"Planlagt møde</span> fredag den 23\. oktober 2020", page)
    assert re.search(r"Aflyst</span> fredag den 24\. september 2021 – aflyst", page)
    kkr = read(site, "kkr-midtjylland")
    assert "onsdag den 9. september 2020" in kkr
    assert "tirsdag den 8. september 2020" not in kkr  # moved to the 9th by the later calendar


def test_topic_and_organisation_pages_show_timelines_and_who(site):
    topic = read(site, "emner/govtech-midtjylland")
    items = links(section(topic, "Punkter"))
    assert items.index("kd-net/2020-05-29/7/") < items.index("kd-net/2020-08-28/5/")
    assert "personer/steinar-eggen-kristensen/" in links(topic) and "kd-net/" in links(topic)
    org = read(site, "organisationer/viborg-kommune")
    assert "personer/lasse-jakobsen/" in links(org)
