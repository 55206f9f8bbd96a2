"""Gas properties: compressibility correlations against each other and against GERG-2008."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.engineering.gas import (
    PIPELINE_GAS,
    compressibility,
    gas_from_composition,
    gas_from_gravity,
    gerg_available,
    isotherm,
    mass_flow_kg_per_s,
    z_dak,
    z_papay,
)


def test_papay_formula_by_hand():
    # Menon (2005) eq. 1.35 evaluated by hand at Pr = 2, Tr = 1.5:
    # 1 - 3.52*2/10**1.47195 + 0.274*4/10**1.22355 = 1 - 0.23751 + 0.06551 = 0.82800
    assert z_papay(2.0, 1.5) == pytest.approx(0.8280, abs=2e-4)


def test_ideal_gas_limit():
    assert z_papay(1e-6, 1.5) == pytest.approx(1.0, abs=1e-6)
    assert z_dak(1e-6, 1.5) == pytest.approx(1.0, abs=1e-5)


@given(p_pr=st.floats(0.2, 2.6), t_pr=st.floats(1.4, 1.8))
def test_papay_and_dak_agree_in_pipeline_range(p_pr, t_pr):
    # Both fit the Standing-Katz chart; for lean gas at 10-120 bar and 0-40 C they agree to
    # 3.5 % (worst near Pr = 2.6, Tr = 1.4).
    assert z_papay(p_pr, t_pr) == pytest.approx(z_dak(p_pr, t_pr), rel=0.035)


def test_sutton_pseudo_criticals():
    # Sutton (1985) at gravity 0.65: Tpc = 169.2 + 349.5*0.65 - 74*0.4225 = 365.1 R = 202.8 K,
    # Ppc = 756.8 - 131.07*0.65 - 3.6*0.4225 = 670.08 psia = 46.20 bar.
    gas = gas_from_gravity(0.65)
    assert gas.pseudo_critical_t_k == pytest.approx(365.11 / 1.8, rel=1e-4)
    assert gas.pseudo_critical_p_bar == pytest.approx(670.08 * 0.0689476, rel=1e-4)
    assert gas.specific_gravity == pytest.approx(0.65)


def test_composition_mixing_rule():
    gas = gas_from_composition({"methane": 1.0})
    assert gas.molar_mass == pytest.approx(16.043)
    assert gas.pseudo_critical_t_k == pytest.approx(190.56)
    with pytest.raises(ValueError, match="unknown gas components"):
        gas_from_composition({"unobtainium": 1.0})


@pytest.mark.skipif(not gerg_available(), reason="CoolProp (optional) not installed")
@pytest.mark.parametrize("p_bar", [40.0, 70.0, 100.0, 120.0])
def test_correlations_against_gerg2008(p_bar):
    # CoolProp's GERG-2008 mixture model is the reference; Papay stays within 1.5 %, DAK 2 %.
    ref = compressibility(PIPELINE_GAS, p_bar, 288.15, "gerg2008")
    assert compressibility(PIPELINE_GAS, p_bar, 288.15, "papay") == pytest.approx(ref, rel=0.015)
    assert compressibility(PIPELINE_GAS, p_bar, 288.15, "dak") == pytest.approx(ref, rel=0.02)


def test_mass_flow_of_one_bcm():
    # 1 bcm/yr of 0.6009-gravity gas: rho_std = 101325*17.40/(8314.46*288.15) = 0.7361 kg/m3;
    # 1e9 m3 * 0.7361 / (365*86400 s) = 23.34 kg/s.
    assert mass_flow_kg_per_s(PIPELINE_GAS, 1.0) == pytest.approx(23.34, rel=2e-3)


def test_unknown_method():
    with pytest.raises(ValueError, match="unknown compressibility method"):
        compressibility(PIPELINE_GAS, 50.0, 288.15, "virial")  # type: ignore[arg-type]


@given(
    p_bar=st.floats(1.0, 250.0),
    t_k=st.floats(250.0, 350.0),
    method=st.sampled_from(["papay", "dak"]),
)
def test_isotherm_is_compressibility_bit_for_bit(p_bar, t_k, method):
    # the march's shortcut must not move any derived design: equal, not approximately equal
    assert isotherm(PIPELINE_GAS, t_k, method)(p_bar) == compressibility(
        PIPELINE_GAS, p_bar, t_k, method
    )


def test_isotherm_unknown_method():
    with pytest.raises(ValueError, match="unknown compressibility method"):
        isotherm(PIPELINE_GAS, 288.15, "virial")  # type: ignore[arg-type]
