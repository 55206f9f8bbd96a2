"""The persistent cache of loaded scenarios: a hit is the cold load, any change misses."""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path

import pytest

from corridor import analyses
from corridor.errors import ScenarioError
from corridor.scenario import bundled_path, cache, load_scenario
from corridor.scenario.model import Scenario

from ..cli.inprocess import corridor_here


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache turned on (tests/conftest.py turns it off), in a temporary folder."""
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "corridor" / "scenarios"


@pytest.fixture
def cold_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the loader itself builds from (a hit does not call it)."""
    calls: list[str] = []
    loader = importlib.import_module("corridor.scenario.load")  # not the package's `load`
    build = loader.load_uncached

    def counted(path: str, *args: object, **kwargs: object) -> Scenario:
        calls.append(str(path))
        return build(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_uncached", counted)
    return calls


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


@pytest.mark.parametrize("name", ["korea-2011", "six-party-2011"])
def test_a_hit_is_the_scenario_a_cold_load_gives(
    name: str, cached: Path, cold_loads: list[str]
) -> None:
    first = load_scenario(name)
    assert len(entries(cached)) == 1
    hit = load_scenario(name)
    assert len(cold_loads) == 1  # the second load came from the cache
    assert hit is not first
    assert hit == first
    assert hit.source_sha256 == first.source_sha256
    assert hit.document == first.document


def test_a_hit_gives_the_power_results_of_a_cold_load(
    cached: Path, cold_loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_scenario("korea-2011")
    hit = load_scenario("korea-2011")
    assert len(cold_loads) == 1
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    cold = load_scenario("korea-2011")
    assert len(cold_loads) == 2
    as_json = [json.dumps(analyses.power(s).to_dict(), sort_keys=True) for s in (hit, cold)]
    assert as_json[0] == as_json[1]


def test_a_changed_file_misses(tmp_path: Path, cached: Path, cold_loads: list[str]) -> None:
    file = tmp_path / "korea.toml"
    shutil.copy(bundled_path("korea-2011"), file)
    before = load_scenario(file)
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace(f'title = "{before.title}"', 'title = "Changed"', 1), "utf-8")
    after = load_scenario(file)
    assert (after.title, len(cold_loads)) == ("Changed", 2)
    assert len(entries(cached)) == 2
    file.write_text(text, encoding="utf-8")  # the old bytes: the old entry again
    assert load_scenario(file) == before
    assert len(cold_loads) == 2


def test_overrides_are_part_of_the_key(cached: Path, cold_loads: list[str]) -> None:
    twice = {"links.subsea.pipeline.segments[1].cost_factor": 2}
    base = load_scenario("korea-2011")
    doubled = load_scenario("korea-2011", twice)
    assert doubled.link("subsea").capex_musd > base.link("subsea").capex_musd
    assert load_scenario("korea-2011", twice) == doubled
    assert load_scenario("korea-2011", ["links.subsea.pipeline.segments[1].cost_factor=2"])
    assert load_scenario("korea-2011", drop=["benchmarks[0]"]).benchmarks != base.benchmarks
    # base, the mapping, the same as a list (its own key: labels differ), the drop
    assert len(cold_loads) == 4


def test_a_change_of_the_code_misses(
    cached: Path, cold_loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_scenario("korea-2011")
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version of corridor")
    load_scenario("korea-2011")
    assert len(cold_loads) == 2


def test_the_code_fingerprint_follows_every_source_file(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    module = tmp_path / "pkg" / "design.py"
    module.write_text("FACTOR = 1\n")
    first = cache.tree_digest(tmp_path)
    (tmp_path / "pkg" / "__pycache__" / "design.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "pkg" / "notes.txt").write_text("not source")
    assert cache.tree_digest(tmp_path) == first  # byte-code and other files do not count
    module.write_text("FACTOR = 2\n")
    assert cache.tree_digest(tmp_path) != first
    module.write_text("FACTOR = 1\n")
    (tmp_path / "pkg" / "library.toml").write_text("x = 1\n")
    assert cache.tree_digest(tmp_path) != first
    assert cache.code_fingerprint() == cache.code_fingerprint()


def test_the_package_digest_is_kept_until_a_source_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    module = package / "design.py"
    module.write_text("FACTOR = 1\n")
    monkeypatch.setattr(cache, "_PACKAGE", package)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    first = cache._package_digest()
    assert first == cache.tree_digest(package)
    memo = tmp_path / "cache" / "corridor" / "package-digest.json"
    assert json.loads(memo.read_text())["digest"] == first
    hashed: list[Path] = []
    real_digest = cache.tree_digest

    def counted(folder: Path) -> str:
        hashed.append(folder)
        return real_digest(folder)

    monkeypatch.setattr(cache, "tree_digest", counted)
    assert cache._package_digest() == first
    assert hashed == []  # nothing changed: the memo, no reading
    module.write_text("FACTOR = 22\n")  # another size
    assert cache._package_digest() == cache.tree_digest(package) != first
    assert len(hashed) == 2
    replacement = package / "new.tmp"
    replacement.write_text("FACTOR = 33\n")  # the same size, saved by renaming
    replacement.replace(module)
    changed = cache._package_digest()
    assert len(hashed) == 3
    assert changed == real_digest(package)
    memo.write_text("not json")
    assert cache._package_digest() == changed  # a damaged memo: hashed again
    assert len(hashed) == 4


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"not a cache entry at all",  # foreign
        lambda data: data.replace(b"corridor scenario cache", b"another program's cache", 1),
        lambda data: data[:-40] + bytes(40),  # the pickle corrupted
    ],
    ids=["truncated", "foreign", "other-header", "corrupt"],
)
def test_a_damaged_entry_is_recomputed(damage: object, cached: Path, cold_loads: list[str]) -> None:
    first = load_scenario("six-party-2011")
    [entry] = entries(cached)
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert load_scenario("six-party-2011") == first
    assert len(cold_loads) == 2
    assert load_scenario("six-party-2011") == first  # rewritten whole: a hit again
    assert len(cold_loads) == 2


def test_an_entry_of_another_user_is_not_read(
    cached: Path, cold_loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_scenario("six-party-2011")
    if not hasattr(cache.os, "getuid"):
        pytest.skip("no file owners on this platform")
    owner = cache.os.getuid()
    monkeypatch.setattr(cache.os, "getuid", lambda: owner + 1)
    load_scenario("six-party-2011")
    assert len(cold_loads) == 2


def test_problems_are_reported_as_before_and_never_stored(
    cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = {"links.subsea.pipeline.segments[0].length": "0 km"}
    reported = []
    for _ in range(2):
        with pytest.raises(ScenarioError) as caught:
            load_scenario("korea-2011", bad)
        reported.append([str(p) for p in caught.value.problems])
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    with pytest.raises(ScenarioError) as cold:
        load_scenario("korea-2011", bad)
    assert reported[0] == reported[1] == [str(p) for p in cold.value.problems]
    assert any("segment length must be positive" in line for line in reported[0])
    assert entries(cached) == []


def test_a_named_file_that_changes_or_goes_misses(
    tmp_path: Path, cached: Path, cold_loads: list[str]
) -> None:
    talks = tmp_path / "talks.toml"
    shutil.copy(bundled_path("six-party-2011"), talks)
    companion = {"scenario.negotiation_from": str(talks)}
    first = load_scenario("korea-2011", companion)
    assert first.negotiation_from == str(talks.resolve())
    load_scenario("korea-2011", companion)
    assert len(cold_loads) == 1
    talks.write_text(talks.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    load_scenario("korea-2011", companion)
    assert len(cold_loads) == 2
    talks.unlink()
    with pytest.raises(ScenarioError, match="negotiation_from"):
        load_scenario("korea-2011", companion)


def test_the_cache_is_bounded(
    cached: Path, cold_loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    for k in (1, 2, 3):
        load_scenario("six-party-2011", {"scenario.title": f"title {k}"})
    assert len(entries(cached)) == 2
    load_scenario("six-party-2011", {"scenario.title": "title 3"})  # the newest: kept
    assert len(cold_loads) == 3
    load_scenario("six-party-2011", {"scenario.title": "title 1"})  # the oldest: gone
    assert len(cold_loads) == 4
    monkeypatch.setattr(cache, "MAX_ENTRIES", 64)
    monkeypatch.setattr(cache, "MAX_BYTES", 1)
    load_scenario("six-party-2011")
    assert entries(cached) == []  # above the byte bound even alone: nothing is kept


def test_no_cache_neither_reads_nor_writes(
    cached: Path, cold_loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_scenario("six-party-2011")
    assert cache.clear() == 1
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    load_scenario("six-party-2011")
    load_scenario("six-party-2011")
    assert entries(cached) == []
    assert len(cold_loads) == 3


def test_the_cli_flag_bypasses_the_cache(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, "0")  # on ("0"), and restored after the flag sets it
    code, out, _ = corridor_here("--no-cache", "validate", "six-party-2011")
    assert (code, out.startswith("six-party-2011: ok")) == (0, True)
    assert entries(cached) == []
    monkeypatch.setenv(cache.NO_CACHE_ENV, "0")
    assert corridor_here("validate", "six-party-2011")[0] == 0
    assert len(entries(cached)) == 1


def test_a_relative_cache_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "corridor" / "scenarios"
    monkeypatch.setattr(cache.os.path, "expanduser", lambda path: path)  # no home found
    monkeypatch.chdir(tmp_path)
    assert cache.scenario_key(str(bundled_path("six-party-2011")), None, (), "x") is None
    load_scenario("six-party-2011")
    assert list(tmp_path.iterdir()) == []  # nothing written into the working folder
