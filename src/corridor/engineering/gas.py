"""Natural gas properties: pseudo-critical constants, compressibility factor Z, densities.

Units: pressure in bar (absolute), temperature in K, molar mass in kg/kmol (= g/mol),
viscosity in Pa s, densities in kg/m3. Standard volumes (the bcm of the rest of corridor)
are at the ISO standard reference conditions 15 °C and 1.01325 bar (ISO 13443).

Three compressibility methods:

- ``"papay"``: Papay (1968) explicit correlation in pseudo-reduced pressure and temperature,
  as given in Menon, *Gas Pipeline Hydraulics* (2005), eq. 1.35.
- ``"dak"``: Dranchuk & Abou-Kassem (1975) 11-constant fit of the Standing–Katz chart
  (J. Can. Petrol. Technol. 14(3)), solved for the reduced density by Newton's method.
- ``"gerg2008"``: CoolProp's Helmholtz-energy mixture model, which uses the GERG-2008
  reducing and departure functions (Kunz & Wagner 2012) with each component's reference
  equation of state; needs a composition and the optional ``CoolProp`` package.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, Literal

from corridor.units import DAYS_PER_YEAR

R_J_PER_KMOL_K: Final = 8314.462618
"""Universal gas constant, J/(kmol K)."""
M_AIR: Final = 28.9625
"""Molar mass of dry air, kg/kmol (the reference of gas specific gravity)."""
T_STANDARD_K: Final = 288.15
"""ISO 13443 standard temperature, 15 °C."""
P_STANDARD_BAR: Final = 1.01325
"""ISO 13443 standard pressure."""
G_M_PER_S2: Final = 9.80665

ZMethod = Literal["papay", "dak", "gerg2008"]
Z_METHODS: Final[tuple[str, ...]] = ("papay", "dak", "gerg2008")

# component: (molar mass kg/kmol, critical temperature K, critical pressure bar, CoolProp name)
# Critical constants from the NIST Chemistry WebBook (as tabulated in GPSA Engineering Data
# Book, 13th ed., section 23).
COMPONENTS: Final[dict[str, tuple[float, float, float, str]]] = {
    "methane": (16.043, 190.56, 45.99, "Methane"),
    "ethane": (30.069, 305.32, 48.72, "Ethane"),
    "propane": (44.096, 369.83, 42.48, "Propane"),
    "n-butane": (58.122, 425.12, 37.96, "n-Butane"),
    "isobutane": (58.122, 407.81, 36.29, "IsoButane"),
    "nitrogen": (28.013, 126.19, 33.96, "Nitrogen"),
    "carbon-dioxide": (44.010, 304.13, 73.77, "CarbonDioxide"),
}


@dataclass(frozen=True, slots=True)
class Gas:
    """A natural gas as the hydraulics needs it.

    ``molar_mass`` in kg/kmol, ``pseudo_critical_t_k`` in K, ``pseudo_critical_p_bar`` in
    bar, ``viscosity_pa_s`` in Pa s (taken constant along a line), ``heat_capacity_ratio``
    cp/cv (for compressor power), ``composition`` mole fractions by component name (needed
    only for ``"gerg2008"``).
    """

    name: str
    molar_mass: float
    pseudo_critical_t_k: float
    pseudo_critical_p_bar: float
    viscosity_pa_s: float = 1.1e-5
    heat_capacity_ratio: float = 1.30
    composition: tuple[tuple[str, float], ...] = field(default=())

    @property
    def specific_gravity(self) -> float:
        """Gas gravity relative to air (molar-mass ratio), dimensionless."""
        return self.molar_mass / M_AIR

    @property
    def standard_density_kg_per_m3(self) -> float:
        """Density at 15 °C and 1.01325 bar, kg/m3 (ideal gas; Z at standard is ~0.998)."""
        return P_STANDARD_BAR * 1e5 * self.molar_mass / (R_J_PER_KMOL_K * T_STANDARD_K)

    def reduced(self, p_bar: float, t_k: float) -> tuple[float, float]:
        """Pseudo-reduced pressure and temperature (Kay's rule constants)."""
        return p_bar / self.pseudo_critical_p_bar, t_k / self.pseudo_critical_t_k


def gas_from_gravity(specific_gravity: float, name: str = "gas", **kwargs: float) -> Gas:
    """A gas defined by its gravity (air = 1), pseudo-critical constants by Sutton (1985).

    Sutton's correlation (SPE 14265) as quoted by Kareem et al. (2016), J. Petrol. Explor.
    Prod. Technol.: Tpc = 169.2 + 349.5 γ − 74.0 γ² (°R), Ppc = 756.8 − 131.07 γ − 3.6 γ²
    (psia).
    """
    if not 0.55 <= specific_gravity <= 1.5:
        raise ValueError(f"specific gravity {specific_gravity} outside 0.55–1.5")
    g = specific_gravity
    tpc_k = (169.2 + 349.5 * g - 74.0 * g * g) / 1.8
    ppc_bar = (756.8 - 131.07 * g - 3.6 * g * g) * 0.0689476
    return Gas(name, g * M_AIR, tpc_k, ppc_bar, **kwargs)  # type: ignore[arg-type]  # kwargs are the optional float fields


def gas_from_composition(
    composition: Mapping[str, float], name: str = "gas", **kwargs: float
) -> Gas:
    """A gas from mole fractions by component name (see ``COMPONENTS``); Kay's mixing rule.

    Fractions are normalised to sum to one; unknown components raise ``ValueError``.
    """
    unknown = sorted(set(composition) - set(COMPONENTS))
    if unknown:
        raise ValueError(f"unknown gas components {unknown}; known: {sorted(COMPONENTS)}")
    total = sum(composition.values())
    if total <= 0 or any(x < 0 for x in composition.values()):
        raise ValueError("mole fractions must be non-negative and not all zero")
    fractions = tuple((c, x / total) for c, x in composition.items() if x > 0)
    molar_mass = sum(x * COMPONENTS[c][0] for c, x in fractions)
    tpc = sum(x * COMPONENTS[c][1] for c, x in fractions)
    ppc = sum(x * COMPONENTS[c][2] for c, x in fractions)
    return Gas(name, molar_mass, tpc, ppc, composition=fractions, **kwargs)


PIPELINE_GAS: Final = gas_from_composition(
    {
        "methane": 0.92,
        "ethane": 0.04,
        "propane": 0.01,
        "nitrogen": 0.02,
        "carbon-dioxide": 0.01,
    },
    name="lean pipeline gas",
)
"""A lean transmission-quality gas (gravity ~0.61); an assumption standing in for
Russian export gas, whose exact composition varies by field."""


def z_papay(p_pr: float, t_pr: float) -> float:
    """Papay (1968) compressibility: Z = 1 − 3.52 Pr / 10^(0.9813 Tr) + 0.274 Pr² / 10^(0.8157 Tr).

    As in Menon (2005), eq. 1.35. Valid roughly for 1.2 < Tr < 3, Pr < 8.
    """
    return _papay_isotherm(t_pr, 1.0)(p_pr)


def _papay_isotherm(t_pr: float, p_pc_bar: float) -> Callable[[float], float]:
    # the two powers of Tr depend on temperature only: a march at one temperature pays
    # for them once instead of at every Z (p / 1.0 is p exactly, so z_papay is unchanged)
    cold, warm = 10 ** (0.9813 * t_pr), 10 ** (0.8157 * t_pr)

    def z(p_bar: float) -> float:
        p_pr = p_bar / p_pc_bar
        return 1.0 - 3.52 * p_pr / cold + 0.274 * p_pr**2 / warm

    return z


_DAK = (
    0.3265,
    -1.0700,
    -0.5339,
    0.01569,
    -0.05165,
    0.5475,
    -0.7361,
    0.1844,
    0.1056,
    0.6134,
    0.7210,
)


def z_dak(p_pr: float, t_pr: float) -> float:
    """Dranchuk & Abou-Kassem (1975) compressibility, Newton's method on reduced density.

    Reproduces the Standing–Katz chart to about 0.5 % for 1.0 < Tr < 3, 0.2 < Pr < 30.
    """
    a = _DAK
    t = t_pr
    c1 = a[0] + a[1] / t + a[2] / t**3 + a[3] / t**4 + a[4] / t**5
    c2 = a[5] + a[6] / t + a[7] / t**2
    c3 = a[8] * (a[6] / t + a[7] / t**2)

    def residual(rho: float) -> tuple[float, float]:
        e = math.exp(-a[10] * rho**2)
        c4 = a[9] * (1 + a[10] * rho**2) * rho**2 / t**3 * e
        z = 1 + c1 * rho + c2 * rho**2 - c3 * rho**5 + c4
        f = z - 0.27 * p_pr / (rho * t)
        dc4 = (
            a[9]
            / t**3
            * e
            * (2 * rho + 4 * a[10] * rho**3 - 2 * a[10] * rho**3 * (1 + a[10] * rho**2))
        )
        df = c1 + 2 * c2 * rho - 5 * c3 * rho**4 + dc4 + 0.27 * p_pr / (rho**2 * t)
        return f, df

    rho = 0.27 * p_pr / t  # ideal-gas start (Z = 1)
    for _ in range(50):
        f, df = residual(rho)
        step = f / df
        rho = max(rho - step, 1e-9)
        if abs(step) < 1e-12:
            break
    return 0.27 * p_pr / (rho * t)


@lru_cache(maxsize=16)
def _coolprop_state(composition: tuple[tuple[str, float], ...]) -> object:
    from CoolProp import CoolProp as CP

    names = "&".join(COMPONENTS[c][3] for c, _ in composition)
    state = CP.AbstractState("HEOS", names)
    state.set_mole_fractions([x for _, x in composition])
    return state


def gerg_available() -> bool:
    """True when CoolProp (the GERG-2008 mixture model) can be imported."""
    try:
        import CoolProp  # noqa: F401 - only probing that the optional package imports
    except ImportError:
        return False
    return True


def z_gerg2008(gas: Gas, p_bar: float, t_k: float) -> float:
    """Z from CoolProp's multi-fluid mixture model with GERG-2008 mixing parameters."""
    if not gas.composition:
        raise ValueError(f"{gas.name}: the gerg2008 method needs a composition")
    if not gerg_available():
        raise ValueError("the gerg2008 method needs the optional CoolProp package")
    from CoolProp import CoolProp as CP

    state = _coolprop_state(gas.composition)
    state.update(CP.PT_INPUTS, p_bar * 1e5, t_k)  # type: ignore[attr-defined]  # CoolProp has no stubs
    return float(state.compressibility_factor())  # type: ignore[attr-defined]  # CoolProp has no stubs


def compressibility(gas: Gas, p_bar: float, t_k: float, method: ZMethod = "papay") -> float:
    """Compressibility factor Z of ``gas`` at ``p_bar`` (absolute) and ``t_k``."""
    if method == "gerg2008":
        return z_gerg2008(gas, p_bar, t_k)
    p_pr, t_pr = gas.reduced(p_bar, t_k)
    if method == "papay":
        return z_papay(p_pr, t_pr)
    if method == "dak":
        return z_dak(p_pr, t_pr)
    raise ValueError(f"unknown compressibility method {method!r}; choose from {Z_METHODS}")


def isotherm(gas: Gas, t_k: float, method: ZMethod = "papay") -> Callable[[float], float]:
    """Z of ``gas`` as a function of pressure (bar absolute) at the fixed temperature ``t_k``.

    Equal to :func:`compressibility` at every pressure, bit for bit; cheaper when called
    many times at one temperature (a pipeline march).
    """
    if method == "papay":
        return _papay_isotherm(t_k / gas.pseudo_critical_t_k, gas.pseudo_critical_p_bar)
    if method not in Z_METHODS:
        raise ValueError(f"unknown compressibility method {method!r}; choose from {Z_METHODS}")
    return lambda p_bar: compressibility(gas, p_bar, t_k, method)


def density_kg_per_m3(gas: Gas, p_bar: float, t_k: float, method: ZMethod = "papay") -> float:
    """Real-gas density ρ = p M / (Z R T), kg/m3."""
    z = compressibility(gas, p_bar, t_k, method)
    return p_bar * 1e5 * gas.molar_mass / (z * R_J_PER_KMOL_K * t_k)


def mass_flow_kg_per_s(gas: Gas, throughput_bcm_per_yr: float) -> float:
    """Mass flow of a throughput in bcm/yr (standard m3), kg/s, at a steady rate."""
    return throughput_bcm_per_yr * 1e9 * gas.standard_density_kg_per_m3 / (DAYS_PER_YEAR * 86400.0)


__all__ = [
    "COMPONENTS",
    "G_M_PER_S2",
    "M_AIR",
    "PIPELINE_GAS",
    "P_STANDARD_BAR",
    "R_J_PER_KMOL_K",
    "T_STANDARD_K",
    "Z_METHODS",
    "Gas",
    "ZMethod",
    "compressibility",
    "density_kg_per_m3",
    "gas_from_composition",
    "gas_from_gravity",
    "gerg_available",
    "isotherm",
    "mass_flow_kg_per_s",
    "z_dak",
    "z_gerg2008",
    "z_papay",
]
