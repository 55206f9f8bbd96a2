"""The loader's one collector: validates file tables, measures units, records problems.

Every check of a scenario file records its problem here with the key path it concerns;
the collector turns the path into ``file:line`` and a readable ``key.path`` (items by id
where they have one, else by 1-based position), so that :func:`corridor.scenario.load`
can report every problem at once. Converting a measure to internal units, with its unit,
sign and provenance checks, happens only in :meth:`Collector.measure`.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from corridor import units
from corridor.errors import Problem
from corridor.scenario.locate import KeyLines
from corridor.scenario.provenance import KeyPath, Provenance, Sourcing, inherit

__all__ = ["NO_PROVENANCE", "Collector", "SignRule"]

NO_PROVENANCE = "number has no source or assumption (give either on the number or on its table)"
"""The problem of a number without provenance of its own or of an enclosing table."""


class SignRule(enum.Enum):
    """Which signs a measure may have, and how a wrong one is reported.

    The sections of a scenario file have kept two wordings and two moments of the check
    (every accepted and rejected file, and every message, stays as it was):

    - ``NOT_NEGATIVE`` (the core sections and link designs): a number below zero as
      written is reported, ``must not be negative, got -1.0``, also when its unit is
      wrong as well;
    - ``NON_NEGATIVE`` and ``POSITIVE`` (``[deal]``, ``[risk]``): checked once the unit
      is known, ``must be non-negative, got -1.0`` or ``must be positive, got 0.0``
      (zero rejected too).

    ``NOT_NEGATIVE`` compares the number as written, the other two the converted number
    (units scale by positive factors, so the two have the same sign).
    """

    NOT_NEGATIVE = "not negative"
    NON_NEGATIVE = "non-negative"
    POSITIVE = "positive"


class Collector:
    """Collects problems with their locations while a file is checked.

    ``file`` names the file in messages, ``text`` is its TOML (for line numbers) and
    ``document`` the parsed TOML (for readable paths).
    """

    def __init__(self, file: str, text: str, document: Mapping[str, Any] | None):
        self.file = file
        self.text = text
        self.document = document or {}
        self.problems: list[Problem] = []

    @functools.cached_property
    def lines(self) -> KeyLines:
        """Line numbers of the text's key paths, scanned when the first problem needs one."""
        return KeyLines(self.text)

    def display(self, path: KeyPath) -> str:
        """Readable key path: items by id when they have one."""
        out: list[str] = []
        node: Any = self.document
        for part in path:
            if isinstance(part, int):
                item = node[part] if isinstance(node, list) and part < len(node) else None
                ident = item.get("id") if isinstance(item, dict) else None
                if isinstance(ident, str) and ident and out:
                    out[-1] = f"{out[-1]}.{ident}"
                elif out:
                    out[-1] = f"{out[-1]}[{part + 1}]"
                node = item
            else:
                out.append(part)
                node = node.get(part) if isinstance(node, dict) else None
        return ".".join(out)

    def add(self, path: KeyPath, message: str) -> None:
        """Record a problem at ``path``."""
        self.problems.append(Problem(self.file, self.lines.line(path), self.display(path), message))

    def check(self, model: type[BaseModel], raw: Any, path: KeyPath) -> Any:
        """Validate ``raw`` against ``model``; record every error; None if invalid."""
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                self.add((*path, *_loc(error["loc"])), _message(error))
            return None

    def provenance(self, path: KeyPath, *levels: Sourcing | None) -> Provenance | None:
        """The innermost provenance among ``levels``; records a problem when none gives one."""
        found = inherit(*levels)
        if found is None:
            self.add(path, NO_PROVENANCE)
        return found

    def convert(self, path: KeyPath, number: float, unit: str, dimension: str) -> float | None:
        """``number`` in ``unit`` converted to ``dimension``'s internal unit.

        None (and a problem recorded) when the unit is unknown or of another dimension.
        """
        try:
            return units.to_internal(number, unit, dimension)
        except units.UnitError as exc:
            self.add((*path, "unit") if path else path, str(exc))
            return None

    def measure(
        self,
        path: KeyPath,
        value: Any,
        dimension: str | None,
        inherited: Sourcing | None,
        sources: dict[str, Provenance] | None = None,
        *,
        sign: SignRule = SignRule.NOT_NEGATIVE,
    ) -> float | None:
        """Convert a measure to internal units; check its provenance, unit and sign.

        ``value`` is a ``MeasureFile`` or None; for ``sign`` see :class:`SignRule`. The
        number's provenance (its own, else ``inherited``) goes into ``sources`` under the
        last element of ``path``. None when ``value`` or ``dimension`` is None (the
        dimension depends on a commodity that failed to check) or the unit is wrong.
        """
        if value is None:
            return None
        prov = self.provenance(path, value, inherited)
        if prov is not None and sources is not None:
            sources[str(path[-1])] = prov
        if dimension is None:
            return None
        if sign is SignRule.NOT_NEGATIVE and value.value < 0:
            self.add(path, f"must not be negative, got {value.value}")
        number = self.convert(path, value.value, value.unit, dimension)
        if number is None or sign is SignRule.NOT_NEGATIVE:
            return number
        if number < 0 or (sign is SignRule.POSITIVE and number == 0):
            self.add(path, f"must be {sign.value}, got {value.value}")
        return number


def _loc(loc: Sequence[int | str]) -> KeyPath:
    # pydantic inserts model-validator names ("function-after[...]") into locations
    return tuple(p for p in loc if not (isinstance(p, str) and "[" in p))


def _message(error: Mapping[str, Any]) -> str:
    message = str(error["msg"])
    message = re.sub(r"^(Value error|Assertion failed), ", "", message)
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "required key is missing"
    return message
