"""One chunked map for every long computation: in this process, a process pool or Dask.

A job is a list of :class:`Chunk` ranges of work units (coalition LPs, Monte Carlo draws,
sampled permutations) and a ``task(recipe, chunk)`` that computes one chunk. The
``recipe`` is a picklable description of the job; it travels once to each worker (a pool
initializer, or a Dask broadcast) and the expensive object behind it, such as a warm
HiGHS instance, is built from it at most once per worker thread by :func:`worker_state`.
:class:`ChunkRunner` runs the chunks

* in this process when ``workers`` is 1 (or a single chunk is left to do),
* on a local pool of ``workers`` processes (forked where the platform allows),
* or on a Dask cluster (``scheduler``: an address or a ``distributed.Client``),

always on the same chunks, and returns their results in chunk order, so the answer is the
same whatever runs it. ``progress(done, total)`` is called in the calling process, in
work units: once before the first chunk (counting those found in the checkpoint) and
after every chunk that finishes.

A result is a numpy array, or a dict of arrays (columns), with one row per work unit.

Checkpoints and resuming (:class:`Checkpoint`): the folder holds a ``meta.json`` naming
the job and one file per finished chunk, ``chunk-<start>-<stop>.npy`` (an array) or
``.npz`` (columns). Every file is written to a temporary name, fsynced and renamed, so a
run killed at any moment (even by ``kill -9``) leaves whole files only. A folder whose
``meta.json`` names another job (or cannot be read) is refused with one
:class:`~corridor.errors.InputError` line; a folder without one is new, and chunk files
there are not trusted. With ``resume=True`` a chunk whose file is found and reads back with
one row per work unit is not computed again; a missing or corrupt file is computed and
written anew. With ``resume=False`` the job's chunk files are deleted first and
everything is computed.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np

from corridor.errors import InputError

__all__ = [
    "Checkpoint",
    "Chunk",
    "ChunkResult",
    "ChunkRunner",
    "Progress",
    "chunk_ranges",
    "run_chunks",
    "worker_state",
]

Progress = Callable[[int, int], None]
"""``progress(done, total)``: work units finished so far and in the whole job."""

ChunkResult = TypeVar("ChunkResult", np.ndarray, dict[str, np.ndarray])
Recipe = TypeVar("Recipe")
State = TypeVar("State")


@dataclass(frozen=True, slots=True)
class Chunk:
    """Work units ``start`` (inclusive) to ``stop`` (exclusive) of a job."""

    start: int
    stop: int

    @property
    def units(self) -> int:
        """Number of work units in the chunk."""
        return self.stop - self.start


def chunk_ranges(stop: int, size: int, start: int = 0) -> list[Chunk]:
    """Units ``start`` to ``stop`` cut into chunks of ``size`` (the last may be shorter)."""
    if size < 1:
        raise InputError(f"chunk size: must be at least 1, got {size}")
    return [Chunk(a, min(a + size, stop)) for a in range(start, stop, size)]


# --- the worker side ----------------------------------------------------------------------
# Per thread, not per process: a HiGHS instance is not thread-safe and Dask workers run
# several tasks at once in threads of one process. One object per build function and
# thread keeps memory flat; the recipe is held, so its identity cannot be reused.
_STATE = threading.local()


def worker_state(
    recipe: Recipe, build: Callable[[Recipe], State], key: Hashable | None = None
) -> State:
    """``build(recipe)``, made once per worker thread and reused while the recipe is the same.

    "The same" is the same object (the runner hands each worker one copy of a job's
    recipe), or, when ``key`` is given, an equal ``key``: a content hash lets jobs on the
    same data share the object (a warm LP and its memo), also across calls in one process
    and into forked pool workers.
    """
    held: dict[Any, tuple[Any, Any, Any]] = _STATE.__dict__.setdefault("held", {})
    found = held.get(build)
    same = found is not None and (found[1] == key if key is not None else found[0] is recipe)
    if found is None or not same:
        found = held[build] = (recipe, key, build(recipe))
    state: State = found[2]
    return state


_POOL_RECIPE: Any = None


def _adopt(recipe: Any) -> None:
    """Pool initializer: keep the job's recipe for every task of this worker process."""
    global _POOL_RECIPE
    _POOL_RECIPE = recipe


def _pool_task(task: Callable[[Any, Chunk], Any], chunk: Chunk) -> Any:
    return task(_POOL_RECIPE, chunk)


# --- checkpoints --------------------------------------------------------------------------
@dataclass(frozen=True)
class Checkpoint:
    """A folder keeping a job's finished chunks; ``meta`` (JSON data) names the job."""

    folder: Path
    meta: Mapping[str, Any] = field(default_factory=dict)
    resume: bool = True


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # platforms without directory handles
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, write: Callable[[Any], None]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)  # atomic: a kill leaves either no file or a whole one
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


class _Store:
    """The checkpoint folder of one job: checks or writes its meta, reads and writes chunks."""

    def __init__(self, checkpoint: Checkpoint):
        self.folder = Path(checkpoint.folder)
        meta = json.loads(json.dumps(dict(checkpoint.meta)))
        meta_file = self.folder / "meta.json"
        self.trusted = checkpoint.resume
        if meta_file.exists():
            try:
                found = json.loads(meta_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                found = None
            if found != meta:
                why = (
                    "differs in " + ", ".join(sorted(k for k in meta if found.get(k) != meta[k]))
                    if isinstance(found, dict)
                    else "unreadable meta.json"
                )
                raise InputError(
                    f"{self.folder}: belongs to another run ({why}); use a new folder",
                    parameter="checkpoint",
                )
        else:
            self.trusted = False  # chunk files without a meta are of unknown origin
            self.folder.mkdir(parents=True, exist_ok=True)
            text = (json.dumps(meta, indent=2) + "\n").encode("utf-8")
            _write_atomic(meta_file, lambda handle: handle.write(text))

    def _paths(self, chunk: Chunk) -> tuple[Path, Path]:
        stem = f"chunk-{chunk.start:09d}-{chunk.stop:09d}"
        return self.folder / f"{stem}.npy", self.folder / f"{stem}.npz"

    def load(self, chunk: Chunk) -> Any:
        """The chunk's saved result, or None (missing, corrupt, or not to be trusted)."""
        array_file, columns_file = self._paths(chunk)
        if not self.trusted:
            array_file.unlink(missing_ok=True)
            columns_file.unlink(missing_ok=True)
            return None
        try:
            if array_file.exists():
                result: Any = np.load(array_file, allow_pickle=False)
                arrays = [result]
            elif columns_file.exists():
                with np.load(columns_file, allow_pickle=False) as data:
                    result = {k: np.array(data[k]) for k in data.files}
                arrays = list(result.values())
            else:
                return None
        except (OSError, ValueError, EOFError, KeyError):  # a damaged file: compute it again
            return None
        if not arrays or any(np.ndim(a) == 0 or len(a) != chunk.units for a in arrays):
            return None
        return result

    def save(self, chunk: Chunk, result: Any) -> None:
        array_file, columns_file = self._paths(chunk)
        if isinstance(result, dict):
            _write_atomic(columns_file, lambda handle: np.savez(handle, **result))
        else:
            _write_atomic(array_file, lambda handle: np.save(handle, np.asarray(result)))


# --- the runner ---------------------------------------------------------------------------
class ChunkRunner(Generic[Recipe]):
    """Runs chunks of one job's ``recipe``; keeps its pool or Dask client between maps.

    Use as a context manager (or call :meth:`close`): the pool or the client made from an
    address is shut down at the end; a ``distributed.Client`` passed in is left open.
    """

    def __init__(self, recipe: Recipe, *, workers: int = 1, scheduler: str | Any | None = None):
        if workers < 1:
            raise InputError(f"must be at least 1, got {workers}", parameter="workers")
        self.recipe = recipe
        self.workers = workers
        self.scheduler = scheduler
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        self._remote: Any = None

    def __enter__(self) -> ChunkRunner[Recipe]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the pool (unstarted chunks are dropped) and a client this runner opened."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        client, self._client, self._remote = self._client, None, None
        if client is not None and client is not self.scheduler:
            client.close()

    def map(
        self,
        task: Callable[[Recipe, Chunk], ChunkResult],
        chunks: Sequence[Chunk],
        *,
        checkpoint: Checkpoint | None = None,
        progress: Progress | None = None,
    ) -> list[ChunkResult]:
        """``task(recipe, chunk)`` for every chunk, in chunk order (see the module docstring).

        ``task`` must be a module-level function when the chunks leave this process.
        """
        store = _Store(checkpoint) if checkpoint is not None else None
        results: dict[int, ChunkResult] = {}
        if store is not None:
            for index, chunk in enumerate(chunks):
                saved = store.load(chunk)
                if saved is not None:
                    results[index] = saved
        total = sum(chunk.units for chunk in chunks)
        done = sum(chunks[index].units for index in results)
        if progress is not None:
            progress(done, total)
        todo = [index for index in range(len(chunks)) if index not in results]
        for index, result in self._run(task, [(i, chunks[i]) for i in todo]):
            if store is not None:
                store.save(chunks[index], result)
            results[index] = result
            done += chunks[index].units
            if progress is not None:
                progress(done, total)
        return [results[index] for index in range(len(chunks))]

    def _run(
        self, task: Callable[[Recipe, Chunk], ChunkResult], todo: list[tuple[int, Chunk]]
    ) -> Iterator[tuple[int, ChunkResult]]:
        if not todo:
            return
        if self.scheduler is not None:
            yield from self._run_dask(task, todo)
        elif self.workers == 1 or len(todo) == 1:
            for index, chunk in todo:
                yield index, task(self.recipe, chunk)
        else:
            yield from self._run_pool(task, todo)

    def _run_pool(
        self, task: Callable[[Recipe, Chunk], ChunkResult], todo: list[tuple[int, Chunk]]
    ) -> Iterator[tuple[int, ChunkResult]]:
        if self._pool is None:
            context = get_context("fork") if "fork" in get_all_start_methods() else None
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_adopt,
                initargs=(self.recipe,),
            )  # fmt: skip
        futures: dict[Future[Any], int] = {
            self._pool.submit(_pool_task, task, chunk): index for index, chunk in todo
        }
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            for future in futures:
                future.cancel()

    def _run_dask(
        self, task: Callable[[Recipe, Chunk], ChunkResult], todo: list[tuple[int, Chunk]]
    ) -> Iterator[tuple[int, ChunkResult]]:
        from distributed import Client
        from distributed import as_completed as dask_completed

        if self._client is None:
            if isinstance(self.scheduler, Client):
                self._client = self.scheduler
            else:
                try:
                    self._client = Client(self.scheduler, timeout=10, set_as_default=False)
                except (OSError, TimeoutError, ValueError) as exc:
                    raise InputError(
                        f"cannot reach a Dask scheduler at {self.scheduler!r} ({exc})",
                        parameter="scheduler",
                    ) from None
            # hash=False: a key of its own; a content-hashed key is shared with any other
            # run that scatters an equal recipe, whose release can then drop this one's
            # data mid-run ("lost dependencies")
            self._remote = self._client.scatter(self.recipe, broadcast=True, hash=False)
        client = self._client
        futures = {
            client.submit(task, self._remote, chunk, pure=False): index for index, chunk in todo
        }
        try:
            for future in dask_completed(list(futures), loop=client.loop):
                yield futures[future], future.result()
        finally:
            client.cancel(list(futures))


def run_chunks(
    task: Callable[[Recipe, Chunk], ChunkResult],
    recipe: Recipe,
    chunks: Sequence[Chunk],
    *,
    workers: int = 1,
    scheduler: str | Any | None = None,
    checkpoint: Checkpoint | None = None,
    progress: Progress | None = None,
) -> list[ChunkResult]:
    """One map of ``task`` over ``chunks`` on a fresh :class:`ChunkRunner`."""
    with ChunkRunner(recipe, workers=workers, scheduler=scheduler) as runner:
        return runner.map(task, chunks, checkpoint=checkpoint, progress=progress)
