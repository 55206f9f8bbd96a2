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

Checkpoints and resuming: :mod:`corridor.checkpoint` (one rule for every job).

Workers and their lifetime: at most :data:`MAX_WORKERS` local processes (checked before
any work starts), and never more than there are chunks left to run. A pool worker dies
with the process that started it: on Linux it asks the kernel for ``SIGKILL`` when its
parent dies (``prctl(PR_SET_PDEATHSIG)``); on every platform (Linux too, as a second
line) a daemon thread in each worker polls whether the parent is still there (its id,
and multiprocessing's handle on it) every :data:`PARENT_POLL_S` and leaves when it is not;
and everywhere its standard output is ``/dev/null``, so a reader of the parent's pipe
(``corridor risk --workers 2 --json | cat``) sees the end of the output when the parent
ends, even if a worker lingers.
Chunks are generated lazily (:func:`chunk_ranges` is a sequence, not a list) and at most
two per worker are in flight, so memory does not grow with the number of chunks.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:  # the pool's modules load when a pool starts (start-up of 1-worker runs)
    from concurrent.futures import Future, ProcessPoolExecutor

import numpy as np

from corridor.checkpoint import Checkpoint, ChunkStore
from corridor.errors import InputError

__all__ = [
    "MAX_WORKERS",
    "PARENT_POLL_S",
    "SERIAL",
    "Checkpoint",
    "Chunk",
    "ChunkRanges",
    "ChunkResult",
    "ChunkRunner",
    "Progress",
    "RunSettings",
    "check_workers",
    "chunk_ranges",
    "run_chunks",
    "worker_state",
]

MAX_WORKERS = 64
"""Most local worker processes a run may ask for: beyond it a pool only costs memory and
start-up on any machine we run on (``workers`` above it is most likely a typo; a Dask
``scheduler`` is the way to more cores)."""

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


class ChunkRanges(Sequence[Chunk]):
    """Units ``start`` to ``stop`` in chunks of ``size``, made on demand (like ``range``)."""

    def __init__(self, stop: int, size: int, start: int = 0):
        self.start, self.stop, self.size = start, stop, size
        self._count = max(0, -(-(stop - start) // size))

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Chunk: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Chunk]: ...
    def __getitem__(self, index: int | slice) -> Chunk | Sequence[Chunk]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        a = self.start + index * self.size
        return Chunk(a, min(a + self.size, self.stop))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ChunkRanges):
            return (self.start, self.stop, self.size, len(self)) == (
                other.start, other.stop, other.size, len(other))  # fmt: skip
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __hash__(self) -> int:
        return hash((self.start, self.stop, self.size))

    @property
    def units(self) -> int:
        """Work units in all the chunks."""
        return max(0, self.stop - self.start)


def chunk_ranges(stop: int, size: int, start: int = 0) -> ChunkRanges:
    """Units ``start`` to ``stop`` cut into chunks of ``size`` (the last may be shorter)."""
    if size < 1:
        raise InputError(f"chunk size: must be at least 1, got {size}")
    return ChunkRanges(stop, size, start)


def check_workers(workers: int) -> int:
    """``workers`` if it is 1 to :data:`MAX_WORKERS`, else an ``InputError`` naming it."""
    if isinstance(workers, bool) or not isinstance(workers, int | np.integer):
        raise InputError(f"must be a whole number, got {workers!r}", parameter="workers")
    if workers < 1:
        raise InputError(f"must be at least 1, got {workers}", parameter="workers")
    if workers > MAX_WORKERS:
        raise InputError(
            f"must be at most {MAX_WORKERS} local processes (a Dask scheduler for more), "
            f"got {workers}",
            parameter="workers",
        )
    return int(workers)


@dataclass(frozen=True, slots=True)
class RunSettings:
    """Where a long job runs and what it keeps: the same answer for any of them.

    ``workers`` local processes (1: this process), or a Dask ``scheduler`` (an address or
    a ``distributed.Client``; ``workers`` is then not used). ``checkpoint``: a folder for
    the job's finished chunks (None: nothing is kept). ``resume``: chunks found there are
    not computed again; without it the job's chunk files are deleted first
    (:mod:`corridor.checkpoint`: the same rule for every job, whatever computes it).
    """

    workers: int = 1
    scheduler: str | Any | None = None
    checkpoint: str | Path | None = None
    resume: bool = False

    def __post_init__(self) -> None:
        if self.scheduler is None:
            check_workers(self.workers)

    @property
    def keeps(self) -> bool:
        """Whether finished chunks are kept (a ``checkpoint`` folder is given)."""
        return self.checkpoint is not None and str(self.checkpoint) != ""

    @property
    def in_process(self) -> bool:
        """Whether every chunk runs in this process (one worker, no scheduler)."""
        return self.scheduler is None and self.workers == 1

    def store(self, meta: Mapping[str, Any], *folder: str) -> Checkpoint | None:
        """The job's :class:`Checkpoint` (``checkpoint``/``folder``...), or None if none is kept."""
        if not self.keeps:
            return None
        assert self.checkpoint is not None  # keeps says so; for the type checker
        return Checkpoint(Path(self.checkpoint).joinpath(*folder), meta, resume=self.resume)

    def job_store(self, kind: str, scenario: Any, job: Any) -> Checkpoint | None:
        """The :class:`Checkpoint` of a fan-out over one scenario, in ``<kind>-<hash>``.

        ``job`` (JSON data, or reprs of it) describes the work (a sweep's grid, a
        tornado's ends); with the scenario's ``source_sha256`` it names the sub-folder,
        so one ``checkpoint`` folder holds many jobs and the same job finds its own again.
        A scenario without a digest (built in code) cannot be named and is refused.
        """
        if not self.keeps:
            return None
        import hashlib
        import json

        digest = getattr(scenario, "source_sha256", None)
        if digest is None:
            raise InputError(
                "a checkpoint needs a scenario loaded from a file (its digest names the job)",
                parameter="checkpoint",
            )
        text = json.dumps([kind, digest, job], sort_keys=True, default=repr)
        key = hashlib.sha256(text.encode()).hexdigest()[:20]
        meta = {"kind": kind, "scenario": scenario.name, "scenario_sha256": digest, "job": key}
        return self.store(meta, f"{kind}-{key}")


SERIAL = RunSettings()
"""One process, nothing kept: the default of every long computation."""


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
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_POLL_S = 0.2
"""How often a pool worker's watchdog thread asks whether its parent is still there, s."""


def _die_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` does (every platform), and write nothing to stdout.

    Two lines of defence. On Linux ``PR_SET_PDEATHSIG`` asks the kernel to send ``SIGKILL``
    when the parent dies (``CORRIDOR_PDEATHSIG=0`` leaves it out, to test the second line
    where it exists). Everywhere a daemon thread polls the parent id every
    :data:`PARENT_POLL_S`: a dead parent's children are adopted by another process, so
    the id changes, and the worker leaves. If the parent died before either was set up,
    the id has changed already and the worker leaves at once.
    """
    if sys.platform.startswith("linux") and os.environ.get("CORRIDOR_PDEATHSIG") != "0":
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the stdout below still frees a pipe
            pass
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(
        target=_watch_parent, args=(parent,), name="corridor-parent-watch", daemon=True
    ).start()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # the descriptor, not sys.stdout: HiGHS and C code write there too
    os.close(devnull)


def _watch_parent(parent: int) -> None:
    # POSIX gives a dead parent's children to another process (the id changes); Windows
    # keeps the id, so there multiprocessing's handle on the parent says it has ended
    from multiprocessing import parent_process

    while os.getppid() == parent:
        known = parent_process()
        if known is not None and not known.is_alive():
            break
        time.sleep(PARENT_POLL_S)
    os._exit(1)  # no clean-up: the parent that would want the results is gone


def _adopt(recipe: Any, parent: int) -> None:
    """Pool initializer: die with the parent, keep the job's recipe for every task."""
    global _POOL_RECIPE
    _die_with_parent(parent)
    _POOL_RECIPE = recipe


def _pool_task(task: Callable[[Any, Chunk], Any], chunk: Chunk) -> Any:
    return task(_POOL_RECIPE, chunk)


# --- the runner ---------------------------------------------------------------------------
class ChunkRunner(Generic[Recipe]):
    """Runs chunks of one job's ``recipe``; keeps its pool or Dask client between maps.

    Use as a context manager (or call :meth:`close`): the pool or the client made from an
    address is shut down at the end; a ``distributed.Client`` passed in is left open.
    """

    def __init__(self, recipe: Recipe, *, workers: int = 1, scheduler: str | Any | None = None):
        self.recipe = recipe
        self.workers = check_workers(workers) if scheduler is None else max(1, workers)
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
        store = ChunkStore(checkpoint) if checkpoint is not None else None
        results: dict[int, ChunkResult] = {}
        if store is not None:
            for index, chunk in enumerate(chunks):
                saved = store.load(chunk)
                if saved is not None:
                    results[index] = saved
        total = chunks.units if isinstance(chunks, ChunkRanges) else sum(c.units for c in chunks)
        done = sum(chunks[index].units for index in results)
        if progress is not None:
            progress(done, total)
        left = len(chunks) - len(results)
        todo = ((i, chunks[i]) for i in range(len(chunks)) if i not in results)
        for index, result in self._run(task, todo, left):
            if store is not None:
                store.save(chunks[index], result)
            results[index] = result
            done += chunks[index].units
            if progress is not None:
                progress(done, total)
        return [results[index] for index in range(len(chunks))]

    def _run(
        self,
        task: Callable[[Recipe, Chunk], ChunkResult],
        todo: Iterable[tuple[int, Chunk]],
        left: int,
    ) -> Iterator[tuple[int, ChunkResult]]:
        if left == 0:
            return
        if self.scheduler is not None:
            yield from self._run_dask(task, list(todo))
        elif self.workers == 1 or left == 1:
            for index, chunk in todo:
                yield index, task(self.recipe, chunk)
        else:
            yield from self._run_pool(task, todo, min(self.workers, left))

    def _run_pool(
        self, task: Callable[[Recipe, Chunk], ChunkResult], todo: Iterable[tuple[int, Chunk]],
        processes: int,
    ) -> Iterator[tuple[int, ChunkResult]]:  # fmt: skip
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from multiprocessing import get_all_start_methods, get_context

        if self._pool is None:
            context = get_context("fork") if "fork" in get_all_start_methods() else None
            self._pool = ProcessPoolExecutor(
                max_workers=processes, mp_context=context, initializer=_adopt,
                initargs=(self.recipe, os.getpid()),
            )  # fmt: skip
        pool, pending = self._pool, iter(todo)
        running: dict[Future[Any], int] = {}
        try:
            while True:
                # two chunks in flight per worker: busy workers, memory flat in the chunk count
                for index, chunk in pending:
                    running[pool.submit(_pool_task, task, chunk)] = index
                    if len(running) >= 2 * processes:
                        break
                if not running:
                    return
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield running.pop(future), future.result()
        finally:
            for future in running:
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
                    _check_address(str(self.scheduler))
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


def _check_address(address: str) -> None:
    """A ``ValueError`` for an address Dask cannot parse, before a ``Client`` is made.

    A ``Client`` that fails on a malformed address leaves a half-made object whose
    ``__del__`` prints a ``TimeoutError`` traceback some 20 s later.
    """
    from distributed.comm import parse_address
    from distributed.comm.addressing import parse_host_port

    protocol, location = parse_address(address)
    if protocol in ("tcp", "tls"):
        parse_host_port(location)


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
