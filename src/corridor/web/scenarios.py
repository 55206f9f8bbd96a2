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
from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from corridor.errors import InputError, ScenarioError
from corridor.scenario import bundled_names, bundled_path, load, loads
from corridor.scenario.model import Scenario
from corridor.scenario.overrides import parse_value
from corridor.units import from_internal

UPLOAD_PREFIX = "upload-"


class UnknownScenario(InputError):
    """A request named a scenario that is neither bundled nor uploaded by this client."""


@cache
def bundled(name: str) -> Scenario:
    """A bundled scenario, loaded once."""
    return load(bundled_path(name))


class ScenarioStore:
    """Uploaded scenarios in memory: at most ``per_client`` per client, ``total`` in all.

    Past ``per_client`` the client's oldest upload is forgotten; past ``total`` the oldest
    upload from the connection address holding the most, so a flood of uploads from one
    address (with or without cookies) evicts its own, not other addresses'. Memory stays
    bounded however many clients upload; a refused upload keeps nothing.
    """

    def __init__(self, per_client: int = 10, total: int = 100):
        self.per_client = per_client
        self.total = total
        self._lock = threading.Lock()
        self._uploads: dict[str, dict[str, Scenario]] = {}
        # (owner, id) -> the address it came from, oldest first
        self._order: OrderedDict[tuple[str, str], str] = OrderedDict()

    def upload(
        self, owner: str, filename: str, text: str, address: str = ""
    ) -> tuple[str, Scenario]:
        """Validate and keep an uploaded scenario; returns its id and the scenario.

        ``address``: the connection address it came from. Raises ScenarioError (every
        problem) like ``corridor validate`` does.
        """
        display = _safe_filename(filename)
        scenario = loads(text, file=display, allow_paths=False)  # no server paths from uploads
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        ident = f"{UPLOAD_PREFIX}{digest}"
        with self._lock:
            mine = self._uploads.get(owner, {})
            if ident not in mine and len(mine) >= self.per_client:
                self._forget(owner, next(iter(mine)))
            self._uploads.setdefault(owner, {})[ident] = scenario
            self._order[(owner, ident)] = address
            self._order.move_to_end((owner, ident))
            while len(self._order) > self.total:
                self._forget(*self._evictable())
        return ident, scenario

    def _evictable(self) -> tuple[str, str]:
        """The oldest upload of the address that holds the most (the oldest address on ties)."""
        held = Counter(self._order.values())
        most = max(held.values())
        return next(key for key, address in self._order.items() if held[address] == most)

    def _forget(self, owner: str, ident: str) -> None:
        self._order.pop((owner, ident), None)
        mine = self._uploads.get(owner, {})
        mine.pop(ident, None)
        if not mine:
            self._uploads.pop(owner, None)

    def __len__(self) -> int:
        """Uploads kept, of every client."""
        with self._lock:
            return len(self._order)

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


class OverrideProblems(InputError):
    """Overrides that make the scenario invalid: one line, and every problem."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def apply_parameters(
    scenario: Scenario,
    lng_price_usd_per_mmbtu: float | None = None,
    removed_links: Sequence[str] = (),
    *,
    transit_fee_musd_per_yr: float | None = None,
    volume_bcm_per_yr: float | None = None,
    disruption_probability: float | None = None,
    overrides: Mapping[str, Any] | None = None,
    drop: Sequence[str] = (),
) -> Scenario:
    """The scenario with the dashboard's changes, applied as overrides of the file.

    ``overrides`` (``{path: value}``, a string value read as TOML text as after
    ``--set PATH=``) and ``drop`` (paths) go through :meth:`Scenario.with_overrides`, so they
    are validated as the file is and designed links are sized again. The four numbers are
    overrides of these paths (see :func:`parameter_overrides`); an explicit override of the
    same path wins. ``removed_links`` then leaves routes out of the built scenario (a drop
    of ``links.<id>`` would leave the deal's route naming a missing link). InputError on
    unknown links or a parameter the scenario has nothing to apply to; OverrideProblems
    (one line per problem, the file named by its base name only) when the changed file
    does not validate.
    """
    changes = parameter_overrides(
        scenario,
        lng_price_usd_per_mmbtu=lng_price_usd_per_mmbtu,
        transit_fee_musd_per_yr=transit_fee_musd_per_yr,
        volume_bcm_per_yr=volume_bcm_per_yr,
        disruption_probability=disruption_probability,
    )
    changes.update({path: request_value(v) for path, v in (overrides or {}).items()})
    changed = overridden(scenario, changes, drop) if changes or drop else scenario
    if removed_links:
        changed = changed.without_links(removed_links)
    return changed


def overridden(
    scenario: Scenario,
    changes: Mapping[str, Any],
    drop: Sequence[str] = (),
    *,
    field: str = "overrides",
) -> Scenario:
    """``scenario.with_overrides(changes, drop=drop)`` with the request's field in messages.

    OverrideProblems (one line per problem, the file named by its base name only) when the
    changed file does not validate; InputError ``parameters.<field>: ...`` (or
    ``parameters.drop``) for a path that names nothing.
    """
    try:
        return scenario.with_overrides(changes, drop=drop, origin=ORIGIN)
    except ScenarioError as exc:
        raise OverrideProblems(
            [str(dataclasses.replace(p, file=_safe_filename(p.file))) for p in exc.problems]
        ) from None
    except InputError as exc:
        if exc.parameter not in ("set", "drop"):
            raise
        named = field if exc.parameter == "set" else "drop"
        raise InputError(exc.problem, parameter=f"parameters.{named}") from None


ORIGIN = "override in the dashboard"
"""How an overridden number's assumption begins (``override in the dashboard: was 1.5``)."""


def request_value(value: Any) -> Any:
    """A value of ``parameters.overrides``: a string is TOML text (else the text itself)."""
    return parse_value(value) if isinstance(value, str) else value


def parameter_overrides(
    scenario: Scenario,
    *,
    lng_price_usd_per_mmbtu: float | None = None,
    transit_fee_musd_per_yr: float | None = None,
    volume_bcm_per_yr: float | None = None,
    disruption_probability: float | None = None,
) -> dict[str, Any]:
    """The dashboard's four numbers as overrides ``{path: value}`` of the scenario's file.

    - ``lng_price_usd_per_mmbtu``: ``supplies.<id>.blocks[i].cost`` of every block of
      every open-market gas supply (korea-2011: ``supplies.world-lng.blocks[0].cost``,
      13.0 USD/MMBtu, the world-market price before regasification). It does not change
      ``deal.alternative_price``: that is a different number in the file (13.5 USD/MMBtu
      in korea-2011, the delivered import price the deal's gas replaces: the world price
      plus the 0.5 USD/MMBtu of the ``world-lng-kr`` terminal link); override it by its
      path to move the deal. Risk draws scale whatever both are.
    - ``transit_fee_musd_per_yr``: ``deal.transit_fee.kind = "fixed"`` and
      ``deal.transit_fee.fixed`` (USD m/yr).
    - ``volume_bcm_per_yr``: ``deal.volume.plateau`` (bcm/yr), and ``deal.volume.ramp_up``
      with each year capped at it when one is above it.
    - ``disruption_probability``: ``risk.disruption.probability`` (a share a year, 0–1).

    InputError when the scenario has nothing to apply a number to.
    """
    out: dict[str, Any] = {}
    if lng_price_usd_per_mmbtu is not None:
        ids = {s.id for s in scenario.open_market_supplies(kind="gas")}
        if not ids:
            raise InputError(
                "lng_price_usd_per_mmbtu: the scenario has no open-market gas supply to price"
            )
        for supply in (scenario.document or {}).get("supplies", []):
            if supply.get("id") in ids:
                for i, _ in enumerate(supply.get("blocks", [])):
                    out[f"supplies.{supply['id']}.blocks[{i}].cost"] = _measure(
                        lng_price_usd_per_mmbtu, "USD/MMBtu"
                    )
    deal = scenario.deal
    if (transit_fee_musd_per_yr is not None or volume_bcm_per_yr is not None) and deal is None:
        raise InputError("parameters: the scenario has no [deal] to set a fee or volume on")
    if transit_fee_musd_per_yr is not None:
        out["deal.transit_fee.kind"] = "fixed"
        out["deal.transit_fee.fixed"] = _measure(transit_fee_musd_per_yr, "USD m/yr")
    if volume_bcm_per_yr is not None and deal is not None:
        out["deal.volume.plateau"] = _measure(volume_bcm_per_yr, "bcm/yr")
        if any(v > volume_bcm_per_yr for v in deal.ramp_up_bcm_per_yr):
            out["deal.volume.ramp_up"] = [
                _measure(min(v, volume_bcm_per_yr), "bcm/yr") for v in deal.ramp_up_bcm_per_yr
            ]
    if disruption_probability is not None:
        if scenario.risk is None or scenario.risk.disruption is None:
            raise InputError(
                "parameters.disruption_probability: the scenario has no [risk.disruption]"
            )
        out["risk.disruption.probability"] = _measure(disruption_probability, "1")
    return out


def _measure(value: float, unit: str) -> str:
    return f"{float(value)!r} {unit}"


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
    "ORIGIN",
    "UPLOAD_PREFIX",
    "OverrideProblems",
    "ScenarioStore",
    "UnknownScenario",
    "apply_parameters",
    "bundled",
    "describe",
    "lng_price",
    "overridden",
    "parameter_overrides",
    "request_value",
]
