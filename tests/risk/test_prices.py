"""Price paths against the Ornstein–Uhlenbeck closed form; the buyer's basis risk by hand."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from corridor.errors import InputError, ScenarioError
from corridor.risk import simulate
from corridor.risk.prices import (
    deal_index_paths,
    log_moments,
    paths_from_normals,
    sample_paths,
    shock_factor,
)
from corridor.scenario import loads
from corridor.scenario.deal_model import PriceIndex, PriceModel
from corridor.scenario.provenance import UNSPECIFIED
from corridor.units import MMBTU_PER_1000M3
from tests.finance.cases import SMALL_DEAL


def index(name: str, start: float, level: float, kappa: float, sigma: float) -> PriceIndex:
    return PriceIndex(name, "gas_price", start, level, kappa, sigma, "USD/1000m3", UNSPECIFIED)


def model(*indices: PriceIndex, rho: float = 0.0) -> PriceModel:
    corr = np.eye(len(indices))
    corr[~np.eye(len(indices), dtype=bool)] = rho
    return PriceModel(2000, indices, tuple(tuple(r) for r in corr))


def test_log_price_mean_and_variance_match_the_closed_form() -> None:
    oil = index("oil", 100.0, 70.0, 0.3, 0.35)
    draws = 4000
    logs = np.log(sample_paths(model(oil), 12, draws, np.random.default_rng(3))[:, :, 0])
    mean, var = log_moments(oil, np.arange(12))
    # year 0 is the start value, then E ln P = mu + (x0 - mu) e^(-kt), Var = s^2 (1 - e^(-2kt)) / 2k
    assert mean[0] == pytest.approx(math.log(100.0)) and var[0] == 0.0
    assert var[1] == pytest.approx(0.35**2 * (1 - math.exp(-0.6)) / 0.6)
    assert np.allclose(logs[:, 0], math.log(100.0))
    for t in range(1, 12):
        se_mean = math.sqrt(var[t] / draws)
        se_var = var[t] * math.sqrt(2.0 / (draws - 1))  # the log price is normal
        assert abs(logs[:, t].mean() - mean[t]) < 4 * se_mean
        assert abs(logs[:, t].var(ddof=1) - var[t]) < 4 * se_var


def test_a_random_walk_without_reversion_has_variance_growing_with_time() -> None:
    walk = index("w", 10.0, 10.0, 0.0, 0.2)
    _, var = log_moments(walk, np.arange(5))
    np.testing.assert_allclose(var, 0.04 * np.arange(5))
    # one unit shock in year 1 stays in every later year: no reversion
    path = paths_from_normals(model(walk), np.array([[1.0], [0.0], [0.0], [0.0]]))[:, 0]
    np.testing.assert_allclose(path, [10.0] + [10.0 * math.exp(0.2)] * 4)


def test_correlation_is_recovered() -> None:
    # equal reversion speeds: the shocks' correlation is the input's exactly
    rho, draws = 0.6, 3000
    pair = model(index("a", 5.0, 5.0, 0.4, 0.3), index("b", 8.0, 8.0, 0.4, 0.5), rho=rho)
    logs = np.log(sample_paths(pair, 2, draws, np.random.default_rng(7))[:, 1, :])
    found = np.corrcoef(logs.T)[0, 1]
    assert abs(found - rho) < 4 * (1 - rho**2) / math.sqrt(draws)


def test_a_perfectly_correlated_pair_moves_together_and_a_non_psd_matrix_is_refused() -> None:
    twins = model(index("a", 5.0, 5.0, 0.4, 0.3), index("b", 5.0, 5.0, 0.4, 0.3), rho=1.0)
    paths = sample_paths(twins, 6, 20, np.random.default_rng(0))
    np.testing.assert_allclose(paths[..., 0], paths[..., 1])
    three = [index(n, 1.0, 1.0, 0.1, 0.2) for n in "abc"]
    bad = PriceModel(2000, tuple(three), ((1, 0.9, -0.9), (0.9, 1, 0.9), (-0.9, 0.9, 1)))
    with pytest.raises(InputError) as info:
        shock_factor(bad)
    assert info.value.parameter == "risk.prices.correlation"


# One operating year (2021) one year after the paths start (2020): ln S and ln H each take
# one normal step of sd 0.3 and 0.2 with correlation 0.5, no reversion, so the year's
# prices are lognormal with closed-form moments.
ONE_YEAR = (
    SMALL_DEAL.replace("start_year = { value = 2020 }", "start_year = { value = 2021 }")
    .replace('duration = "3 yr"', 'duration = "1 yr"')
    .replace('ramp_up = ["1 bcm/yr"]', "ramp_up = []")
    .replace('alternative_price = "150 USD/1000m3"', 'alternative_price = "@ALT@ USD/1000m3"')
    .replace('[deal.price]\nbase = "100 USD/1000m3"', "[deal.price]\n@PRICE@")
    + """
[deal.alternative]
kind = "hub_indexed"
index = "@ALT_INDEX@"
slope = "100 %"
reference = "@ALT@ USD/1000m3"

[risk]
assumption = "test"

[risk.prices]
first_year = { value = 2020 }
correlation = [[1.0, 0.5], [0.5, 1.0]]
"""
    + "".join(
        f'\n[[risk.prices.indices]]\nid = "{name}"\nstart = "{p} USD/1000m3"\n'
        f'level = "{p} USD/1000m3"\nreversion = "0 1/yr"\nvolatility = "{vol}"\n'
        for name, p, vol in (("spot", 150, "30 %"), ("hub", 120, "20 %"))
    )
)


def one_year(alt_index: str, contract_index: str, d: float = 10.0) -> str:
    reference = {"spot": 150.0, "hub": 120.0}
    price = (
        f'kind = "hub_indexed"\nindex = "{contract_index}"\nslope = "100 %"\n'
        f'constant = "{-d} USD/1000m3"\nreference = "{reference[contract_index]} USD/1000m3"'
    )
    text = ONE_YEAR.replace("@PRICE@", price).replace("@ALT_INDEX@", alt_index)
    return text.replace("@ALT@", str(reference[alt_index]))


def test_contract_at_the_alternative_less_d_leaves_the_buyer_no_price_risk() -> None:
    scenario = loads(one_year("spot", "spot"), file="basis.toml")
    run = simulate(scenario, 200, seed=1)
    buyer = run.draws["npv_B"].to_numpy()
    # B saves d = 10 USD/1000m3 on 2 bcm in 2021 (PV to 2018 at 10 %), less its aid of 5 in 2018-19
    expected = 2 * 10 / 1.1**3 - 5 - 5 / 1.1
    np.testing.assert_allclose(buyer, expected, rtol=1e-12)
    e = run.contract_exposure()
    assert e["contract_sd_musd"] > 50  # the index does move the gas bill
    assert e["margin_sd_musd"] == 0.0 and e["index_sd_musd"] == 0.0 and e["basis_sd_musd"] == 0.0
    assert e["npv_sd_musd"] == pytest.approx(0.0, abs=1e-9)
    assert run.to_dict()["contract"]["actor"] == "B"


def test_buyer_variance_is_the_basis_variance_by_hand() -> None:
    draws = 500
    run = simulate(loads(one_year("spot", "hub"), file="basis.toml"), draws, seed=2)
    # NPV_B = w (S - H + d) + const, w = 2 bcm / 1.1^3; S = 150 e^X, H = 120 e^Y with
    # X ~ N(0, 0.09), Y ~ N(0, 0.04), Cov(X, Y) = 0.5 x 0.3 x 0.2 = 0.03 (lognormal moments)
    w = 2 / 1.1**3
    var_s = 150**2 * math.exp(0.09) * (math.exp(0.09) - 1)
    var_h = 120**2 * math.exp(0.04) * (math.exp(0.04) - 1)
    cov = 150 * 120 * math.exp((0.09 + 0.04) / 2) * (math.exp(0.03) - 1)
    expected = w**2 * (var_s + var_h - 2 * cov)
    buyer = run.draws["npv_B"].to_numpy()
    centred = buyer - buyer.mean()
    se = math.sqrt((np.mean(centred**4) - np.var(centred) ** 2) / draws)
    assert abs(buyer.var() - expected) < 4 * se
    e = run.contract_exposure()
    # the margin is all the buyer's risk; part of it moves with the contract's hub index
    assert e["margin_sd_musd"] == pytest.approx(e["npv_sd_musd"], rel=1e-9)
    assert e["index_share"] + e["basis_share"] == pytest.approx(1.0)
    assert 0 < e["basis_share"] < 1


def test_paths_of_a_draw_do_not_depend_on_the_delay_or_on_other_draws() -> None:
    scenario = loads(one_year("spot", "hub"), file="basis.toml")
    deal, prices = scenario.deal, scenario.risk.prices  # type: ignore[union-attr]
    assert deal is not None and prices is not None
    on_time = deal_index_paths(deal, prices, 5, 3)
    late = deal_index_paths(deal, prices, 5, 3, delay_yr=2)
    again = deal_index_paths(deal, prices, 5, 3)
    assert on_time["hub"].shape == (1,) and late["hub"].shape == (1,)
    assert on_time["hub"][0] == again["hub"][0] != late["hub"][0]
    assert deal_index_paths(deal, prices, 5, 4)["hub"][0] != on_time["hub"][0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("correlation = [[1.0, 0.5], [0.5, 1.0]]", None),
        ("correlation = [[1.0, 0.5], [0.4, 1.0]]", "risk.prices.correlation: must be symmetric"),
        ("correlation = [[1.0, 1.5], [1.5, 1.0]]", "entries in [-1, 1]"),
        ("correlation = [[1.0, 0.5]]", "must be 2 x 2"),
        ('index = "spot"', None),
        ('index = "jkm"', "deal.alternative.index: unknown index 'jkm'"),
    ],
)
def test_price_tables_are_checked(change: str, message: str | None) -> None:
    text = one_year("spot", "hub")
    if change.startswith("correlation"):
        text = text.replace("correlation = [[1.0, 0.5], [0.5, 1.0]]", change)
    else:
        text = text.replace('index = "spot"', change)
    if message is None:
        assert loads(text, file="basis.toml").risk is not None
        return
    with pytest.raises(ScenarioError) as info:
        loads(text, file="basis.toml")
    assert message in str(info.value)


def test_a_non_psd_correlation_is_refused_when_loading() -> None:
    text = one_year("spot", "hub").replace(
        "correlation = [[1.0, 0.5], [0.5, 1.0]]",
        "correlation = [[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]]",
    ) + '\n[[risk.prices.indices]]\nid = "oil"\nstart = "100 USD/bbl"\nlevel = "90 USD/bbl"\n' \
        'reversion = "0.3 1/yr"\nvolatility = "30 %"\n'  # fmt: skip
    with pytest.raises(ScenarioError, match=re.escape("correlation: must be positive semi-def")):
        loads(text, file="basis.toml")


def test_an_oil_index_cannot_drive_a_hub_formula_and_mmbtu_constants_convert() -> None:
    text = one_year("spot", "hub").replace('"120 USD/1000m3"\nlevel = "120 USD/1000m3"',
                                           '"100 USD/bbl"\nlevel = "100 USD/bbl"')  # fmt: skip
    with pytest.raises(ScenarioError, match="hub_indexed price needs an index of USD/1000m3"):
        loads(text, file="basis.toml")
    mmbtu = 'constant = "-1 USD/MMBtu"'
    text = one_year("spot", "hub").replace('constant = "-10.0 USD/1000m3"', mmbtu)
    deal = loads(text, file="basis.toml").deal
    assert deal is not None and deal.price.constant == pytest.approx(-MMBTU_PER_1000M3)
