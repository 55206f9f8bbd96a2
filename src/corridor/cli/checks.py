"""What a command refuses before any work: numeric options out of range, bad scheduler addresses.

Every numeric option has one range (:func:`option_bounds`, by parameter name), so the CLI
and the docs state the same limits; a refusal is an :class:`~corridor.errors.InputError`
naming the parameter, which the CLI shows as ``--name: problem`` with exit code 2.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from corridor.errors import InputError

__all__ = ["Bound", "check_options", "check_scheduler", "option_bounds"]


@dataclass(frozen=True, slots=True)
class Bound:
    """The values a numeric option accepts: ``low`` to ``high`` (in ``unit``) inclusive."""

    low: float
    high: float
    why: str = ""
    unit: str = ""


@functools.cache
def option_bounds() -> dict[str, Bound]:
    """Every numeric option's range, by parameter name; see :func:`check_options`.

    Built on first use: the limits come from the composition layer and the scenario
    model, which ``corridor --help`` need not import (start-up).
    """
    from corridor.analyses import LIMITS
    from corridor.scenario.model import MAX_ACTORS

    return {
        # sizes of work, checked before any is done
        "draws": Bound(1, LIMITS.max_risk_draws, "the result keeps every draw's NPVs"),
        "rounds": Bound(1, LIMITS.max_rounds),
        "workers": Bound(1, LIMITS.max_workers),
        "max_permutations": Bound(1, 1_000_000),
        "max_exact": Bound(1, MAX_ACTORS, "the most actors a scenario may have"),
        "players": Bound(3, MAX_ACTORS, "the most actors a scenario may have"),
        "tolerance": Bound(0, 1e7),
        "build_years": Bound(0, 1e3),
        "value_of_time": Bound(0, 1e5),
        # corridor serve: a TCP port; an upload is held in memory while its job waits
        "port": Bound(1, 65535),
        "max_upload_kb": Bound(1, 10_000, "an upload is held in memory", unit="kB"),
        # engineering: physical ranges (the Earth's circumference is 40,075 km; the largest
        # pipelines carry ~55 bcm/yr)
        "throughput": Bound(0, 1e3, unit="bcm/yr"),
        "volume": Bound(0, 1e3, unit="bcm/yr"),
        "length_km": Bound(0, 1e5, unit="km"),
        "distance_km": Bound(0, 1e5, unit="km"),
        "diameter_mm": Bound(0, 1e4, unit="mm"),
        "maop_bar": Bound(0, 1e4, unit="bar"),
        "offshore_maop_bar": Bound(0, 1e4, unit="bar"),
        "inlet_pressure_bar": Bound(0, 1e4, unit="bar"),
        "delivery_pressure_bar": Bound(0, 1e4, unit="bar"),
        "station_ratio": Bound(0, 100),
        "efficiency": Bound(0, 1),
        "gravity": Bound(0, 100),
        "discount_rate": Bound(-0.99, 10, unit="per year"),
        "life_yr": Bound(0, 1e3, unit="yr"),
        "gas_price": Bound(0, 1e6, unit="USD/1000m3"),
        "ship_m3": Bound(0, 1e7, unit="m3"),
        "speed_knots": Bound(0, 1e3, unit="kn"),
    }


def check_options(limits: Mapping[str, Bound] | None = None, /, **values: float | None) -> None:
    """Refuse an option that is NaN, infinite or outside its :class:`Bound` (exit 2).

    Called at the top of a command, before any work. ``values`` by parameter name (None:
    not given); the bound is ``limits``' (then :func:`option_bounds`') of that name, and a name
    without one need only be finite. The message reads ``--name: problem``.
    """
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"must be a finite number, got {value}", parameter=name)
        bound = (limits or {}).get(name) or option_bounds().get(name)
        if bound is None:
            continue
        why = f" ({bound.why})" if bound.why else ""
        unit = f" {bound.unit}" if bound.unit else ""
        if value < bound.low:
            low, shown = _shown(bound.low), _shown(value)
            raise InputError(f"must be at least {low}{unit}, got {shown}", parameter=name)
        if value > bound.high:
            high, shown = _shown(bound.high), _shown(value)
            raise InputError(f"must be at most {high}{unit}{why}, got {shown}", parameter=name)


def check_scheduler(address: str | None) -> None:
    """Refuse a Dask scheduler address that is not ``[scheme://]host:port`` (exit 2).

    Checked before a client is made: distributed's client, given a malformed address,
    fails and then raises again from its finaliser many seconds later.
    """
    if address is None:
        return
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        port = None if scheme == "inproc" else parse_host_port(location)[1]
    except ValueError as exc:
        raise InputError(f"{exc} (expected e.g. tcp://host:8786)", parameter="scheduler") from None
    if port is not None and not 0 < port < 65536:
        raise InputError(f"port {port} of {address!r} is not 1-65535", parameter="scheduler")


def _shown(value: float) -> str:
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"a number of {len(str(abs(value)))} digits"
    if float(value).is_integer() and abs(value) < 10**15:
        return f"{int(value):,}"
    return f"{value:g}"
