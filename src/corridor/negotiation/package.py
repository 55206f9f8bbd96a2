"""Package bargaining: zones of agreement, the asymmetric Nash package, the political premium.

A package fixes a level on every issue of a :class:`~corridor.scenario.package_model.Package`;
a party's *surplus* is its value of the package less its disagreement value (USD m/yr).

- A **zone of possible agreement** exists when some feasible agreement (a package that
  moves at least one issue off its no-deal level and meets every condition) leaves every
  party's surplus non-negative and at least one party's positive. It is tested for each
  issue alone (the others held at no deal) and for the whole package: issues that have no
  zone one by one may have one together (Sebenius 1983, "Negotiation arithmetic: adding and
  subtracting issues and parties", International Organization 37(2): 281–316).
- The **asymmetric Nash solution** maximises ``sum_i w_i log(surplus_i)`` over the
  agreements with every surplus positive (Kalai 1977; Roth 1979, ch. 1). The discrete levels
  are enumerated: a few levels per issue give at most :data:`MAX_PACKAGES` combinations,
  and on a discrete set the Nash product has no structure a solver could use, so exact
  enumeration is both the simplest and the exact method. Along the one continuous issue (a
  money transfer) each surplus is affine, so the log-Nash product is concave and scipy's
  bounded scalar minimiser (Brent) finds its maximum per combination.
- The **political premium** of a party at a stated outcome is the smallest non-market
  value it would need to hold for that outcome to clear: ``max(0, -surplus)``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from corridor.scenario.load_package import MAX_PACKAGES

if TYPE_CHECKING:
    import pandas as pd

    from corridor.scenario.package_model import Package, PackageIssue

__all__ = [
    "MAX_PACKAGES",
    "TOLERANCE_MUSD_PER_YR",
    "PackageResult",
    "Premium",
    "Search",
    "bargain",
    "premium_at",
    "search",
]

TOLERANCE_MUSD_PER_YR = 1e-9
"""Surpluses within this of zero count as zero (float noise of sums in USD m/yr)."""


@dataclass(frozen=True)
class Search:
    """The outcome of searching one set of free issues (the others held at no deal).

    ``zone``: a zone of possible agreement exists. ``nash``: the levels of the Nash
    package (None when no agreement leaves every surplus positive), ``surplus`` each
    party's surplus there (USD m/yr). ``least_premium``: the agreement needing the least
    total premium, and that total (None when no agreement is feasible).
    """

    zone: bool
    nash: dict[str, float] | None
    surplus: tuple[float, ...] | None
    least_premium: dict[str, float] | None
    least_premium_musd_per_yr: float | None
    premiums: tuple[float, ...] | None
    agreements: int


@dataclass(frozen=True)
class Premium:
    """The premium at one stated outcome.

    ``levels`` of every issue; ``feasible``: it meets every condition; ``table`` one row
    per party (``value_musd_per_yr``, ``surplus_musd_per_yr``, ``premium_musd_per_yr``).
    """

    name: str
    levels: dict[str, float]
    feasible: bool
    table: pd.DataFrame


@dataclass(frozen=True)
class PackageResult:
    """Zones alone and together, the Nash package and the premium at each stated outcome.

    ``alone``: one row per issue (``zone``, ``nash_level``, ``least_premium_level``,
    ``least_premium_musd_per_yr``, ``blockers``, ``note``). ``parties``: one row per party
    (``weight``, ``disagreement_musd_per_yr``, ``value_musd_per_yr`` and
    ``surplus_musd_per_yr`` at the Nash package).
    """

    alone: pd.DataFrame
    together: Search
    parties: pd.DataFrame
    premiums: tuple[Premium, ...] = ()


def _values(package: Package, levels: Mapping[str, float]) -> np.ndarray:
    """Each party's value of a full package, USD m/yr."""
    return np.array(
        [sum(i.value_at(a, levels[i.id]) for i in package.issues) for a in package.actors]
    )


def _feasible(package: Package, levels: Mapping[str, float]) -> bool:
    return all(
        c.admits(levels[c.requires])
        for c in package.conditions
        if levels[c.issue] != package.issue(c.issue).no_deal
    )


def _interval(
    package: Package, levels: Mapping[str, float], issue: PackageIssue, free: bool
) -> tuple[float, float] | None:
    """The range left to the continuous issue by the conditions (None: empty)."""
    if not free or issue.bounds is None:
        return (issue.no_deal, issue.no_deal)
    low, high = issue.bounds
    for c in package.conditions:
        if c.requires == issue.id and levels[c.issue] != package.issue(c.issue).no_deal:
            low = max(low, -math.inf if c.at_least is None else c.at_least)
            high = min(high, math.inf if c.at_most is None else c.at_most)
    return (low, high) if low <= high else None


def _nonnegative(a: np.ndarray, b: np.ndarray, low: float, high: float) -> tuple[float, float]:
    """The sub-range of [low, high] where every ``a + b t`` is non-negative (may be empty)."""
    tol = TOLERANCE_MUSD_PER_YR
    for ai, bi in zip(a, b, strict=True):
        if bi > 0:
            low = max(low, -ai / bi)
        elif bi < 0:
            high = min(high, -ai / bi)
        elif ai < -tol:
            return (1.0, 0.0)
    return (low, high)


def _best_transfer(
    a: np.ndarray, b: np.ndarray, w: np.ndarray, low: float, high: float
) -> float | None:
    """The ``t`` in [low, high] maximising ``sum w log(a + b t)`` (None: no positive t)."""
    from scipy.optimize import minimize_scalar

    tol = TOLERANCE_MUSD_PER_YR
    staked = w > 0
    lo, hi = _nonnegative(a[staked] - tol, b[staked], low, high)
    if lo > hi or np.any(a[~staked] < -tol):  # no stake: no b either, a constant surplus
        return None
    if not np.any(b[staked]) or hi - lo <= tol * max(1.0, abs(lo)):
        t = 0.5 * (lo + hi)
        return t if _positive(a + b * t, staked) else None

    def minus_log_nash(t: float) -> float:
        s = (a + b * t)[staked]
        return math.inf if np.any(s <= 0) else -float(np.dot(w[staked], np.log(s)))

    found = minimize_scalar(minus_log_nash, bounds=(lo, hi), method="bounded",
                            options={"xatol": 1e-10 * max(1.0, hi - lo)})  # fmt: skip
    t = float(found.x)
    return t if _positive(a + b * t, staked) else None


def _positive(s: np.ndarray, staked: np.ndarray) -> bool:
    """Every party with a stake gains; the others lose nothing."""
    tol = TOLERANCE_MUSD_PER_YR
    return bool(np.all(s[staked] > tol) and np.all(s[~staked] >= -tol))


def _has_stake(package: Package, actor: str) -> bool:
    return any(
        v.actor == actor and (v.per_level_musd_per_yr or v.fixed_musd_per_yr)
        for i in package.issues
        for v in i.values
    )


def _least_premium(a: np.ndarray, b: np.ndarray, low: float, high: float) -> tuple[float, float]:
    """``(t, total)``: the least ``sum max(0, -(a + b t))`` on [low, high] and where."""
    # Convex and piecewise linear in t: the minimum lies at an end or at a kink.
    kinks = [-ai / bi for ai, bi in zip(a, b, strict=True) if bi != 0 and low < -ai / bi < high]
    best = min((float(np.maximum(0.0, -(a + b * t)).sum()), t) for t in (low, high, *kinks))
    return best[1], best[0]


def search(package: Package, free: Iterable[str]) -> Search:
    """Zone, Nash package and least premium with only the ``free`` issues moving."""
    free_ids = set(free)
    # A party with no value on any issue has a constant surplus: no factor of the Nash
    # product (its zero would zero every package), but still bound by the zone test.
    w = np.array([p.weight if _has_stake(package, p.actor) else 0.0 for p in package.parties])
    d = np.array([p.disagreement_musd_per_yr for p in package.parties])
    continuous = next((i for i in package.issues if i.continuous), None)
    discrete = [i for i in package.issues if not i.continuous]
    choices = [i.levels if i.id in free_ids and i.levels else (i.no_deal,) for i in discrete]
    zone = False
    agreements = 0
    best: tuple[float, dict[str, float], np.ndarray] | None = None
    least: tuple[float, dict[str, float], np.ndarray] | None = None
    tol = TOLERANCE_MUSD_PER_YR
    for combo in itertools.product(*choices):
        levels = {i.id: float(x) for i, x in zip(discrete, combo, strict=True)}
        b = np.zeros(len(w))
        span: tuple[float, float] | None = (0.0, 0.0)
        if continuous is not None:
            levels[continuous.id] = continuous.no_deal
            span = _interval(package, levels, continuous, continuous.id in free_ids)
            b = np.array([continuous.value_of(x).per_level_musd_per_yr for x in package.actors])
        if span is None or not _feasible(package, {**levels, **_probe(continuous, span)}):
            continue
        if continuous is not None:
            span = (span[0] - continuous.no_deal, span[1] - continuous.no_deal)
        a = _values(package, levels) - d
        moves = any(levels[i.id] != i.no_deal for i in discrete)
        transfer_alone = continuous is not None and continuous.id in free_ids
        if not moves and (not transfer_alone or span[0] == span[1] == 0):
            continue
        agreements += 1
        lo, hi = _nonnegative(a + tol, b, *span)
        if lo <= hi and any(np.any(a + b * t > tol) for t in (lo, hi)):
            zone = True
        t_least, total = _least_premium(a, b, *span)
        if moves and (least is None or total < least[0] - tol):
            least = (total, _with_transfer(levels, continuous, t_least), a + b * t_least)
        t = _best_transfer(a, b, w, *span)
        if t is not None:
            s = a + b * t
            objective = float(np.dot(w[w > 0], np.log(s[w > 0])))
            if best is None or objective > best[0] + 1e-12:
                best = (objective, _with_transfer(levels, continuous, t), s)
    return Search(
        zone=zone,
        nash=None if best is None else best[1],
        surplus=None if best is None else tuple(float(x) for x in best[2]),
        least_premium=None if least is None else least[1],
        least_premium_musd_per_yr=None if least is None else least[0],
        premiums=None if least is None else tuple(float(max(0.0, -x)) for x in least[2]),
        agreements=agreements,
    )


def _probe(continuous: PackageIssue | None, span: tuple[float, float]) -> dict[str, float]:
    """A level of the continuous issue inside its span, for the discrete conditions."""
    return {} if continuous is None else {continuous.id: 0.5 * (span[0] + span[1])}


def _with_transfer(
    levels: dict[str, float], continuous: PackageIssue | None, t: float
) -> dict[str, float]:
    if continuous is None:
        return dict(levels)
    return {**levels, continuous.id: continuous.no_deal + t}


def bargain(package: Package) -> PackageResult:
    """Each issue alone, the whole package, and the premium at the stated outcome."""
    import pandas as pd

    rows = []
    for issue in package.issues:
        alone = search(package, [issue.id])
        blockers = [a for a, p in zip(package.actors, alone.premiums or (), strict=False) if p > 0]
        rows.append(
            {
                "issue": issue.id,
                "zone": alone.zone,
                "nash_level": None if alone.nash is None else alone.nash[issue.id],
                "least_premium_level": None
                if alone.least_premium is None
                else alone.least_premium[issue.id],
                "least_premium_musd_per_yr": alone.least_premium_musd_per_yr,
                "blockers": ", ".join(blockers),
                "note": _note(package, issue.id, alone),
            }
        )
    together = search(package, [i.id for i in package.issues])
    values = _values(package, together.nash) if together.nash else None
    parties = pd.DataFrame(
        {
            "actor": list(package.actors),
            "weight": [p.weight for p in package.parties],
            "disagreement_musd_per_yr": [p.disagreement_musd_per_yr for p in package.parties],
            "value_musd_per_yr": list(values) if values is not None else math.nan,
            "surplus_musd_per_yr": list(together.surplus) if together.surplus else math.nan,
        }
    )
    premiums = tuple(premium_at(package, o.name, o.levels) for o in package.stated)
    return PackageResult(pd.DataFrame(rows), together, parties, premiums)


def premium_at(package: Package, name: str, stated: Mapping[str, float]) -> Premium:
    """Each party's premium at an outcome (``stated`` levels, the other issues at no deal)."""
    import pandas as pd

    levels = {i.id: float(stated.get(i.id, i.no_deal)) for i in package.issues}
    v = _values(package, levels)
    s = v - np.array([p.disagreement_musd_per_yr for p in package.parties])
    table = pd.DataFrame(
        {
            "actor": list(package.actors),
            "value_musd_per_yr": v,
            "surplus_musd_per_yr": s,
            "premium_musd_per_yr": np.maximum(0.0, -s) + 0.0,  # no -0.0
        }
    )
    return Premium(name, levels, _feasible(package, levels), table)


def _note(package: Package, issue_id: str, alone: Search) -> str:
    if not alone.agreements:
        needed = [c.requires for c in package.conditions if c.issue == issue_id]
        return f"needs {', '.join(needed)}" if needed else "no feasible agreement"
    if alone.least_premium is None:
        return "a transfer alone: what one side gains the other loses"
    if not alone.zone and alone.least_premium_musd_per_yr == 0:
        return "no party gains"
    return ""
