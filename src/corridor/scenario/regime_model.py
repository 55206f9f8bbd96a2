"""Regimes: dated periods that each change what the scenario's world allows.

A regime (``[[regimes]]`` in a scenario file, loaded by
:mod:`corridor.scenario.load_regimes`) holds from its ``start`` to the next regime's
start (or its own ``end``) and changes the scenario as written in three ways:

- ``set`` / ``drop``: overrides in the syntax of ``--set`` / ``--drop``
  (:mod:`corridor.scenario.overrides`): prices, demand, hazards, link status, deal terms;
  the regime's scenario is rebuilt from the file's document with them, as the CLI would;
- ``closed``: links that may not carry anything while the regime holds (their capacity
  is zero; a designed link keeps its design, so closing needs no re-sizing);
- ``unlawful_payments_to``: actors no one may lawfully pay (a sanctions regime makes
  transit fees to North Korea unlawful). Every link such an actor controls is closed
  (its consent would have to be paid for), so is every link from a supply it owns (its
  gas would have to be paid for); a deal whose transit fee goes to such an actor cannot
  be done (:func:`deal_blocked`).

``extends`` names an earlier regime whose changes this one adds to (UNSC 2397 keeps
what 2375 changed). A regime with no changes is the scenario as written.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from corridor.scenario.provenance import Provenance

if TYPE_CHECKING:
    from corridor.scenario.model import Scenario

__all__ = ["Regime", "closed_links", "deal_blocked", "regime_scenario"]


@dataclass(frozen=True)
class Regime:
    """One dated regime, its changes already merged with those of the regime it extends.

    ``end`` is the day the next regime starts (or the file's own ``end``; None: open).
    """

    id: str
    name: str
    start: date
    end: date | None
    provenance: Provenance
    set: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    closed: tuple[str, ...] = ()
    unlawful_payments_to: tuple[str, ...] = ()
    note: str = ""

    @property
    def changes(self) -> tuple[tuple[str, ...], ...]:
        """What the regime changes: regimes with equal changes make the same scenario."""
        return (self.set, self.drop, self.closed, self.unlawful_payments_to)

    @property
    def changes_nothing(self) -> bool:
        """True when the regime is the scenario as written."""
        return not any(self.changes)

    @property
    def period(self) -> str:
        """``2011-08-24 – 2011-12-17`` (an open end as ``…``)."""
        return f"{self.start.isoformat()} – {self.end.isoformat() if self.end else '…'}"


def closed_links(scenario: Scenario, regime: Regime) -> tuple[str, ...]:
    """Links that carry nothing under ``regime``, in scenario order.

    Those it closes by name, those an actor it makes unpayable controls, and those
    leaving the node of a supply such an actor owns.
    """
    unpayable = set(regime.unlawful_payments_to)
    supply_nodes = {s.node for s in scenario.supplies if s.owner in unpayable}
    named = set(regime.closed)
    return tuple(
        link.id
        for link in scenario.links
        if link.id in named or link.control & unpayable or link.source in supply_nodes
    )


def deal_blocked(scenario: Scenario, regime: Regime) -> str | None:
    """Why the scenario's deal cannot be done under ``regime`` (None: it can, or no deal)."""
    deal = scenario.deal
    if deal is None:
        return None
    fee = deal.transit_fee
    if fee is not None and fee.recipient in regime.unlawful_payments_to:
        return f"transit fees to {fee.recipient} are unlawful"
    shut = set(closed_links(scenario, regime))
    closed = [link for link in deal.route if link in shut]
    return f"the deal's route is closed ({', '.join(closed)})" if closed else None


def regime_scenario(scenario: Scenario, regime: Regime) -> Scenario:
    """``scenario`` as it stands under ``regime`` (the scenario itself if nothing changes).

    Overrides rebuild it from its document (:meth:`Scenario.with_overrides`); closed
    links keep their place and design with zero capacity, so every table that names them
    (the deal's route, the freight routes) still resolves.
    """
    changed = scenario
    if regime.set or regime.drop:
        origin = f"regime {regime.id}"
        changed = scenario.with_overrides(list(regime.set), drop=regime.drop, origin=origin)
    shut = set(closed_links(changed, regime))
    if not shut:
        return changed
    links = tuple(
        dataclasses.replace(link, capacity=0.0) if link.id in shut else link
        for link in changed.links
    )
    return dataclasses.replace(changed, links=links)
