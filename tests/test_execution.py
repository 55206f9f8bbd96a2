"""The chunked runner: the same results in-process, on a pool and for any chunk order;
checkpoints resume without recomputing, refuse another job's folder, repair bad chunks."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from corridor.errors import InputError
from corridor.execution import Checkpoint, Chunk, chunk_ranges, run_chunks, worker_state

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
