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
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from corridor import units
from corridor.errors import Problem
from corridor.scenario.locate import KeyLines
from corridor.scenario.provenance import KeyPath, Provenance, Sourcing, inherit
from corridor.scenario.schema import ID_PATTERN

__all__ = ["NO_PROVENANCE", "RANGES", "Collector", "Range", "SignRule"]

NO_PROVENANCE = "number has no source or assumption (give either on the number or on its table)"
"""The problem of a number without provenance of its own or of an enclosing table."""


@dataclass(frozen=True, slots=True)
class Range:
    """The magnitudes the models handle for one dimension, in its internal unit.

    ``largest``: the largest magnitude accepted (far below HiGHS's infinity, 1e20, so
    that products such as quantity x price, and capex annuities spread over capacity,
    stay finite and well conditioned). ``smallest``: the smallest non-zero magnitude
    accepted (below it a number is a typo or an underflow, and divisions by it blow up);
    zero itself stays allowed unless ``zero_allowed`` is False.
    """

    smallest: float
    largest: float
    zero_allowed: bool = True


RANGES: Final[dict[str, Range]] = {
    # world gas production ~4,000 bcm/yr (2011), world container traffic ~600,000 kTEU/yr;
    # the floors keep capex annuities spread over a link's capacity finite
    units.GAS_RATE: Range(1e-6, 1e6),
    units.BOX_RATE: Range(1e-6, 1e7),
    # 1e6 USD/1000m3 is ~29,000 USD/MMBtu, 400 times the highest spot price on record
    units.GAS_PRICE: Range(0.0, 1e6),
    # Brent's record monthly average is ~134 USD/bbl (July 2008, in money of the day)
    units.OIL_PRICE: Range(0.0, 1e5),
    units.BOX_PRICE: Range(0.0, 1e4),
    units.BOX_TIME_VALUE: Range(0.0, 1e2),
    # 1e7 USD m is 10 trillion USD, about a tenth of world GDP
    units.MONEY: Range(0.0, 1e7),
    units.MONEY_RATE: Range(0.0, 1e7),
    units.GAS_TARIFF: Range(0.0, 1e5),
    # the Earth's circumference is 40,075 km
    units.LENGTH: Range(0.0, 1e5),
    # the floor keeps annuities (rate / (1 - (1 + rate)^-years)) finite
    units.DURATION: Range(1e-3, 1e3),
    units.DAYS: Range(0.0, 1e4),
    units.FRACTION: Range(0.0, 1e3),
    units.RATE: Range(0.0, 10.0),
    units.MASS: Range(0.0, 1e9),
    # the floor keeps transit times (length / speed) finite
    units.SPEED: Range(1e-3, 1e3),
    # absolute pressures: at least the atmosphere's, at most ten times a deep-water line's
    units.PRESSURE: Range(1.0, 1e4, zero_allowed=False),
    units.POWER_COST: Range(0.0, 1e3),
    # line pipe sells at ~1,500 USD/t; 1e6 USD/t is the price of silver
    units.MASS_PRICE: Range(0.0, 1e6),
    # absolute temperatures: the design's own checks bound sea water to -5..37 degC
    units.TEMPERATURE: Range(1.0, 1e4, zero_allowed=False),
}
"""What each dimension's numbers may be after conversion to internal units; see :class:`Range`."""


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
                if isinstance(ident, str) and _ID.fullmatch(ident) and out:
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
        if number is None:
            return None
        for name in ("low", "high"):
            bound = getattr(value, name)
            internal = None if bound is None else units.to_internal(bound, value.unit)
            if internal is not None and not self.in_range(
                (*path, name), internal, dimension, value.unit, bound
            ):
                return None
        if not self.in_range(path, number, dimension, value.unit, value.value):
            return None
        if sign is SignRule.NOT_NEGATIVE:
            return number
        if number < 0 or (sign is SignRule.POSITIVE and number == 0):
            self.add(path, f"must be {sign.value}, got {value.value}")
        return number

    def in_range(
        self, path: KeyPath, number: float, dimension: str, unit: str | None = None,
        written: float | None = None,
    ) -> bool:  # fmt: skip
        """Whether ``number`` (internal units of ``dimension``) is one the models handle.

        Records a problem (naming the number as written, ``written`` in ``unit``) when it
        is not finite or outside :data:`RANGES`. Dimensions without a range accept any
        finite number.
        """
        limits = RANGES.get(dimension)
        internal = units.INTERNAL_UNIT.get(dimension, "")
        shown = _quantity(number, internal) if written is None else _quantity(written, unit or "")
        if not math.isfinite(number):
            self.add(path, f"{shown} is not a finite number (in {internal})")
        elif limits is None:
            return True
        elif abs(number) > limits.largest:
            largest = _quantity(limits.largest, internal)
            self.add(path, f"{shown} is above the largest {dimension} the models handle "
                           f"({largest})")  # fmt: skip
        elif abs(number) < limits.smallest and not limits.zero_allowed:
            smallest = _quantity(limits.smallest, internal)
            self.add(path, f"{shown} is below the smallest {dimension} the models handle "
                           f"({smallest})")  # fmt: skip
        elif 0 < abs(number) < limits.smallest:
            smallest = _quantity(limits.smallest, internal)
            self.add(path, f"{shown} is below the smallest non-zero {dimension} the models "
                           f"handle ({smallest})")  # fmt: skip
        else:
            return True
        return False


def _quantity(number: float, unit: str) -> str:
    return f"{number:g}" if unit in ("", "1") else f"{number:g} {unit}"


_ID = re.compile(ID_PATTERN.removeprefix("^").removesuffix("$"))


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
    if (
        error["type"] == "string_pattern_mismatch"
        and error.get("ctx", {}).get("pattern") == ID_PATTERN
    ):
        return (
            f"not an id: letters, digits, '_', '.' and '-' only, starting with a letter or "
            f"a digit (no spaces or control characters), got {error['input']!r}"
        )
    return message
