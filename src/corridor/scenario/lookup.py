"""Finding an item of a scenario's tables by its id, with one message for a missing one.

A leaf of the scenario package (it imports nothing of it when it runs), so the core
model, the negotiation, package and price models all look their items up the same way;
the deal and its commodity are found here too, for the stages that read the deal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, TypeVar

from corridor.errors import InputError

if TYPE_CHECKING:
    from corridor.scenario.deal_model import Deal
    from corridor.scenario.model import Scenario

__all__ = ["Identified", "by_id", "deal_commodity", "deal_of"]


class Identified(Protocol):
    """An item of a table whose entries carry an ``id``."""

    @property
    def id(self) -> str:
        """The item's id, unique within its table."""
        ...


Item = TypeVar("Item", bound=Identified)


def by_id(items: Iterable[Item], item_id: str, what: str) -> Item:
    """The first of ``items`` whose ``id`` is ``item_id``; KeyError ``unknown {what} 'id'``."""
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(f"unknown {what} {item_id!r}")


def deal_of(scenario: Scenario) -> Deal:
    """The scenario's deal; InputError naming the scenario when it has no ``[deal]``."""
    if scenario.deal is None:
        raise InputError(f"scenario {scenario.name!r} has no [deal] table")
    return scenario.deal


def deal_commodity(scenario: Scenario, deal: Deal) -> str | None:
    """The commodity of the deal's route (None: the deal names no route)."""
    return scenario.link(deal.route[0]).commodity if deal.route else None
