"""Reading scenario TOML: what the parser cannot handle gets a located one-line problem."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corridor.errors import ScenarioError
from corridor.scenario import load, loads
from corridor.scenario.source import MAX_DEPTH, MAX_FILE_BYTES
from tests.scenario.test_load import VALID


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        loads(text, file="deep.toml")
    return [str(p) for p in info.value.problems]


def test_nesting_beyond_the_parsers_recursion_is_one_located_line() -> None:
    # 500 levels in 1 kB: tomllib itself raises RecursionError
    text = VALID + "\nx = " + "[" * 500 + "]" * 500 + "\n"
    line = len(VALID.splitlines()) + 2
    message = "nested deeper than 32 levels of tables and arrays"
    assert _problems(text) == [f"deep.toml:{line}: {message}"]


def test_nesting_the_parser_accepts_but_the_checks_would_not() -> None:
    # the document is level 1, so x may hold MAX_DEPTH - 1 arrays
    ok = "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1)
    assert _problems(f"x = {ok}\n" + VALID)[0].startswith("deep.toml:1: x: unknown section")
    deeper = "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH
    assert _problems(f"x = {deeper}\n" + VALID) == [
        "deep.toml:1: nested deeper than 32 levels of tables and arrays"
    ]


def test_huge_text_is_refused_before_parsing() -> None:
    found = _problems("#" * (MAX_FILE_BYTES + 1))
    assert found == [f"deep.toml: larger than {MAX_FILE_BYTES:,} bytes, the largest scenario "
                     "file read"]  # fmt: skip


def test_devices_and_fifos_are_not_called_missing(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    for path in (fifo, Path(os.devnull)):
        with pytest.raises(ScenarioError) as info:
            load(path)  # a fifo would block a reader: refused before it is opened
        assert [str(p) for p in info.value.problems] == [
            f"{path}: not a regular file (a fifo, device or socket)"
        ]
