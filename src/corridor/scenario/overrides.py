"""Overrides: change any value of a scenario file by its key path before it is built.

``PATH=VALUE`` sets a value, ``PATH`` alone (a *drop*) removes a key or an item::

    links.subsea.pipeline.segments[1].cost_factor=2
    deal.alternative_price=15 USD/MMBtu
    supplies.world-lng.blocks[0].cost=12 USD/MMBtu
    risk.disruption.probability=10 %
    discount_rate=10 %/yr                  (a key of [scenario] may omit "scenario.")

PATH steps are table keys; an item of an array of tables is named by its ``id`` (or, for
items without one such as negotiation stances, by its ``actor``) or by its 0-based
position, ``[i]``. VALUE is TOML as in the file (``2``, ``true``, ``"text"``,
``{ value = 2, unit = "1" }``); text that is not TOML is taken as a string
(``status=existing``, ``15 USD/MMBtu``). A value for a number with a unit (an inline table
with ``value`` and ``unit``, or a string such as ``"6 bcm/yr"``) replaces the number and
keeps the unit, or replaces both when it carries a unit (``"15 USD/MMBtu"``); the number
then takes the assumption ``"<origin>: was <old>"`` instead of its source, and its
low/high range is dropped when the new value leaves it. A whole table as VALUE replaces
the old one as written.

Overrides change the parsed document only; the loader then validates and builds it as it
would the file (designed links are sized again). A path to nothing raises
:class:`~corridor.errors.InputError` naming the path and the keys known at that level.
"""

from __future__ import annotations

import copy
import enum
import tomllib
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

from pydantic import BaseModel

from corridor import units
from corridor.errors import InputError, Problem
from corridor.scenario import schema as sc
from corridor.scenario.deal_schema import DealFile, RiskFile
from corridor.scenario.design import LngSpec, PipelineSpec
from corridor.scenario.freight_routes import FreightRouteFile
from corridor.scenario.freight_spec import FreightSpec
from corridor.scenario.negotiation_schema import NegotiationFile
from corridor.scenario.provenance import KeyPath

__all__ = [
    "DROP",
    "Drop",
    "Override",
    "OverridesArg",
    "apply_overrides",
    "as_overrides",
    "blame",
    "parse_override",
    "parse_value",
]


class Drop(enum.Enum):
    """The value of an override that removes its key or item."""

    DROP = "drop"


DROP = Drop.DROP
"""``{path: DROP}`` removes the key or item at ``path``."""

OverridesArg = Mapping[str, Any] | Sequence[str] | None
"""What ``load_scenario(overrides=...)`` takes: ``{path: value}`` or ``["PATH=VALUE"]``."""

_TOP: dict[str, type[BaseModel]] = {
    "scenario": sc.ScenarioHeader,
    **sc.SECTIONS,
    "deal": DealFile,
    "risk": RiskFile,
    "negotiation": NegotiationFile,
    "freight_routes": FreightRouteFile,
}
# tables of a link checked by their own modules (typed dict[str, Any] in LinkFile)
_FREE_TABLES: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (sc.LinkFile, "pipeline"): PipelineSpec,
    (sc.LinkFile, "lng"): LngSpec,
    (sc.LinkFile, "freight"): FreightSpec,
}
_ITEM_KEYS = ("id", "actor")


@dataclass(frozen=True)
class Override:
    """One override: ``path`` as written, its ``value`` (parsed; :data:`DROP` to remove).

    ``given`` is the override as the user wrote it, for messages; ``parameter`` the
    option it came from (``set`` or ``drop``).
    """

    path: str
    value: Any
    given: str
    parameter: str = "set"

    @property
    def label(self) -> str:
        """The override as on the command line: ``--set PATH=VALUE``, ``--drop PATH``."""
        return f"--{self.parameter} {self.given}"

    def fail(self, problem: str) -> InputError:
        """An InputError naming this override as given."""
        return InputError(f"{self.given}: {problem}", parameter=self.parameter)


def parse_value(text: str) -> Any:
    """VALUE as TOML (``2``, ``"a"``, ``{ value = 2, unit = "1" }``), else the text itself."""
    try:
        return tomllib.loads(f"x = {text}")["x"]
    except tomllib.TOMLDecodeError:
        return text.strip()


def parse_override(text: str, *, parameter: str = "set") -> Override:
    """Parse ``PATH=VALUE`` (``parameter="set"``) or ``PATH`` (``parameter="drop"``)."""
    if parameter == "drop":
        path = text.strip()
        if not path or "=" in path:
            raise InputError(f"{text}: expected PATH, e.g. links.subsea", parameter=parameter)
        return Override(path, DROP, text, parameter)
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        raise InputError(
            f"{text}: expected PATH=VALUE, e.g. deal.alternative_price=15 USD/MMBtu",
            parameter=parameter,
        )
    return Override(path.strip(), parse_value(value), text, parameter)


def as_overrides(overrides: OverridesArg = None, drop: Sequence[str] = ()) -> tuple[Override, ...]:
    """Normalise ``{path: value}`` or ``["PATH=VALUE", ...]`` and ``drop`` paths.

    Mapping values are Python objects as TOML would give them (``2.0``, ``"15 USD/MMBtu"``,
    a dict for a table) or :data:`DROP`; strings are taken as written in the file (TOML
    text such as ``'"x"'`` is not parsed again: a string value is the string).
    """
    found: list[Override] = []
    if isinstance(overrides, str):
        raise InputError("overrides: give a mapping or a list of 'PATH=VALUE' strings")
    if isinstance(overrides, Mapping):
        for path, value in overrides.items():
            shown = path if value is DROP else f"{path}={_show(value)}"
            found.append(Override(str(path), value, shown, "drop" if value is DROP else "set"))
    elif overrides is not None:
        found.extend(parse_override(str(text)) for text in overrides)
    found.extend(parse_override(str(text), parameter="drop") for text in drop)
    return tuple(found)


def apply_overrides(
    document: Mapping[str, Any], overrides: Sequence[Override], *, origin: str = "override"
) -> tuple[Mapping[str, Any], dict[KeyPath, Override]]:
    """A deep copy of ``document`` with ``overrides`` applied in order (none: no copy).

    Returns the new document and, per key path changed (0-based indices), the override
    that changed it. ``origin`` opens the assumption of an overridden number (``override
    on the command line: was 1.5``). Raises InputError for a path that names nothing.
    """
    if not overrides:
        return document, {}  # unchanged: no copy
    result = copy.deepcopy(dict(document))
    where: dict[KeyPath, Override] = {}
    for override in overrides:
        where[_apply(result, override, origin)] = override
    return result, where


def blame(
    problems: Sequence[Problem],
    where: Mapping[KeyPath, Override],
    display: Callable[[KeyPath], str],
) -> list[Problem]:
    """Name the override behind each problem: ``... (--set PATH=VALUE)``.

    A problem at or under an overridden path names that override; any other problem,
    when something was dropped, names the drops (a dangling reference to a dropped item).
    """
    if not where:
        return list(problems)
    shown = [(display(path), o) for path, o in where.items() if o.value is not DROP]
    drops = ", ".join(o.label for o in where.values() if o.value is DROP)
    blamed = []
    for problem in problems:
        cause = next(
            (o.label for at, o in shown
             if problem.path == at or problem.path.startswith((f"{at}.", f"{at}["))),
            f"after {drops}" if drops else "",
        )  # fmt: skip
        message = f"{problem.message} ({cause})" if cause else problem.message
        blamed.append(Problem(problem.file, problem.line, problem.path, message))
    return blamed


# --- resolving a path ------------------------------------------------------------------


def _steps(override: Override) -> list[str | int]:
    steps: list[str | int] = []
    for part in override.path.split("."):
        name, _, rest = part.partition("[")
        if name:
            steps.append(name)
        elif not steps or not rest:
            raise override.fail("empty step in the path")
        for index in (rest and f"[{rest}").split("[")[1:]:
            if not index.endswith("]") or not index[:-1].strip().isdigit():
                raise override.fail(f"bad index [{index} (write [0], [1], ...)")
            steps.append(int(index[:-1]))
    return steps


def _apply(document: dict[str, Any], override: Override, origin: str) -> KeyPath:
    steps = _steps(override)
    shorthand = len(steps) == 1 and steps[0] not in document and steps[0] not in _TOP
    if shorthand and steps[0] in sc.ScenarioHeader.model_fields:  # discount_rate=...
        steps.insert(0, "scenario")
    if steps[0] == "negotiation" and "negotiation" not in document:
        companion = document.get("scenario", {}).get("negotiation_from")
        if companion:
            raise override.fail(
                f"this scenario has no [negotiation]; its talks come from {companion!r} "
                "(negotiation_from): override them there"
            )
    node: Any = document
    model: type[BaseModel] | None = None
    path: list[str | int] = []
    i = 0
    while True:
        rest = len(steps) - i
        if rest == 1 or (isinstance(node, list) and _joined(node, steps, i) == rest):
            break
        node, model, used = _descend(node, model, steps, i, path, override)
        i += used
    where = _where(steps[:i])
    if isinstance(node, list):
        index = steps[i] if isinstance(steps[i], int) else _item(node, steps, i, override)
        if not 0 <= int(index) < len(node):
            raise override.fail(f"{where} has {len(node)} items, no [{index}]")
        path.append(index)
        if override.value is DROP:
            del node[int(index)]
        else:
            node[int(index)] = _new_value(node[int(index)], override, model, origin)
        return tuple(path)
    last = steps[i]
    if not isinstance(node, dict):
        raise override.fail(f"{where} is a value, not a table")
    if isinstance(last, int):
        raise override.fail(f"{where} is a table, not an array")
    path.append(last)
    if last not in node and (override.value is DROP or not _known_field(model, last)):
        raise override.fail(f"no key {last!r} in {where}{_known(node, model)}")
    if override.value is DROP:
        del node[last]
    else:
        node[last] = _new_value(node.get(last), override, _field_model(model, last), origin)
    return tuple(path)


def _descend(
    node: Any,
    model: type[BaseModel] | None,
    steps: list[str | int],
    i: int,
    path: list[str | int],
    override: Override,
) -> tuple[Any, type[BaseModel] | None, int]:
    """One step down from ``node``; returns the child, its schema and the steps used."""
    step, where = steps[i], _where(steps[:i])
    if isinstance(node, list):
        if isinstance(step, int):
            if not 0 <= step < len(node):
                raise override.fail(f"{where} has {len(node)} items, no [{step}]")
            index, used = step, 1
        else:
            index = _item(node, steps, i, override)
            used = _joined(node, steps, i)
        path.append(index)
        return node[index], model, used
    if not isinstance(node, dict):
        raise override.fail(f"{where} is a value, not a table")
    if isinstance(step, int):
        raise override.fail(f"{where} is a table, not an array")
    if step not in node:
        raise override.fail(f"no key {step!r} in {where}{_known(node, model)}")
    path.append(step)
    child_model = _TOP.get(step) if model is None and not path[:-1] else _field_model(model, step)
    return node[step], child_model, 1


def _joined(items: list[Any], steps: list[str | int], i: int) -> int:
    """How many steps name an item (ids may contain dots): the longest match wins."""
    for n in range(len(steps) - i, 0, -1):
        name = ".".join(str(s) for s in steps[i : i + n])
        if all(isinstance(s, str) for s in steps[i : i + n]) and _find(items, name) is not None:
            return n
    return 1


def _item(items: list[Any], steps: list[str | int], i: int, override: Override) -> int:
    name = ".".join(str(s) for s in steps[i : i + _joined(items, steps, i)])
    index = _find(items, name)
    if index is None:
        names: list[str] = []
        for key in _ITEM_KEYS:
            names = names or [str(it[key]) for it in items if isinstance(it, dict) and key in it]
        known = ", ".join(names) if names else f"[0] to [{len(items) - 1}]"
        raise override.fail(f"no item {name!r} in {_where(steps[:i])} (known: {known})")
    return index


def _find(items: list[Any], name: str) -> int | None:
    for key in _ITEM_KEYS:
        matches = [j for j, it in enumerate(items) if isinstance(it, dict) and it.get(key) == name]
        if len(matches) == 1:
            return matches[0]
    return None


def _where(path: list[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the file"


def _known(node: Mapping[str, Any], model: type[BaseModel] | None) -> str:
    keys = set(node) | (_field_names(model) if model is not None else set())
    return f" (known: {', '.join(sorted(keys))})" if keys else ""


# --- the schema, to accept keys a file may give but does not ---------------------------


def _field_names(model: type[BaseModel]) -> set[str]:
    return {f.alias or name for name, f in model.model_fields.items()}


def _known_field(model: type[BaseModel] | None, key: str) -> bool:
    return model is not None and key in _field_names(model)


def _field_model(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    """The model of the table (or of the items of the array) at ``key`` of ``model``."""
    if model is None:
        return None
    if (model, key) in _FREE_TABLES:
        return _FREE_TABLES[(model, key)]
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return _model_in(info.annotation)
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``X | None``, ``list[X]`` or ``dict[str, X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType, list, dict, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


# --- the new value ---------------------------------------------------------------------


def _show(value: Any) -> str:
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {_show(v)}" for k, v in value.items())
        return f"{{ {inner} }}"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_measure(old: Any) -> dict[str, Any] | None:
    """The old value as a measure table ``{value, unit, ...}``, or None if it is not one."""
    if isinstance(old, dict) and "value" in old:
        return dict(old)
    if isinstance(old, str):
        try:
            measure = units.parse_measure(old)
        except units.UnitError:
            return None
        return {"value": measure.value, "unit": measure.unit}
    return None


def _new_value(old: Any, override: Override, model: type[BaseModel] | None, origin: str) -> Any:
    """The value to store: a measure keeps its unit unless the new value has one."""
    value = override.value
    is_measure = model is sc.MeasureFile
    measure = _as_measure(old) if is_measure or isinstance(old, dict) else None
    if isinstance(value, dict) or (measure is None and not (is_measure and old is None)):
        return value
    measure = measure or {}
    if _is_number(value):
        measure["value"] = value
    elif isinstance(value, str) and (is_measure or "unit" in measure):
        try:
            parsed = units.parse_measure(value)
        except units.UnitError:
            return value  # the loader reports a bad measure as it does in a file
        measure["value"], measure["unit"] = parsed.value, parsed.unit
    else:
        return value
    was = "not given" if old is None else _show(old)
    if isinstance(old, dict):  # a dimensionless "1" is left out: "was 1.5"
        was = " ".join(_show(old[k]) for k in ("value", "unit") if k in old and old[k] != "1")
    old_unit = (_as_measure(old) or {}).get("unit")
    low, high = measure.get("low"), measure.get("high")
    if (low is not None or high is not None) and (
        measure.get("unit") != old_unit
        or (_is_number(low) and low > measure["value"])
        or (_is_number(high) and high < measure["value"])
    ):
        measure.pop("low", None)
        measure.pop("high", None)
        was += f" (range {_show(low)}–{_show(high)} dropped)"
    measure.pop("source", None)
    measure["assumption"] = f"{origin}: was {was}"
    return measure
