"""A run killed with SIGKILL and resumed equals an uninterrupted run, and the resumed run
does not solve the chunks the killed one finished."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import corridor.games.values as values_module
from corridor.execution import RunSettings
from corridor.games import coalition_values
from corridor.games.synthetic import transit_network
from corridor.market import MarketModel

CHUNK = 8
# The child is the real API with a checkpoint; its solver is slowed down (50 ms per chunk)
# only so that the test can kill it half-way on any machine.
CHILD = textwrap.dedent(
    """
    import sys, time
    import corridor.games.values as v
    from corridor.execution import RunSettings
    from corridor.games.synthetic import transit_network
    real = v.solve_keys
    def slow(*args):
        time.sleep(0.05)
        return real(*args)
    v.solve_keys = slow
    scenario = transit_network(10, seed=4)
    v.coalition_values(scenario, run=RunSettings(checkpoint=sys.argv[1]),
                       chunk_size=int(sys.argv[2]))
    """
)


def test_killed_run_resumes_without_redoing_finished_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = MarketModel(transit_network(10, seed=4))
    uninterrupted = coalition_values(model)
    checkpoint = tmp_path / "checkpoints"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(checkpoint), str(CHUNK)])
    try:
        deadline = time.monotonic() + 60
        while len(list(checkpoint.glob("*/chunk-*.npy"))) < 3:
            assert child.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no chunk finished within 60 s"
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    finished = {path: path.read_bytes() for path in checkpoint.glob("*/chunk-*.npy")}
    total_chunks = -(-uninterrupted.lp_solves // CHUNK)
    assert 3 <= len(finished) < total_chunks

    solved: list[int] = []
    real = values_module.solve_keys

    def counting(program, keys, n_columns):  # type: ignore[no-untyped-def]
        solved.append(len(keys))
        return real(program, keys, n_columns)

    monkeypatch.setattr(values_module, "solve_keys", counting)
    resumed = coalition_values(
        model, run=RunSettings(checkpoint=checkpoint, resume=True), chunk_size=CHUNK
    )
    # the same bytes as the uninterrupted run (other chunking, other process)
    assert resumed.values.tobytes() == uninterrupted.values.tobytes()
    # only the unfinished chunks were solved, and the finished ones were left as they were
    assert len(solved) == total_chunks - len(finished)
    done_lps = sum(len(np.load(path)) for path in finished)
    assert sum(solved) == uninterrupted.lp_solves - done_lps
    for path, data in finished.items():
        assert path.read_bytes() == data
    # a second resume finds every chunk and solves nothing
    solved.clear()
    again = coalition_values(
        model, run=RunSettings(checkpoint=checkpoint, resume=True), chunk_size=CHUNK
    )
    assert solved == []
    np.testing.assert_array_equal(again.values, resumed.values)
    # without resume the checkpoint is not trusted: everything is solved again
    coalition_values(model, run=RunSettings(checkpoint=checkpoint), chunk_size=CHUNK)
    assert len(solved) == total_chunks
