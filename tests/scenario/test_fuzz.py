"""Fuzzing the loader: mutated bundled scenarios get a one-line message or a result.

Each example mutates a bundled scenario (keys deleted, types swapped, extreme and
non-finite numbers, unicode and control characters, truncation, deep nesting) and runs
``corridor validate`` and, when that accepts the file, ``corridor run --json`` in-process
through the CLI's own error handling. The promise checked: exit 0 with a JSON result,
or exit 2 with one line per problem, each naming the file (``file:line: ...``) or
starting ``error:``; never a traceback, never another exit code.

``make test`` runs 25 examples per test, derandomised (the same inputs every
run); ``FUZZ_EXAMPLES=2000`` runs a bigger, random campaign.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from corridor.scenario.library import bundled_path
from tests.cli.inprocess import corridor_here

_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
_SETTINGS = settings(
    max_examples=_EXAMPLES or 25,
    deadline=None,
    derandomize=not _EXAMPLES,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_SCENARIOS = ("korea-2011", "six-party-2011")
_TEXTS = {name: bundled_path(name).read_text(encoding="utf-8") for name in _SCENARIOS}
_DOCUMENTS = {name: tomllib.loads(text) for name, text in _TEXTS.items()}
_FOLDER = Path(tempfile.mkdtemp(prefix="corridor-fuzz-"))
_NAMES = itertools.count()

Path_ = tuple[str | int, ...]

EXTREME_NUMBERS = (0, -0.0, 5e-324, 1e-320, 1e-300, 1e-9, -1, -1e308, 1e20, 1e21, 1e300,
                   1.7e308, 2**63, 2**64, -(2**63), math.nan, math.inf, -math.inf)  # fmt: skip
NASTY_TEXT = ("", " ", "\n", "a\nb.toml:1: forged: line", "\x00", "\x1b[31m", "\u2028",
              "\u202e", "é", "日本", "🙂", "x" * 300, "KP ", "../x", "{", "'\"")  # fmt: skip
OTHER_TYPES: tuple[Any, ...] = (True, 0, -1, 1.5, "x", "12 bcm/yr", "1e999 bcm/yr", [], {},
                                [1, "a"], {"value": 1}, {"value": 1, "unit": "parsec"})  # fmt: skip


def _paths(node: Any, prefix: Path_ = ()) -> Iterator[Path_]:
    """Every key path of a parsed document (tables, arrays and leaves)."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        path = (*prefix, key)
        yield path
        if isinstance(value, dict | list):
            yield from _paths(value, path)


_PATHS = {name: list(_paths(document)) for name, document in _DOCUMENTS.items()}


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _parent(document: Any, path: Path_) -> Any | None:
    """The container holding ``path``'s last key, None when an earlier mutation removed it."""
    node = document
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(node, dict) and path[-1] in node:
        return node
    if isinstance(node, list) and isinstance(path[-1], int) and path[-1] < len(node):
        return node
    return None


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def _number_in(value: Any, number: float) -> Any:
    """``number`` where ``value`` had one: in a measure string, a measure table, or as is."""
    if isinstance(value, str) and value[:1].isdigit() and " " in value:
        return f"{number!r} {value.split(' ', 1)[1]}"
    if isinstance(value, dict) and "value" in value:
        return {**value, "value": number}
    return number


@st.composite
def document_mutation(draw: st.DrawFn, name: str) -> tuple[str, Path_, Any]:
    path = draw(st.sampled_from(_PATHS[name]))
    kind = draw(st.sampled_from(["delete", "type", "number", "text", "nest"]))
    argument: Any = None
    if kind == "type":
        argument = draw(st.sampled_from(OTHER_TYPES))
    elif kind == "number":
        argument = draw(st.sampled_from(EXTREME_NUMBERS) | st.floats() | st.integers())
    elif kind == "text":
        argument = draw(st.sampled_from(NASTY_TEXT) | st.text(max_size=20))
    elif kind == "nest":
        argument = draw(st.sampled_from([8, 31, 33, 100]))
    return kind, path, argument


def _apply(document: dict[str, Any], mutation: tuple[str, Path_, Any]) -> None:
    kind, path, argument = mutation
    parent = _parent(document, path)
    if parent is None:
        return
    key = path[-1]
    if kind == "delete":
        del parent[key]
    elif kind == "type":
        parent[key] = argument
    elif kind == "number":
        parent[key] = _number_in(parent[key], argument)
    elif kind == "text":
        old = parent[key]
        parent[key] = (old + argument) if isinstance(old, str) and len(argument) < 3 else argument
    else:
        parent[key] = _nested(argument)


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str:
    kind = draw(st.sampled_from(["truncate", "insert", "drop_line", "deep", "huge_number"]))
    at = draw(st.integers(0, len(text)))
    if kind == "truncate":
        return text[:at]
    if kind == "insert":
        return text[:at] + draw(st.sampled_from(NASTY_TEXT) | st.text(max_size=5)) + text[at:]
    if kind == "drop_line":
        lines = text.splitlines(keepends=True)
        return "".join(lines[: at % len(lines)] + lines[at % len(lines) + 1 :])
    if kind == "deep":
        depth = draw(st.sampled_from([33, 500, 5000]))
        return f"{text}\ndeep = {'[' * depth}{']' * depth}\n"
    digits = draw(st.sampled_from(["1e999", "1e308", "1e-330", "9" * 400, "nan", "-inf"]))
    return text.replace('"6 bcm/yr"', f'"{digits} bcm/yr"', 1).replace(" = 60,", f" = {digits},")


def _check(text: str) -> None:
    file = _FOLDER / f"fuzz-{next(_NAMES)}.toml"
    file.write_text(text, encoding="utf-8")
    try:
        code, _, err = corridor_here("validate", str(file))
        event(f"validate exit {code}")
        _assert_outcome(code, err, str(file))
        if code == 0:
            code, out, err = corridor_here("run", str(file), "--json")
            event(f"run exit {code}")
            _assert_outcome(code, err, str(file))
            if code == 0:
                assert json.loads(out)["schema"] == "corridor.result/1"
    finally:
        file.unlink()


def _assert_outcome(code: int, err: str, file: str) -> None:
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        lines = err.splitlines()
        assert lines, "exit 2 without a message"
        for line in lines:
            assert line.startswith((f"{file}:", "error: ")), line


@_SETTINGS
@given(data=st.data(), name=st.sampled_from(_SCENARIOS))
def test_mutated_documents_get_a_message_or_a_result(data: st.DataObject, name: str) -> None:
    document = _copy(_DOCUMENTS[name])
    for mutation in data.draw(st.lists(document_mutation(name), min_size=1, max_size=3)):
        _apply(document, mutation)
    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError, RecursionError):  # not expressible in TOML
        assume(False)
    _check(text)


@_SETTINGS
@given(data=st.data(), name=st.sampled_from(_SCENARIOS))
def test_mutated_texts_get_a_message_or_a_result(data: st.DataObject, name: str) -> None:
    text = data.draw(text_mutation(_TEXTS[name]))
    _check(text)
