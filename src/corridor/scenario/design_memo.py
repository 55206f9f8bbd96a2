"""A memo of links derived from their design, so that re-loading a scenario is cheap.

Sizing a pipeline (least-cost diameter, compressor stations) is most of the time a
scenario takes to load: about 90 % for korea-2011's four designed links. A sweep loads
the scenario again per point with one value changed, so the links whose design table,
provenance, discount rate and life are the same as before are taken from here instead of
being sized again. Only derivations that recorded no problem are kept: a file with a
problem reports it every time it is loaded.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from corridor.scenario.collector import Collector
from corridor.scenario.design import DerivedLink, DesignContext, derive_link
from corridor.scenario.provenance import KeyPath, Provenance

__all__ = ["MEMO_SIZE", "derive_link_memo"]

MEMO_SIZE = 256
"""Derived links kept (the least recently used are dropped first)."""

_MEMO: OrderedDict[tuple[Any, ...], DerivedLink] = OrderedDict()


def derive_link_memo(
    out: Collector,
    raw: Mapping[str, Any],
    path: KeyPath,
    link_prov: Provenance | None,
    discount_rate: float,
    lifetime_yr: float,
) -> DerivedLink | None:
    """:func:`~corridor.scenario.design.derive_link` through ``out``, remembered.

    The key is everything the derivation reads: the link's raw TOML table, its
    provenance, the discount rate (1/yr) and the economic life (yr); ``path`` only
    locates messages. The DerivedLink returned may be shared: do not mutate it.
    """
    key = (json.dumps(raw, sort_keys=True, default=str), link_prov, discount_rate, lifetime_yr)
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return _MEMO[key]
    before = len(out.problems)
    ctx = DesignContext(path, link_prov, discount_rate, lifetime_yr, out.check, out.measure,
                        out.add)  # fmt: skip
    derived = derive_link(raw, ctx)
    if derived is not None and len(out.problems) == before:
        _MEMO[key] = derived
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    return derived
