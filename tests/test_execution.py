"""The chunked runner: the same results in-process, on a pool and for any chunk order;
checkpoints resume without recomputing, refuse another job's folder or a damaged meta.json
in one line, repair bad chunks; workers are bounded, chunks lazy, and a killed run leaves
no worker behind."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from corridor.errors import InputError
from corridor.execution import (
    MAX_WORKERS,
    SERIAL,
    Checkpoint,
    Chunk,
    ChunkRunner,
    RunSettings,
    chunk_ranges,
    run_chunks,
    worker_state,
)

CALLS: list[Chunk] = []


def squares(recipe: dict[str, int], chunk: Chunk) -> np.ndarray:
    """Unit k gives (k + offset)^2; counts the chunks computed in this process."""
    CALLS.append(chunk)
    return (np.arange(chunk.start, chunk.stop) + recipe["offset"]) ** 2


def columns(recipe: dict[str, int], chunk: Chunk) -> dict[str, np.ndarray]:
    units = np.arange(chunk.start, chunk.stop)
    return {"unit": units, "twice": 2.0 * units + recipe["offset"]}


def build_counter(recipe: dict[str, int]) -> list[int]:
    return [recipe["offset"]]


def test_chunk_ranges_cover_the_units() -> None:
    assert chunk_ranges(10, 4) == [Chunk(0, 4), Chunk(4, 8), Chunk(8, 10)]
    assert chunk_ranges(10, 4, start=6) == [Chunk(6, 10)]
    with pytest.raises(InputError):
        chunk_ranges(10, 0)


def test_same_results_in_process_and_on_a_pool() -> None:
    chunks = chunk_ranges(23, 4)
    expected = (np.arange(23) + 3) ** 2
    for workers in (1, 2):
        parts = run_chunks(squares, {"offset": 3}, chunks, workers=workers)
        np.testing.assert_array_equal(np.concatenate(parts), expected)
    parts = run_chunks(columns, {"offset": 1}, chunks, workers=2)
    np.testing.assert_array_equal(np.concatenate([p["unit"] for p in parts]), np.arange(23))


def test_progress_counts_units_up_to_the_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    run_chunks(squares, {"offset": 0}, chunk_ranges(10, 3), progress=lambda *a: seen.append(a))
    assert seen == [(0, 10), (3, 10), (6, 10), (9, 10), (10, 10)]
    seen.clear()
    run_chunks(squares, {"offset": 0}, chunk_ranges(10, 3), workers=2,
               progress=lambda *a: seen.append(a))  # fmt: skip
    assert seen[0] == (0, 10) and seen[-1] == (10, 10) and len(seen) == 5


class Stop(Exception):
    """Stands for a run killed part-way."""


def test_resume_gives_the_same_result_without_recomputing(tmp_path: Path) -> None:
    chunks = chunk_ranges(20, 5)
    whole = np.concatenate(run_chunks(squares, {"offset": 2}, chunks))
    store = Checkpoint(tmp_path / "ck", {"job": "squares", "offset": 2})

    def stop_after_two(done: int, total: int) -> None:
        if done >= 10:
            raise Stop

    with pytest.raises(Stop):
        run_chunks(squares, {"offset": 2}, chunks, checkpoint=store, progress=stop_after_two)
    assert json.loads((tmp_path / "ck" / "meta.json").read_text()) == dict(store.meta)
    assert len(list((tmp_path / "ck").glob("chunk-*.npy"))) == 2
    CALLS.clear()
    seen: list[int] = []
    resumed = run_chunks(squares, {"offset": 2}, chunks, checkpoint=store,
                         progress=lambda done, _: seen.append(done))  # fmt: skip
    np.testing.assert_array_equal(np.concatenate(resumed), whole)
    assert chunks[2:] == CALLS and seen[0] == 10
    # without resume the saved chunks are not trusted: all are computed again
    CALLS.clear()
    fresh = Checkpoint(store.folder, store.meta, resume=False)
    np.testing.assert_array_equal(np.concatenate(run_chunks(squares, {"offset": 2}, chunks,
                                                            checkpoint=fresh)), whole)  # fmt: skip
    assert chunks == CALLS


def test_columns_round_trip_through_the_checkpoint(tmp_path: Path) -> None:
    store = Checkpoint(tmp_path / "ck", {"job": "columns"})
    first = run_chunks(columns, {"offset": 1}, chunk_ranges(9, 4), checkpoint=store)
    assert len(list((tmp_path / "ck").glob("chunk-*.npz"))) == 3
    again = run_chunks(columns, {"offset": 99}, chunk_ranges(9, 4), checkpoint=store)
    for a, b in zip(first, again, strict=True):  # read back, not recomputed with offset 99
        np.testing.assert_array_equal(a["twice"], b["twice"])


def test_a_foreign_folder_is_refused_and_a_corrupt_chunk_recomputed(tmp_path: Path) -> None:
    chunks = chunk_ranges(12, 4)
    store = Checkpoint(tmp_path / "ck", {"job": "squares", "seed": 1})
    whole = run_chunks(squares, {"offset": 0}, chunks, checkpoint=store)
    with pytest.raises(InputError, match=r"belongs to another run \(differs in seed\)"):
        run_chunks(squares, {"offset": 0}, chunks,
                   checkpoint=Checkpoint(store.folder, {"job": "squares", "seed": 2}))  # fmt: skip
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "meta.json").write_text("{not json")
    with pytest.raises(InputError, match=r"unreadable meta\.json"):
        run_chunks(squares, {"offset": 0}, chunks, checkpoint=Checkpoint(tmp_path / "bad", {}))
    damaged = sorted(store.folder.glob("chunk-*.npy"))
    damaged[0].write_bytes(b"garbage")
    np.save(damaged[1], np.zeros(3))  # the wrong number of rows
    CALLS.clear()
    repaired = run_chunks(squares, {"offset": 0}, chunks, checkpoint=store)
    assert chunks[:2] == CALLS
    for a, b in zip(whole, repaired, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(np.load(damaged[0]), whole[0])


def test_worker_state_is_built_once_per_recipe() -> None:
    recipe = {"offset": 5}
    first = worker_state(recipe, build_counter)
    assert worker_state(recipe, build_counter) is first
    assert worker_state({"offset": 5}, build_counter) is not first  # another object
    keyed = worker_state({"offset": 6}, build_counter, key="k")
    assert worker_state({"offset": 7}, build_counter, key="k") is keyed


def test_workers_must_be_positive() -> None:
    with pytest.raises(InputError, match="workers"):
        run_chunks(squares, {"offset": 0}, chunk_ranges(4, 2), workers=0)


@pytest.mark.parametrize("workers", [MAX_WORKERS + 1, 2**70, True, 2.5])
def test_workers_are_bounded_before_any_work(workers: object) -> None:
    CALLS.clear()
    with pytest.raises(InputError, match=r"^workers: must be") as caught:
        run_chunks(squares, {"offset": 0}, chunk_ranges(4, 2), workers=workers)  # type: ignore[arg-type]
    assert caught.value.parameter == "workers" and CALLS == []


@pytest.mark.parametrize("workers", [0, MAX_WORKERS + 1, True, 2.5])
def test_run_settings_refuse_bad_workers_when_made(workers: object) -> None:
    with pytest.raises(InputError, match=r"^workers: must be") as caught:
        RunSettings(workers=workers)  # type: ignore[arg-type]
    assert caught.value.parameter == "workers"
    # with a Dask scheduler the local worker count is not used, so not checked
    assert RunSettings(workers=0, scheduler="tcp://host:8786").in_process is False


def test_run_settings_give_one_checkpoint_rule_to_every_job(tmp_path: Path) -> None:
    assert RunSettings() == SERIAL and SERIAL.in_process
    assert SERIAL.store({"job": 1}, "game") is None  # nothing kept without a folder
    assert RunSettings(checkpoint="").store({"job": 1}) is None
    kept = RunSettings(workers=2, checkpoint=tmp_path, resume=True).store({"job": 1}, "a", "b")
    assert kept == Checkpoint(tmp_path / "a" / "b", {"job": 1}, resume=True)
    fresh = RunSettings(checkpoint=str(tmp_path)).store({"job": 2})
    assert fresh == Checkpoint(tmp_path, {"job": 2}, resume=False)
    # what the rule means: a resumed job reads the chunks back, a fresh one recomputes them
    recipe, chunks = {"offset": 1}, chunk_ranges(6, 2)
    run_chunks(squares, recipe, chunks, checkpoint=RunSettings(checkpoint=tmp_path).store({"j": 3}))
    for again, computed in ((True, 0), (False, 3)):
        CALLS.clear()
        store = RunSettings(checkpoint=tmp_path, resume=again).store({"j": 3})
        run_chunks(squares, recipe, chunks, checkpoint=store)
        assert len(CALLS) == computed


def test_a_fan_out_is_kept_in_a_folder_named_by_its_scenario_and_job(tmp_path: Path) -> None:
    @dataclass(frozen=True)
    class Named:
        name: str = "mini"
        source_sha256: str | None = "ab" * 32

    run = RunSettings(checkpoint=tmp_path, resume=True)
    assert SERIAL.job_store("sweep", Named(), [1]) is None
    one, again = run.job_store("sweep", Named(), [1, 2]), run.job_store("sweep", Named(), [1, 2])
    assert one == again and one is not None and one.resume
    assert one.folder.parent == tmp_path and one.folder.name.startswith("sweep-")
    assert one.meta["scenario"] == "mini" and one.meta["scenario_sha256"] == "ab" * 32
    others = [run.job_store("sweep", Named(), [1, 3]), run.job_store("tornado", Named(), [1, 2]),
              run.job_store("sweep", Named(source_sha256="cd" * 32), [1, 2])]  # fmt: skip
    assert len({one.folder, *(o.folder for o in others if o is not None)}) == 4
    with pytest.raises(InputError, match="loaded from a file") as refused:
        run.job_store("sweep", Named(source_sha256=None), [1])
    assert refused.value.parameter == "checkpoint"


def test_a_pool_has_no_more_processes_than_chunks() -> None:
    with ChunkRunner({"offset": 0}, workers=8) as runner:
        parts = runner.map(squares, chunk_ranges(4, 2))
        assert runner._pool is not None and runner._pool._max_workers == 2
    np.testing.assert_array_equal(np.concatenate(parts), np.arange(4) ** 2)


@pytest.mark.parametrize("workers", [1, 2])
def test_chunks_are_made_as_they_run(workers: int) -> None:
    # 10^12 one-unit chunks: a list of them (or of their futures) would not fit in memory;
    # the run starts at once and stops at the first progress report past two chunks
    chunks = chunk_ranges(10**12, 1)
    assert len(chunks) == 10**12 and chunks[-1] == Chunk(10**12 - 1, 10**12)

    def stop(done: int, total: int) -> None:
        assert total == 10**12
        if done >= 2:
            raise Stop

    with pytest.raises(Stop):
        run_chunks(squares, {"offset": 0}, chunks, workers=workers, progress=stop)


@pytest.mark.parametrize("meta", [b"", b'{"job": "squ', b"\xff\xfe\x00", b"[1, 2]", b"null"])
def test_a_damaged_or_foreign_meta_is_one_input_error(tmp_path: Path, meta: bytes) -> None:
    (tmp_path / "ck").mkdir()
    (tmp_path / "ck" / "meta.json").write_bytes(meta)
    with pytest.raises(InputError, match=r"ck: belongs to another run \(unreadable meta\.json\)"):
        run_chunks(squares, {"offset": 0}, chunk_ranges(4, 2),
                   checkpoint=Checkpoint(tmp_path / "ck", {"job": "squares"}))  # fmt: skip
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        run_chunks(squares, {"offset": 0}, chunk_ranges(4, 2),
                   checkpoint=Checkpoint(tmp_path / "file", {"job": "squares"}))  # fmt: skip
    inside = Checkpoint(tmp_path / "file" / "job", {"job": "squares"})  # a job's sub-folder
    with pytest.raises(InputError, match=r"file: not a folder"):
        run_chunks(squares, {"offset": 0}, chunk_ranges(4, 2), checkpoint=inside)


def test_a_truncated_column_chunk_is_computed_again(tmp_path: Path) -> None:
    store = Checkpoint(tmp_path / "ck", {"job": "columns"})
    whole = run_chunks(columns, {"offset": 1}, chunk_ranges(9, 4), checkpoint=store)
    first = sorted((tmp_path / "ck").glob("chunk-*.npz"))[0]
    first.write_bytes(first.read_bytes()[:40])  # a zip cut short: BadZipFile on reading
    again = run_chunks(columns, {"offset": 1}, chunk_ranges(9, 4), checkpoint=store)
    np.testing.assert_array_equal(again[0]["twice"], whole[0]["twice"])
    with np.load(first) as repaired:  # written whole again
        np.testing.assert_array_equal(repaired["twice"], whole[0]["twice"])


# A --workers 2 run of the real CLI: long enough (a few hundred warm games) to be killed
# once both workers are up; its stdout is a pipe this test reads, as `| cat` would.
ORPHAN_ARGS = ["risk", "korea-2011", "--shapley", "--draws", "2000", "--workers", "2", "--json"]


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with open(task / "children") as handle:
            found |= {int(x) for x in handle.read().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie is dead, only not yet reaped


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
@pytest.mark.parametrize("pdeathsig", ["1", "0"], ids=["pdeathsig", "watchdog-only"])
def test_workers_die_with_a_killed_parent_and_the_pipe_ends(pdeathsig: str) -> None:
    # "0": without PR_SET_PDEATHSIG, as on macOS and Windows: the workers' watchdog
    # threads alone (they poll the parent every PARENT_POLL_S) must end them in time
    code = "from corridor.cli import main; main()"
    env = {**os.environ, "CORRIDOR_PDEATHSIG": pdeathsig}
    child = subprocess.Popen([sys.executable, "-c", code, *ORPHAN_ARGS], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
    assert child.stdout is not None
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(child.pid)) < 2:
            assert child.poll() is None, "the run ended before its workers started"
            assert time.monotonic() < deadline, "no two workers within 60 s"
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived their parent"
        # the reader sees the end of the output: no process holds the pipe open any more
        fd, data = child.stdout.fileno(), b"start"
        while data:
            left = max(0.0, deadline + 1 - time.monotonic())
            assert select.select([fd], [], [], left)[0], "the pipe stayed open"
            data = os.read(fd, 1 << 16)
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("address", ["garbage", "tcp://host-without-port"])
def test_a_malformed_scheduler_address_is_refused_before_a_client_exists(
    address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")

    class NoClient:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("a Client was made (its __del__ prints a traceback 20 s later)")

    monkeypatch.setattr(distributed, "Client", NoClient)
    with pytest.raises(InputError, match="missing port number") as caught:
        run_chunks(squares, {"offset": 0}, chunk_ranges(4, 2), scheduler=address)
    assert caught.value.parameter == "scheduler"
