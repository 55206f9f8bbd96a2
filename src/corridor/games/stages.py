"""The two stages of a corridor game: before anything is built, and after the build.

- **Ex-ante** (the scenario as written): every link that is not ``existing`` carries its
  capex annuity in the market LP (:meth:`corridor.market.MarketModel.link_cost`), so a
  coalition's value v(S) is what it could earn by building and running the links it may
  use. A transit country is then worth only what its route saves over the cheapest
  alternative *including* the alternative's capex.
- **Ex-post**: the links built in the grand coalition's ex-ante optimum (or those
  named) are made ``existing``: their capex is sunk (no annuity), their operating cost
  stays; options that were not built still carry their annuity. A transit country on a
  built route can now hold up what the bypass would cost to build *then* against running
  the sunk line, which is where transit fees come from.

Hubert and Ikonnikova (2011) play the game on the existing network and again with the
investment options and find the transit countries (Ukraine, Belarus) strong in the first
and weak in the second; Hubert and Cobanli (2015) value pipeline projects as the change
in the Shapley values between networks without and with the project.

Works cited:

- Hubert, F. and Ikonnikova, S. (2011), "Investment options and bargaining power: the
  Eurasian supply chain for natural gas", Journal of Industrial Economics 59(1), 85-116,
  doi:10.1111/j.1467-6451.2011.00447.x.
- Hubert, F. and Cobanli, O. (2015), "Pipeline power: a case study of strategic network
  investments", Review of Network Economics 14(2), 75-110.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from corridor.errors import InputError
from corridor.market import MarketModel
from corridor.scenario.model import Scenario

__all__ = ["STAGES", "built_links", "ex_post", "parse_stage"]

STAGES: tuple[str, ...] = ("ex-ante", "ex-post")
"""The stages, in the order they are reported."""

_FLOW_TOL = 1e-9
"""Flows below this (bcm/yr, kTEU/yr) count as none: LP noise, not a built link."""


def parse_stage(text: str) -> tuple[str, ...]:
    """``"ex-ante"``, ``"ex-post"`` or ``"both"`` as the tuple of stages to play."""
    chosen = text.strip().lower()
    if chosen == "both":
        return STAGES
    if chosen in STAGES:
        return (chosen,)
    raise InputError(f"unknown stage {text!r} (ex-ante, ex-post or both)", parameter="stage")


def built_links(
    scenario: Scenario, commodity: str | None = None, *, model: MarketModel | None = None
) -> tuple[str, ...]:
    """Links the grand coalition builds: not ``existing``, with flow in its ex-ante optimum.

    The optimum is the market LP for all actors on the scenario as written (``model``:
    a :class:`MarketModel` of it, to reuse). ``commodity``: only that commodity's links
    (None: all). In scenario order.

    With a deal, the world after the build is the one after the deal as agreed: its route
    counts as built and its bypasses (links from the route's first node to its last, not
    on it) do not, even where the optimum would rather build a bypass than the route. The
    two agree whenever the optimum uses the route.
    """
    from corridor.games.fee import bypass_links
    from corridor.scenario.lookup import deal_commodity

    model = model or MarketModel(scenario)
    solution = model.solve_columns()
    carrying = {model.ref[j] for j in model.columns("link", commodity) if solution.x[j] > _FLOW_TOL}
    deal = scenario.deal
    known = {link.id for link in scenario.links}
    if (
        deal is not None
        and deal.route
        and all(k in known for k in deal.route)
        and commodity in (None, deal_commodity(scenario, deal))
    ):
        carrying = (carrying - set(bypass_links(scenario, deal))) | set(deal.route)
    return tuple(
        link.id for link in scenario.links if link.status != "existing" and link.id in carrying
    )


def ex_post(
    scenario: Scenario, built: Sequence[str] | None = None, commodity: str | None = None
) -> Scenario:
    """The scenario after the build: the ``built`` links made ``existing`` (capex sunk).

    ``built`` defaults to :func:`built_links` (of ``commodity`` if given). Their operating
    cost (``unit_cost``) stays; other options keep their capex annuity. The copy's name
    says the stage (``"korea-2011 (ex-post)"``). Unknown link ids raise
    :class:`~corridor.errors.InputError` (``parameter="built"``).
    """
    chosen = built_links(scenario, commodity) if built is None else tuple(built)
    known = [link.id for link in scenario.links]
    unknown = [link_id for link_id in chosen if link_id not in known]
    if unknown:
        raise InputError(
            f"unknown link(s) {', '.join(map(repr, unknown))} (known: {', '.join(known)})",
            parameter="built",
        )
    links = tuple(
        dataclasses.replace(link, status="existing") if link.id in chosen else link
        for link in scenario.links
    )
    return scenario.with_changes(links=links, name=f"{scenario.name} (ex-post)")
