"""Stored reference results of the bundled scenarios: what each analysis printed as JSON.

``python -m tests.data.reference`` writes ``tests/data/<scenario>/<analysis>.json`` by
running each command of :data:`CASES` with ``--json``; tests/test_reference_results.py
runs them again and compares with :func:`assert_close`. Regenerate only on purpose (a
headline number changed for a reason), and say the reason in the commit message.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent

CASES: dict[tuple[str, str], list[str]] = {
    ("korea-2011", "run"): ["run", "korea-2011"],
    ("korea-2011", "power"): ["power", "korea-2011"],
    ("korea-2011", "deal"): ["deal", "korea-2011"],
    ("korea-2011", "risk"): ["risk", "korea-2011", "--draws", "200", "--seed", "1"],
    ("korea-2011", "timeline"): ["timeline", "korea-2011"],
    ("korea-2011", "staged"): ["staged", "korea-2011"],
    ("six-party-2011", "negotiate"): [
        "negotiate", "six-party-2011", "--draws", "20", "--seed", "1",
    ],
}  # fmt: skip

RTOL = 1e-6
"""Relative tolerance: above LP and floating-point noise, far below any change of meaning."""
ATOL = 1e-6
"""Absolute tolerance for numbers near zero (USD m/yr, bcm/yr: a dollar, a thousand m3)."""


def path_of(scenario: str, analysis: str) -> Path:
    return HERE / scenario / f"{analysis}.json"


def compute(args: list[str]) -> Any:
    """Run ``corridor ARGS --json`` in this process and parse what it prints."""
    from corridor.cli import app
    from corridor.cli.common import run_guarded

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = run_guarded(lambda **o: app(prog_name="corridor", args=[*args, "--json"], **o))
    if code != 0:
        raise RuntimeError(f"corridor {' '.join(args)} --json exited {code}")
    return json.loads(out.getvalue())


def assert_close(actual: Any, expected: Any, where: str = "$") -> None:
    """Equal structure and text; numbers within :data:`RTOL` / :data:`ATOL`."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        assert actual.keys() == expected.keys(), (
            f"{where}: keys differ: missing {sorted(expected.keys() - actual.keys())}, "
            f"new {sorted(actual.keys() - expected.keys())}"
        )
        for key in expected:
            assert_close(actual[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: expected a list, got {actual!r}"
        assert len(actual) == len(expected), (
            f"{where}: {len(actual)} items, expected {len(expected)}"
        )
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_close(a, e, f"{where}[{i}]")
    elif isinstance(expected, float) or (
        isinstance(expected, int) and not isinstance(expected, bool) and isinstance(actual, float)
    ):
        assert isinstance(actual, int | float) and not isinstance(actual, bool), (
            f"{where}: expected a number, got {actual!r}"
        )
        assert math.isclose(actual, expected, rel_tol=RTOL, abs_tol=ATOL), (
            f"{where}: {actual!r} != {expected!r}"
        )
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def regenerate(names: list[str]) -> None:
    from corridor.cli.common import write_atomic

    for (scenario, analysis), args in CASES.items():
        if names and analysis not in names and scenario not in names:
            continue
        target = path_of(scenario, analysis)
        write_atomic(target, json.dumps(compute(args), indent=2, allow_nan=False) + "\n")
        print(f"wrote {target.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    regenerate(sys.argv[1:])
