"""A build split over machines: `build.py shards` names the parts, `build
--shard KEY` builds one part in a folder of its own, `merge` assembles them
into the very site a one-machine build makes (Pagefind's unstable filter
order aside: test_reproducible)."""
import json

from conftest import SHARD_KEYS, SHARDED, run_cli
from test_reproducible import PAGEFIND_UNSTABLE, digests


def _ok(*args):
    result = run_cli(*args, env=SHARDED)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_parts_built_apart_and_merged_make_the_one_machine_site(tmp_path):
    keys = json.loads(_ok("shards"))
    assert keys == ["common", *SHARD_KEYS]  # the pages of no shard's years, then the search shards
    for key in keys:
        assert f"built part {key} of the site" in _ok("build", "--shard", key, "--site", str(tmp_path / key))
    assert not (tmp_path / "2021" / "personer").exists()  # a year's part holds its meetings only
    assert f"merged {len(keys)} parts" in _ok("merge", *(str(tmp_path / key) for key in keys), "--site", str(tmp_path / "site"))
    _ok("build", "--site", str(tmp_path / "one"))
    merged, one = ({name: digest for name, digest in digests(site).items() if not PAGEFIND_UNSTABLE.match(name)}
                   for site in (tmp_path / "site", tmp_path / "one"))
    assert merged.keys() == one.keys() and len(merged) > 600
    assert sorted(name for name in merged if merged[name] != one[name]) == []


def test_a_missing_part_or_an_unknown_key_is_refused(tmp_path):
    _ok("build", "--shard", "2019", "--site", str(tmp_path / "2019"))
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.html").write_text("the last good site")
    result = run_cli("merge", str(tmp_path / "2019"), "--site", str(tmp_path / "site"), env=SHARDED)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the parts lack" in result.stderr and "is a part missing?" in result.stderr
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["old.html"]
    result = run_cli("build", "--shard", "2018", "--site", str(tmp_path / "x"), env=SHARDED)
    assert result.returncode == 1 and "no part '2018'; the parts are common, 2021, 2020-08, 2020-05, 2019" in result.stderr
