"""Background jobs with progress and cancellation, each owned by one client, fairly queued.

A job runs a function that takes a progress callback. The callback records the share of
work done and raises :class:`Cancelled` once the job has been cancelled, so work stops at
its next progress report. The stages turn the ``progress(done, total)`` callback of
:mod:`corridor.execution` into that share, so a power or risk job reports (and can be
cancelled) after each chunk of coalition LPs or draws, within a commodity's game.
Jobs are looked up by (owner, id): a client never sees another client's jobs.

Fairness does not rest on the cookie alone, which a client may drop or invent: each job
counts against its ``client`` (the cookie, or for a request without one its connection
address, so cookie-less requests from one address share one quota), against its
``address`` (every cookie from one address together) and against the whole server. A free
worker takes the next job round-robin over clients, so a client with many queued jobs
delays another client's job by at most one job per worker.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

from corridor.errors import CorridorError

Status = Literal["queued", "running", "done", "failed", "unavailable", "cancelled"]
Work = Callable[[Callable[[float], None]], dict[str, Any]]

_log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a job's progress callback once the job has been cancelled."""


class JobLimit(Exception):
    """A client, its address or the whole server has too many unfinished jobs.

    ``scope`` is ``"client"``, ``"address"`` or ``"server"``; ``str()`` says which limit.
    """

    def __init__(self, message: str, scope: str):
        self.scope = scope
        super().__init__(message)


class Refused(Exception):
    """A job ended because the analysis cannot run; ``str()`` says why."""


def one_line(text: str, limit: int = 500) -> str:
    """``text`` on one line: line breaks as ``"; "``, other control characters dropped."""
    joined = "; ".join(part.strip() for part in text.splitlines() if part.strip())
    clean = "".join(c for c in joined if c.isprintable())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def failure_message(exc: BaseException) -> str:
    """What a failed job tells its client: corridor's own message, never a library's.

    A :class:`~corridor.errors.CorridorError` (bad input, a solver status) gives its
    message on one line; anything else gives ``internal error: <class name>`` only.
    """
    if isinstance(exc, CorridorError):
        return one_line(str(exc)) or f"internal error: {type(exc).__name__}"
    return f"internal error: {type(exc).__name__}"


@dataclass
class Job:
    """One background job. ``progress`` 0–1; ``result`` set when ``status`` is done.

    ``client`` is the key of the job's per-client quota and queue, ``address`` the
    connection address it came from.
    """

    id: str
    owner: str
    analysis: str
    scenario: str
    status: Status = "queued"
    progress: float = 0.0
    message: str = ""
    result: dict[str, Any] | None = None
    created: float = field(default_factory=time.time)
    client: str = ""
    address: str = ""
    cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    work: Work | None = field(default=None, repr=False)

    @property
    def finished(self) -> bool:
        """True once the job cannot change any more."""
        return self.status in ("done", "failed", "unavailable", "cancelled")

    def to_dict(self, with_result: bool = True) -> dict[str, Any]:
        """JSON form of the job (``result`` only when asked and done)."""
        out: dict[str, Any] = {
            "id": self.id,
            "analysis": self.analysis,
            "scenario": self.scenario,
            "status": self.status,
            "progress": round(self.progress, 4),
            "message": self.message,
        }
        if with_result:
            out["result"] = self.result
        return out


class JobManager:
    """Runs jobs on a small thread pool under three limits of unfinished jobs.

    ``max_active_per_client`` per client key, ``max_active_per_address`` per connection
    address, ``max_active`` on the whole server (queued and running jobs count). Keeps the
    latest ``keep`` jobs of each owner and at most ``keep_total`` finished jobs in all
    (oldest forgotten first), so memory does not grow with the number of clients.
    """

    def __init__(
        self,
        workers: int = 2,
        max_active_per_client: int = 4,
        keep: int = 20,
        *,
        max_active_per_address: int = 16,
        max_active: int = 32,
        keep_total: int = 200,
    ):
        self.workers = workers
        self.max_active_per_client = max_active_per_client
        self.max_active_per_address = max_active_per_address
        self.max_active = max_active
        self.keep = keep
        self.keep_total = keep_total
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._jobs: dict[str, dict[str, Job]] = {}
        self._queues: dict[str, deque[Job]] = {}
        self._served: dict[str, int] = {}  # client -> when it last had a job started
        self._tick = 0

    def submit(
        self,
        owner: str,
        analysis: str,
        scenario: str,
        work: Work,
        *,
        client: str | None = None,
        address: str = "",
    ) -> Job:
        """Queue ``work`` for ``owner``; JobLimit when a limit of unfinished jobs is reached.

        ``client`` (default: ``owner``) is the quota and queue the job counts against,
        ``address`` the connection address (``""``: not counted per address).
        """
        key = owner if client is None else client
        with self._lock:
            active = [job for jobs in self._jobs.values() for job in jobs.values()
                      if not job.finished]  # fmt: skip
            self._check(active, key, address)
            job = Job(secrets.token_hex(8), owner, analysis, scenario, client=key,
                      address=address, work=work)  # fmt: skip
            self._jobs.setdefault(owner, {})[job.id] = job
            self._queues.setdefault(key, deque()).append(job)
            self._forget_old(owner)
            if self._pool is None:
                # (re)started lazily: an app's lifespan may end and begin again (tests)
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="corridor-job")
            pool = self._pool
        # one pool task per job; each task runs whichever job is next in the rotation
        pool.submit(self._run_next)
        return job

    def _check(self, active: list[Job], client: str, address: str) -> None:
        mine = sum(job.client == client for job in active)
        if mine >= self.max_active_per_client:
            raise JobLimit(
                f"{mine} jobs of this client still unfinished; wait for one or cancel it "
                f"(at most {self.max_active_per_client} at a time per client)",
                "client",
            )
        here = sum(job.address == address for job in active) if address else 0
        if here >= self.max_active_per_address:
            raise JobLimit(
                f"{here} jobs from this address still unfinished; wait for one or cancel it "
                f"(at most {self.max_active_per_address} at a time per address)",
                "address",
            )
        if len(active) >= self.max_active:
            raise JobLimit(
                f"the server has {len(active)} unfinished jobs, its limit; try again shortly",
                "server",
            )

    def _forget_old(self, owner: str) -> None:
        jobs = self._jobs[owner]
        for old in sorted(jobs.values(), key=lambda j: j.created)[: -self.keep]:
            if old.finished:
                del jobs[old.id]
        finished = sorted(
            (job for jobs in self._jobs.values() for job in jobs.values() if job.finished),
            key=lambda j: j.created,
        )
        for old in finished[: max(len(finished) - self.keep_total, 0)]:
            del self._jobs[old.owner][old.id]
        for name in [name for name, jobs in self._jobs.items() if not jobs]:
            del self._jobs[name]

    def _next(self) -> Job | None:
        """The next queued job to start (None if nothing is queued).

        It is the oldest job of the client with the fewest running jobs, of those the
        one served least recently.
        """
        with self._lock:
            for client, queue in list(self._queues.items()):
                while queue and queue[0].finished:  # cancelled while queued
                    queue.popleft()
                if not queue:
                    del self._queues[client]
            if not self._queues:
                return None
            running = Counter(job.client for jobs in self._jobs.values()
                              for job in jobs.values() if job.status == "running")  # fmt: skip
            client = min(self._queues, key=lambda c: (running[c], self._served.get(c, -1)))
            job = self._queues[client].popleft()
            if not self._queues[client]:
                del self._queues[client]
            self._tick += 1
            self._served[client] = self._tick
            for old in [c for c in self._served if c not in self._queues and not running[c]]:
                if old != client:
                    del self._served[old]
            job.status = "running"
            return job

    def _run_next(self) -> None:
        job = self._next()
        if job is None:
            return
        work, job.work = job.work, None  # the closure holds a scenario: free it with the job
        if job.cancel.is_set() or work is None:
            job.status, job.message = "cancelled", "cancelled before it started"
            return

        def progress(share: float) -> None:
            if job.cancel.is_set():
                raise Cancelled()
            job.progress = min(max(float(share), 0.0), 1.0)

        try:
            result = work(progress)
        except Cancelled:
            job.status, job.message = "cancelled", "cancelled"
        except Refused as exc:
            job.status, job.message = "unavailable", one_line(str(exc))
        except Exception as exc:  # a job's failure is reported to its client, not raised
            job.status, job.message = "failed", failure_message(exc)
            if not isinstance(exc, CorridorError):
                _log.error("job %s (%s on %s) failed: %s", job.id, job.analysis, job.scenario,
                           one_line(f"{type(exc).__name__}: {exc}"))  # fmt: skip
        else:
            if job.cancel.is_set():
                job.status, job.message = "cancelled", "cancelled"
            else:
                job.result, job.progress, job.status = result, 1.0, "done"

    def get(self, owner: str, job_id: str) -> Job:
        """The job ``job_id`` of ``owner`` (KeyError if there is none for this owner)."""
        with self._lock:
            return self._jobs.get(owner, {})[job_id]

    def list(self, owner: str) -> list[Job]:
        """The owner's jobs, newest first."""
        with self._lock:
            return sorted(self._jobs.get(owner, {}).values(), key=lambda j: -j.created)

    def cancel(self, owner: str, job_id: str) -> Job:
        """Ask a job to stop; a queued job never starts. KeyError if not the owner's."""
        job = self.get(owner, job_id)
        with self._lock:
            if not job.finished:
                job.cancel.set()
                if job.status == "queued":
                    job.status, job.message = "cancelled", "cancelled before it started"
                    job.work = None
        return job

    def wait(self, owner: str, job_id: str, timeout: float = 60.0) -> Job:
        """Block until the job has finished or ``timeout`` seconds passed (for tests, CLI)."""
        job = self.get(owner, job_id)
        deadline = time.monotonic() + timeout
        while not job.finished and time.monotonic() < deadline:
            time.sleep(0.02)
        return job

    def shutdown(self) -> None:
        """Cancel every job and stop the pool (a later submit starts a new one)."""
        with self._lock:
            for jobs in self._jobs.values():
                for job in jobs.values():
                    if not job.finished:
                        job.cancel.set()
                        job.status, job.message, job.work = "cancelled", "the server stopped", None
            self._queues.clear()
            self._served.clear()
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


__all__ = [
    "Cancelled",
    "Job",
    "JobLimit",
    "JobManager",
    "Refused",
    "Status",
    "Work",
    "failure_message",
    "one_line",
]
