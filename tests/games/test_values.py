"""Exact coalition values: the fast path (memo, skipping, warm re-solves, chunks, workers)
equals brute force with a fresh LP per coalition; the same bytes for any workers and after a
resume; saving, loading and refusals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from corridor.errors import InputError
from corridor.execution import RunSettings
from corridor.games import CoalitionValues, coalition_values, least_core, nucleolus, shapley
from corridor.games.synthetic import transit_network
from corridor.games.values import settle
from corridor.market import MarketModel
from corridor.scenario.model import Scenario


def brute_force(scenario: Scenario, players: tuple[str, ...]) -> np.ndarray:
    """v(S) for every bitmask with a freshly built LP (new HiGHS instance) per coalition.

    Actors outside ``players`` are always present, as in the games package.
    """
    others = [a for a in scenario.actor_ids if a not in players]
    values = np.zeros(1 << len(players))
    for bits in range(1 << len(players)):
        members = [p for i, p in enumerate(players) if bits >> i & 1]
        values[bits] = MarketModel(scenario).welfare(members + others)
    return values


def welfare_by_linprog(scenario: Scenario, coalition: set[str]) -> float:
    """v(S) written out from the scenario alone and solved by scipy: an LP independent of
    corridor.market (one-commodity networks without losses or capex, as generated).

    Columns: one per supply block (cost = price), demand block (cost = -willingness to pay)
    and link (cost = unit cost); one balance row per node; a column is open when its owner
    or every controller is in the coalition (or it has none).
    """
    nodes = {node.id: i for i, node in enumerate(scenario.nodes)}
    cost, upper, entries = [], [], []

    def column(c: float, u: float, *ends: tuple[str, float]) -> None:
        for node, sign in ends:
            entries.append((nodes[node], len(cost), sign))
        cost.append(c)
        upper.append(u)

    for supply in scenario.supplies:
        open_ = supply.owner is None or supply.owner in coalition
        for block in supply.blocks:
            column(block.price, block.quantity if open_ else 0.0, (supply.node, 1.0))
    for demand in scenario.demands:
        open_ = demand.owner is None or demand.owner in coalition
        for block in demand.blocks:
            column(-block.price, block.quantity if open_ else 0.0, (demand.node, -1.0))
    for link in scenario.links:
        open_ = link.control <= coalition
        column(link.unit_cost, link.capacity if open_ else 0.0,
               (link.source, -1.0), (link.target, 1.0))  # fmt: skip
    matrix = np.zeros((len(nodes), len(cost)))
    for i, j, v in entries:
        matrix[i, j] = v
    result = linprog(cost, A_eq=matrix, b_eq=np.zeros(len(nodes)),
                     bounds=list(zip([0.0] * len(cost), upper, strict=True)))  # fmt: skip
    assert result.status == 0
    return -float(result.fun)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(3, 6), seed=st.integers(0, 10_000))
def test_exact_values_equal_an_independent_scipy_lp(n: int, seed: int) -> None:
    scenario = transit_network(n, seed=seed)
    values = coalition_values(scenario)
    for bits in range(len(values.values)):
        members = {p for i, p in enumerate(values.players) if bits >> i & 1}
        expected = welfare_by_linprog(scenario, members)
        assert values.v(bits) == pytest.approx(expected, abs=1e-6 * max(1.0, abs(expected)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(3, 7), seed=st.integers(0, 10_000), lng=st.booleans())
def test_fast_exact_values_equal_brute_force(n: int, seed: int, lng: bool) -> None:
    scenario = transit_network(n, seed=seed, world_lng=lng)
    values = coalition_values(scenario)
    expected = brute_force(scenario, values.players)
    scale = max(1.0, float(np.abs(expected).max()))
    np.testing.assert_allclose(values.values, expected, rtol=0, atol=1e-6 * scale)
    # the memo solved at most one LP per coalition, never more
    assert values.lp_solves <= len(values.values)


def test_subset_of_players_treats_the_others_as_present() -> None:
    scenario = transit_network(7, seed=3)
    players = scenario.controllers()[:4]
    values = coalition_values(scenario, players)
    np.testing.assert_allclose(values.values, brute_force(scenario, players), atol=1e-6)


def test_chunks_workers_and_direct_agree() -> None:
    scenario = transit_network(9, seed=5)
    model = MarketModel(scenario)
    base = coalition_values(model)
    small_chunks = coalition_values(model, chunk_size=7, run=RunSettings(workers=2))
    direct = coalition_values(model, method="direct")
    np.testing.assert_allclose(small_chunks.values, base.values, atol=1e-6)
    np.testing.assert_allclose(direct.values, base.values, atol=1e-6)
    # deduplication did work: fewer LPs than coalitions, and direct solved every one
    assert base.lp_solves < len(base.values) == direct.lp_solves


def test_checkpoints_only_when_there_is_something_to_resume(tmp_path: Path) -> None:
    model = MarketModel(transit_network(9, seed=5))
    base = coalition_values(model)
    # several chunks: each finished chunk is on disk, and a resumed run reads them back
    chunked = coalition_values(model, chunk_size=7, run=RunSettings(checkpoint=tmp_path / "many"))
    files = sorted((tmp_path / "many").rglob("chunk-*.npy"))
    assert len(files) > 1
    resumed = coalition_values(
        model, chunk_size=7, run=RunSettings(checkpoint=tmp_path / "many", resume=True)
    )
    np.testing.assert_allclose(chunked.values, base.values, atol=1e-6)
    np.testing.assert_allclose(resumed.values, base.values, atol=1e-6)
    # one chunk: finishing it finishes the run, so nothing is written
    coalition_values(model, chunk_size=10**6, run=RunSettings(checkpoint=tmp_path / "one"))
    assert not (tmp_path / "one").exists()


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    values = coalition_values(transit_network(5, seed=1))
    path = values.save(tmp_path / "v.npz")
    loaded = CoalitionValues.load(path)
    assert loaded.players == values.players
    assert loaded.scenario == values.scenario
    assert loaded.lp_solves == values.lp_solves
    np.testing.assert_array_equal(loaded.values, values.values)
    assert loaded.v(values.players) == values.grand


def test_a_damaged_or_foreign_values_file_is_one_input_error(tmp_path: Path) -> None:
    good = coalition_values(transit_network(5, seed=1)).save(tmp_path / "v.npz").read_bytes()
    other = tmp_path / "other.npz"
    np.savez(other, values=np.zeros(3))
    for name, data in (("empty", b""), ("cut", good[: len(good) // 2]), ("text", b"v = 1")):
        (tmp_path / name).write_bytes(data)
    for name in ("empty", "cut", "text", "other.npz", "missing"):
        with pytest.raises(InputError, match=f"{name}: not a corridor coalition-values file"):
            CoalitionValues.load(tmp_path / name)


def test_refusals_name_the_problem() -> None:
    scenario = transit_network(6, seed=2)
    with pytest.raises(InputError, match="use the sampled method"):
        coalition_values(scenario, max_players=5)
    with pytest.raises(InputError, match="unknown actor"):
        coalition_values(scenario, ["P0", "nobody"])
    with pytest.raises(InputError, match="named twice"):
        coalition_values(scenario, ["P0", "P0"])
    with pytest.raises(InputError, match="workers"):
        coalition_values(scenario, run=RunSettings(workers=0))


def test_settle_rounds_to_the_coarser_of_two_power_of_two_grids() -> None:
    # near zero the absolute grid 2^-20 USD m/yr rules: solver noise on an empty market
    # becomes 0, and 2^-20 itself is on the grid
    assert settle(np.array([3e-12, -3e-12, 2.0**-20, 0.6 * 2.0**-20])).tolist() == [
        0.0, 0.0, 2.0**-20, 2.0**-20,
    ]  # fmt: skip
    assert np.signbit(settle(np.array([-1e-13]))).tolist() == [False]
    # 5458.2 lies in [2^12, 2^13): frexp exponent 13, grid 2^(13 - 31) = 2^-18
    x = 5458.155275142055
    assert settle(x) == round(x * 2**18) / 2**18
    # a few units in the last place (the measured warm-start noise) land on one grid point
    noisy = x + np.arange(-8, 9) * np.spacing(x)
    assert np.unique(settle(noisy)).size == 1
    # settled numbers are fixed points
    assert settle(settle(noisy)).tobytes() == settle(noisy).tobytes()


def test_values_are_the_same_bytes_for_any_workers_and_after_a_resume(tmp_path: Path) -> None:
    model = MarketModel(transit_network(9, seed=5))
    one = coalition_values(model, chunk_size=7)
    two = coalition_values(model, chunk_size=7, run=RunSettings(workers=2))
    assert one.values.tobytes() == two.values.tobytes()
    # a resumed run: some chunks read back from disk, the others solved on this process's
    # warm LP of the game, last used on other chunks: still the same bytes
    folder = tmp_path / "ck"
    coalition_values(model, chunk_size=7, run=RunSettings(checkpoint=folder))
    chunks = sorted(folder.rglob("chunk-*.npy"))
    for path in chunks[::2]:
        path.unlink()
    coalition_values(model, chunk_size=5)
    resumed = coalition_values(model, chunk_size=7, run=RunSettings(checkpoint=folder, resume=True))
    assert resumed.values.tobytes() == one.values.tobytes()
    # and so is every concept computed from them
    for concept in (shapley, nucleolus, lambda v: least_core(v).allocation):
        assert concept(resumed).to_numpy().tobytes() == concept(two).to_numpy().tobytes()
