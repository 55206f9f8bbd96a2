"""Shared bits of the benchmarks: timing and result files."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"


def rate(work: Callable[[], int], min_seconds: float = 1.0) -> float:
    """Items per second of ``work`` (which returns how many items it did), repeated for at
    least ``min_seconds``."""
    done, start = 0, time.perf_counter()
    while True:
        done += work()
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done / elapsed


def write_result(name: str, result: dict[str, Any]) -> Path:
    result = {
        "machine": {"python": platform.python_version(), "cpu": platform.processor()},
        **result,
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    return path
