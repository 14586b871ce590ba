"""Stage 5, index: how the searchable pages are cut into shards."""
from types import SimpleNamespace

from archive import index


def pages(counts: dict[int, int]):
    return [SimpleNamespace(url=f"{year}/{n}/", pagefind=True, year=year)
            for year, count in counts.items() for n in range(count)]


def test_shards_are_runs_of_years_within_the_budget_newest_first():
    shards = index.plan(pages({2019: 3, 2020: 4, 2021: 2, 2022: 9}), budget=7)
    assert [(s.key, s.years, len(s.urls)) for s in shards] == [
        ("2022", (2022,), 9),  # one year larger than the budget: a shard of its own
        ("2021", (2021,), 2), ("2019-2020", (2019, 2020), 7)]


def test_pages_search_leaves_out_are_in_no_shard():
    hidden = [SimpleNamespace(url="kd-net/", pagefind=False, year=0)]
    assert [s.urls for s in index.plan(pages({2021: 2}) + hidden)] == [("2021/0/", "2021/1/")]


def test_a_new_year_changes_the_newest_shard_only():
    before = index.plan(pages({2019: 3, 2020: 4, 2021: 2}), budget=7)
    after = index.plan(pages({2019: 3, 2020: 4, 2021: 2, 2022: 1}), budget=7)
    assert after[1:] == before[1:] and after[0].key == "2021-2022"
