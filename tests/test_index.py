"""Stage 5, index: how the searchable pages are cut into shards."""
from types import SimpleNamespace

from archive import index, routes


def pages(counts: dict[int, int], month: int = 1):
    return [SimpleNamespace(url=f"{year}/{n}/", pagefind=True, year=year, month=month)
            for year, count in counts.items() for n in range(count)]


def monthly(year: int, counts: dict[int, int]):
    return [SimpleNamespace(url=f"{year}-{month:02}/{n}/", pagefind=True, year=year, month=month)
            for month, count in counts.items() for n in range(count)]


def test_shards_are_runs_of_years_within_the_budget_newest_first():
    shards = index.plan(pages({2019: 3, 2020: 4, 2021: 2, 2022: 9}), budget=7)
    assert [(s.key, s.years, len(s.urls)) for s in shards] == [
        ("2022", (2022,), 9),  # one year (of one month) larger than the budget: a shard of its own
        ("2021", (2021,), 2), ("2019-2020", (2019, 2020), 7)]


def test_pages_search_leaves_out_are_in_no_shard():
    hidden = [SimpleNamespace(url="kd-net/", pagefind=False, year=0, month=0)]
    assert [s.urls for s in index.plan(pages({2021: 2}) + hidden)] == [("2021/0/", "2021/1/")]


def test_a_new_year_changes_the_newest_shard_only():
    before = index.plan(pages({2019: 3, 2020: 4, 2021: 2}), budget=7)
    after = index.plan(pages({2019: 3, 2020: 4, 2021: 2, 2022: 1}), budget=7)
    assert after[1:] == before[1:] and after[0].key == "2021-2022"


def test_a_year_larger_than_the_budget_is_cut_into_runs_of_months():
    shards = index.plan(pages({2019: 3}) + monthly(2020, {2: 3, 5: 3, 9: 2, 11: 4}) + pages({2021: 2, 2022: 2}),
                        budget=6)
    assert [(s.key, s.years, s.months, s.periods, len(s.urls)) for s in shards] == [
        ("2021-2022", (2021, 2022), (), ("2021", "2022"), 4),
        ("2020-09", (2020,), (9, 11), ("2020-09", "2020-11"), 6),
        ("2020-02", (2020,), (2, 5), ("2020-02", "2020-05"), 6),
        ("2019", (2019,), (), ("2019",), 3)]  # not joined with 2021 across the cut year
    part_of = index.part_finder(shards)
    assert [part_of(SimpleNamespace(year=y, month=m)) for y, m in ((2020, 11), (2020, 5), (2022, 3), (2018, 1))] == \
        ["2020-09", "2020-02", "2021-2022", index.COMMON]


def test_a_new_meeting_in_a_cut_year_changes_its_newest_shard_only():
    before = index.plan(monthly(2020, {2: 3, 5: 3, 9: 2}), budget=6)
    after = index.plan(monthly(2020, {2: 3, 5: 3, 9: 2, 11: 1}), budget=6)
    assert after[1:] == before[1:] and after[0].key == before[0].key == "2020-09"
    glob = routes.search_glob(after[0].periods)  # what its Pagefind run reads
    assert "/2020-09-*/" in glob and "/2020-11-*/" in glob and "2020-05" not in glob and "/2020-*" not in glob
