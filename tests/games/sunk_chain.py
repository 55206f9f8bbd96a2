"""A chain with a planned transit line and a bypass option, worked by hand (USD m/yr).

Seller S has 10 bcm/yr at 100 USD/1000 m3 at X; buyer B wants 6 bcm/yr at Z for 400 and
may buy LNG at 300 at W (an open market, its own terminal W-Z at no cost). Discount rate
10 %/yr, every capex over a 1-year life: the annuity factor is 0.1 / (1 - 1/1.1) = 1.1,
so a capex of 200 on 20 bcm/yr of capacity costs 11 per 1000 m3.

- transit line X-Y-Z through T, planned: xy (S, T) 20 + 11 = 31, yz (T, B) 30 + 11 = 41;
  72 with capex, 50 to run once built;
- bypass "sea" X-Z (S, B), an option: 60 + 400 x 1.1 / 20 = 82, built in 2 years.

Ex-ante v(S,T,B) = 6 x (400 - 100 - 72) = 1,368; v(S,B) = 6 x (400 - 100 - 82) = 1,308;
v(B) = v(T,B) = 6 x (400 - 300) = 600 (LNG); coalitions without B: 0.
Ex-post (the line sunk) v(S,T,B) = 6 x (400 - 100 - 50) = 1,500; the others as ex-ante.
"""

from __future__ import annotations

from corridor.scenario.deal_model import Deal, Price, TransitFee
from corridor.scenario.model import Actor, Block, Commodity, Demand, Link, Node, Scenario, Supply

RATE = 0.10
RESERVATION = 20.0
BUILD_YEARS = 2.0


def sunk_chain(
    *,
    deal: bool = True,
    bypass_build_years: float | None = BUILD_YEARS,
    bypass_capacity: float = 20.0,
) -> Scenario:
    """The chain of the module docstring (with its deal: S sells to B through T).

    ``bypass_capacity`` (bcm/yr) keeps the bypass's capex at 400 (its unit cost rises).
    """

    def link(i: str, s: str, t: str, cost: float, ctrl: list[str], **kw: object) -> Link:
        cap = bypass_capacity if i == "sea" else 20.0
        return Link(i, s, t, "gas", cap, cost, frozenset(ctrl), **kw)  # type: ignore[arg-type]

    terms = Deal(
        seller="S", buyer="B", transit="T", start_year=2020, duration_yr=10,
        price=Price("fixed", 200.0), volume_bcm_per_yr=6.0, ramp_up_bcm_per_yr=(),
        production_cost=100.0, alternative_price=300.0,
        transit_fee=TransitFee("fixed", payer="S", recipient="T", fixed_musd_per_yr=50.0,
                               reservation_musd_per_yr=RESERVATION, bargaining_power=0.5),
        route=("xy", "yz"),
    )  # fmt: skip
    links = (
        link("xy", "X", "Y", 20.0, ["S", "T"], status="planned", capex_musd=200.0,
             lifetime_yr=1.0),
        link("yz", "Y", "Z", 30.0, ["T", "B"], status="planned", capex_musd=200.0,
             lifetime_yr=1.0),
        link("sea", "X", "Z", 60.0, ["S", "B"], status="option", capex_musd=400.0,
             lifetime_yr=1.0, build_years=bypass_build_years),
        link("lng-in", "W", "Z", 0.0, ["B"]),
    )  # fmt: skip
    nodes = (Node("X", "X", 0, 0), Node("Y", "Y", 0, 1, "T"), Node("Z", "Z", 0, 2),
             Node("W", "W", 1, 2))  # fmt: skip
    supplies = (Supply("s", "X", "S", "gas", (Block(10.0, 100.0),)),
                Supply("lng", "W", None, "gas", (Block(100.0, 300.0),)))  # fmt: skip
    return Scenario(
        name="sunk-chain",
        title="sunk chain",
        actors=tuple(Actor(a, a) for a in ("S", "T", "B")),
        nodes=nodes,
        commodities=(Commodity("gas", "gas"),),
        supplies=supplies,
        demands=(Demand("d", "Z", "B", "gas", (Block(6.0, 400.0),)),),
        links=links,
        discount_rate=RATE,
        deal=terms if deal else None,
    )
