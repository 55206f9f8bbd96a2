"""Scenarios the web app may use: bundled ones by name and each client's own uploads.

Requests name a scenario, never a path: a name is looked up among the bundled scenarios
and the uploads of the requesting client only. Uploads are validated by the same loader
as the CLI, so problems read the same (``file:line: key.path: message``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

from corridor.errors import InputError
from corridor.scenario import bundled_names, bundled_path, load, loads
from corridor.scenario.model import Block, Scenario
from corridor.units import from_internal, to_internal

UPLOAD_PREFIX = "upload-"


class UnknownScenario(InputError):
    """A request named a scenario that is neither bundled nor uploaded by this client."""


@cache
def bundled(name: str) -> Scenario:
    """A bundled scenario, loaded once."""
    return load(bundled_path(name))


class ScenarioStore:
    """Uploaded scenarios per client (in memory), at most ``per_client`` each."""

    def __init__(self, per_client: int = 10):
        self.per_client = per_client
        self._lock = threading.Lock()
        self._uploads: dict[str, dict[str, Scenario]] = {}

    def upload(self, owner: str, filename: str, text: str) -> tuple[str, Scenario]:
        """Validate and keep an uploaded scenario; returns its id and the scenario.

        Raises ScenarioError (every problem) like ``corridor validate`` does.
        """
        display = _safe_filename(filename)
        scenario = loads(text, file=display, allow_paths=False)  # no server paths from uploads
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        ident = f"{UPLOAD_PREFIX}{digest}"
        with self._lock:
            mine = self._uploads.setdefault(owner, {})
            if ident not in mine and len(mine) >= self.per_client:
                oldest = next(iter(mine))
                del mine[oldest]
            mine[ident] = scenario
        return ident, scenario

    def uploads(self, owner: str) -> dict[str, Scenario]:
        """The owner's uploads by id."""
        with self._lock:
            return dict(self._uploads.get(owner, {}))

    def get(self, owner: str, name: str) -> Scenario:
        """A bundled scenario by name or one of the owner's uploads by id."""
        if name in bundled_names():
            return bundled(name)
        upload = self.uploads(owner).get(name)
        if upload is None:
            known = ", ".join([*bundled_names(), *self.uploads(owner)])
            raise UnknownScenario(f"scenario: unknown scenario {name!r} (known: {known})")
        return upload


def _safe_filename(filename: str) -> str:
    """The file name shown in messages: a base name of harmless characters."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._-]", "_", base)[:80]
    return base or "upload.toml"


def lng_price(scenario: Scenario) -> float | None:
    """Cost of the first block of the first open-market gas supply, USD/MMBtu (None: none)."""
    supplies = scenario.open_market_supplies(kind="gas")
    if not supplies:
        return None
    return from_internal(supplies[0].blocks[0].price, "USD/MMBtu")


def apply_parameters(
    scenario: Scenario,
    lng_price_usd_per_mmbtu: float | None = None,
    removed_links: Sequence[str] = (),
    *,
    transit_fee_musd_per_yr: float | None = None,
    volume_bcm_per_yr: float | None = None,
    disruption_probability: float | None = None,
) -> Scenario:
    """The scenario with the dashboard's changes.

    ``lng_price_usd_per_mmbtu`` sets the cost of every block of every open-market gas supply
    (the world LNG price); ``removed_links`` drops routes. The deal's transit fee becomes
    a fixed ``transit_fee_musd_per_yr`` (USD m/yr); ``volume_bcm_per_yr`` sets its plateau
    volume (ramp-up years capped at it); ``disruption_probability`` the yearly hazard of a
    cut. InputError on unknown links, or on a parameter the scenario has nothing to apply to.
    """
    changed = _deal_parameters(
        scenario, transit_fee_musd_per_yr, volume_bcm_per_yr, disruption_probability
    )
    if removed_links:
        changed = changed.without_links(removed_links)
    if lng_price_usd_per_mmbtu is not None:
        ids = {s.id for s in changed.open_market_supplies(kind="gas")}
        if not ids:
            raise InputError(
                "lng_price_usd_per_mmbtu: the scenario has no open-market gas supply to price"
            )
        price = to_internal(lng_price_usd_per_mmbtu, "USD/MMBtu")
        changes: dict[str, Any] = {}
        for supply in changed.supplies:
            if supply.id in ids:
                blocks = tuple(Block(b.quantity, price, b.sources) for b in supply.blocks)
                changes[f"supplies.{supply.id}.blocks"] = blocks
        changed = changed.with_changes(changes)
    return changed


def _deal_parameters(
    scenario: Scenario,
    transit_fee_musd_per_yr: float | None,
    volume_bcm_per_yr: float | None,
    disruption_probability: float | None,
) -> Scenario:
    deal, risk = scenario.deal, scenario.risk
    if transit_fee_musd_per_yr is not None or volume_bcm_per_yr is not None:
        if deal is None:
            raise InputError("parameters: the scenario has no [deal] to set a fee or volume on")
        if transit_fee_musd_per_yr is not None:
            fee = dataclasses.replace(
                deal.transit_fee, kind="fixed", fixed_musd_per_yr=transit_fee_musd_per_yr
            )
            deal = dataclasses.replace(deal, transit_fee=fee)
        if volume_bcm_per_yr is not None:
            ramp = tuple(min(v, volume_bcm_per_yr) for v in deal.ramp_up_bcm_per_yr)
            deal = dataclasses.replace(
                deal, volume_bcm_per_yr=volume_bcm_per_yr, ramp_up_bcm_per_yr=ramp
            )
    if disruption_probability is not None:
        if risk is None or risk.disruption is None:
            raise InputError(
                "parameters.disruption_probability: the scenario has no [risk.disruption]"
            )
        cut = dataclasses.replace(risk.disruption, probability=disruption_probability)
        risk = dataclasses.replace(risk, disruption=cut)
    return scenario.with_changes(deal=deal, risk=risk)


def describe(name: str, scenario: Scenario) -> dict[str, Any]:
    """What the dashboard needs to offer parameters: actors, routes, default values."""
    return {
        "name": name,
        "title": scenario.title,
        "description": scenario.description.strip(),
        "actors": [{"id": a.id, "name": a.name} for a in scenario.actors],
        "links": [
            {
                "id": link.id,
                "name": link.name or link.id,
                "from": link.source,
                "to": link.target,
                "status": link.status,
                "control": sorted(link.control),
            }
            for link in scenario.links
        ],
        "has_market": bool(scenario.links or scenario.supplies),
        "has_negotiation": scenario.negotiation is not None,
        "defaults": {
            "lng_price_usd_per_mmbtu": lng_price(scenario),
            "transit_fee_musd_per_yr": (
                scenario.deal.transit_fee.fixed_musd_per_yr if scenario.deal else None
            ),
            "volume_bcm_per_yr": scenario.deal.volume_bcm_per_yr if scenario.deal else None,
            "disruption_probability": (
                scenario.risk.disruption.probability
                if scenario.risk and scenario.risk.disruption
                else None
            ),
        },
    }


__all__ = [
    "UPLOAD_PREFIX",
    "ScenarioStore",
    "UnknownScenario",
    "apply_parameters",
    "bundled",
    "describe",
    "lng_price",
]
