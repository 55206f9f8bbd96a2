"""Every ``--json`` prints one JSON document and nothing else on stdout, with a schema.

The commands run as real processes: a solver banner written by C code to file descriptor 1
(as highspy 1.16 does) bypasses ``sys.stdout`` and so cannot be seen in-process.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from corridor.cli import every_command

# one invocation per command that has --json, on the bundled scenarios
INVOCATIONS: dict[str, list[str]] = {
    "run": ["run", "korea-2011"],
    "scenarios": ["scenarios"],
    "negotiate": ["negotiate", "six-party-2011", "--draws", "20", "--seed", "1"],
    "power": ["power", "korea-2011"],
    "compare": ["compare", "korea-2011", "--set", "links.subsea.build_time=4 yr"],
    "deal": ["deal", "korea-2011"],
    "risk": ["risk", "korea-2011", "--draws", "20", "--seed", "1"],
    "timeline": ["timeline", "korea-2011", "--commodity", "gas"],
    "staged": ["staged", "korea-2011"],
    "engineer pipeline": ["engineer", "pipeline", "--length-km", "700", "--throughput", "10"],
    "engineer lng": ["engineer", "lng", "--distance-km", "1500"],
    "engineer costs": ["engineer", "costs"],
    "engineer scenario": ["engineer", "scenario", "korea-2011"],
    "freight routes": ["freight", "routes"],
    "freight rates": ["freight", "rates"],
    "sweep": ["sweep", "korea-2011", "--set", "deal.alternative_price=8,16", "--metric", "npv.KR"],
    "solve-for": [
        "solve-for",
        "korea-2011",
        "--vary",
        "deal.alternative_price=8:16",
        "--metric",
        "npv.KR",
        "--target",
        "5000",
    ],
}

SCHEMA = re.compile(r"^corridor\.[a-z][a-z.-]*/\d+$")


def commands_with_json() -> set[str]:
    """Command paths (``"engineer lng"``) of every command that takes ``--json``."""
    return {
        " ".join(path)
        for path, command in every_command().items()
        if any("--json" in param.opts for param in command.params)
    }


def test_every_json_command_is_exercised() -> None:
    assert commands_with_json() == set(INVOCATIONS)


@pytest.mark.parametrize("name", sorted(INVOCATIONS))
def test_json_stdout_is_one_document_with_a_schema(name: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "corridor", *INVOCATIONS[name], "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)  # fails on a banner or any other stray line
    assert isinstance(document, dict)
    assert SCHEMA.match(document["schema"]), document["schema"]
    assert "HiGHS" not in done.stderr
