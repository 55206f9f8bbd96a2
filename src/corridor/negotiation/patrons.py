"""Rival patrons bidding for a client's alignment: a second-score auction.

Two patrons (China and Russia for North Korea) each offer the client a bundle of items:
aid, crude, trade, a pipeline, a debt write-off. An item has a value to the client and a
cost to the patron (negative when the patron gains from giving it, as Russia from its own
pipeline), and may be given in part (aid and crude are amounts; a part of an item is a
fraction of its value and of its cost). Each patron holds a value of the client's alignment,
the most it would spend on it.

The model is the English (ascending) auction with complete information in which bids are
scored by their value to the client, the *second-score* auction of Che (1993, "Design
competition through multidimensional auctions", RAND Journal of Economics 24(4): 668–680):

1. each patron's best offer is the most value it can give the client at a cost within its
   value of the alignment (a linear programme: the fractional knapsack, solved by HiGHS);
2. the patron with the better best offer wins (a tie goes to the first listed);
3. it pays what the loser could have matched: it gives the client the loser's best offer,
   at least cost to itself (a second linear programme), as in Vickrey's second-price
   auction (Vickrey 1961, Journal of Finance 16(1): 8–37).

The client's threat point against the winner is the loser's best offer, so an item that
raises the loser's best offer (a Russian pipeline, which costs Russia nothing because it
pays for itself) raises what the winner must give, and lowers the winner's *leverage*:
its surplus, its value of the alignment less the cost of the winning offer.

An item may be conditioned on a package issue (China's aid on the North's return to the
talks): the auction is then run in each *state*, each combination of levels of the
conditioning issues, with a conditioned item offered only in the states where its
condition holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from corridor.errors import SolverError

if TYPE_CHECKING:
    import pandas as pd

    from corridor.scenario.package_model import Patron, Patrons

__all__ = [
    "Auction",
    "PatronsResult",
    "PatronsState",
    "auction",
    "best_offer",
    "cheapest_offer",
    "rival_patrons",
]

_EVERY: Mapping[str, float] = MappingProxyType({})
"""No conditioning issue: for a patrons table none of whose items is conditioned."""


@dataclass(frozen=True)
class Auction:
    """One auction: each patron's best offer, the winner and what it gives and keeps.

    ``offers``: one row per patron (``patron``, ``alignment_value_musd_per_yr``,
    ``best_offer_musd_per_yr``: the most value to the client within that, and
    ``best_offer_cost_musd_per_yr``). ``threat_point_musd_per_yr``: the loser's best offer,
    the client's threat point against the winner; ``client_value_musd_per_yr`` what the
    winner gives (at least the threat point); ``winner_cost_musd_per_yr`` its cost;
    ``winner_surplus_musd_per_yr`` its value of the alignment less that cost (its leverage).
    """

    offers: pd.DataFrame
    winner: str
    loser: str
    threat_point_musd_per_yr: float
    client_value_musd_per_yr: float
    winner_cost_musd_per_yr: float
    winner_surplus_musd_per_yr: float


@dataclass(frozen=True)
class PatronsState:
    """The auction in one state of the conditioning issues (``levels``: issue -> level).

    ``with_swing``: with every item offered in the state; ``without_swing``: without the
    swing item as well (None: none named).
    """

    levels: Mapping[str, float]
    with_swing: Auction
    without_swing: Auction | None

    @property
    def label(self) -> str:
        """``"preconditions = 0"``; ``"every state"`` when no item is conditioned."""
        return ", ".join(f"{k} = {v:g}" for k, v in self.levels.items()) or "every state"

    def runs(self, swing_item: str | None) -> list[tuple[str, Auction]]:
        """The cases the tables report: with every item, and without the swing item."""
        runs = [("with every item", self.with_swing)]
        if self.without_swing is not None:
            runs.append((f"without {swing_item}", self.without_swing))
        return runs


@dataclass(frozen=True)
class PatronsResult:
    """The auction in each state of the conditioning issues (one state if none)."""

    client: str
    swing_item: str | None
    states: tuple[PatronsState, ...]


def _lp(objective: np.ndarray, row: np.ndarray, bound: float) -> np.ndarray:
    """Minimise ``objective @ x`` s.t. ``row @ x <= bound``, ``0 <= x <= 1`` (HiGHS)."""
    from scipy.optimize import linprog

    if not len(objective):
        return np.zeros(0)
    found = linprog(objective, A_ub=row[None, :], b_ub=[bound], bounds=(0, 1), method="highs")
    if found.status != 0:
        raise SolverError(f"patron offer: linear programme failed ({found.message})")
    return np.asarray(found.x)


def _arrays(
    patron: Patron, excluded: frozenset[str], levels: Mapping[str, float]
) -> tuple[np.ndarray, np.ndarray]:
    items = [i for i in patron.items if i.id not in excluded and i.offered(levels)]
    return (
        np.array([i.value_musd_per_yr for i in items]),
        np.array([i.cost_musd_per_yr for i in items]),
    )


def best_offer(
    patron: Patron, excluded: frozenset[str] = frozenset(), levels: Mapping[str, float] = _EVERY
) -> tuple[float, float]:
    """``(value, cost)``: the most value to the client at a cost within the alignment value.

    Only the items offered at ``levels`` of the conditioning issues count.
    """
    value, cost = _arrays(patron, excluded, levels)
    x = _lp(-value, cost, patron.alignment_value_musd_per_yr)
    return float(value @ x), float(cost @ x)


def cheapest_offer(
    patron: Patron,
    at_least_musd_per_yr: float,
    excluded: frozenset[str] = frozenset(),
    levels: Mapping[str, float] = _EVERY,
) -> tuple[float, float]:
    """``(value, cost)``: the least-cost offer giving the client at least that value."""
    value, cost = _arrays(patron, excluded, levels)
    x = _lp(cost, -value, -at_least_musd_per_yr)
    return float(value @ x), float(cost @ x)


def auction(
    patrons: Patrons, excluded: frozenset[str] = frozenset(), levels: Mapping[str, float] = _EVERY
) -> Auction:
    """The second-score auction between the two patrons, without the ``excluded`` items.

    The conditioning issues stand at ``levels``.
    """
    import pandas as pd

    first, second = patrons.patrons
    offers = [best_offer(p, excluded, levels) for p in patrons.patrons]
    win, lose = (0, 1) if offers[0][0] >= offers[1][0] else (1, 0)
    winner = (first, second)[win]
    threat = offers[lose][0]
    # The loser's best offer is feasible for the winner's own budget (it scored at least as
    # much), so the cheapest match costs no more than the winner's value of the alignment.
    given, cost = cheapest_offer(winner, threat, excluded, levels)
    table = pd.DataFrame(
        {
            "patron": [p.actor for p in patrons.patrons],
            "alignment_value_musd_per_yr": [p.alignment_value_musd_per_yr for p in patrons.patrons],
            "best_offer_musd_per_yr": [o[0] for o in offers],
            "best_offer_cost_musd_per_yr": [o[1] for o in offers],
        }
    )
    return Auction(
        offers=table,
        winner=winner.actor,
        loser=(first, second)[lose].actor,
        threat_point_musd_per_yr=threat,
        client_value_musd_per_yr=given,
        winner_cost_musd_per_yr=cost,
        winner_surplus_musd_per_yr=winner.alignment_value_musd_per_yr - cost,
    )


def rival_patrons(patrons: Patrons) -> PatronsResult:
    """In each state: the auction with all items and, when a swing item is named, without it."""
    states = []
    for levels in patrons.states:
        without = None
        if patrons.swing_item is not None:
            without = auction(patrons, frozenset({patrons.swing_item}), levels)
        states.append(PatronsState(levels, auction(patrons, levels=levels), without))
    return PatronsResult(patrons.client, patrons.swing_item, tuple(states))
