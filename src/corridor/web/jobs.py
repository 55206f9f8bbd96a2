"""Background jobs with progress and cancellation, each owned by one client.

A job runs a function that takes a progress callback. The callback records the share of
work done and raises :class:`Cancelled` once the job has been cancelled, so work stops at
its next progress report. The stages turn the ``progress(done, total)`` callback of
:mod:`corridor.execution` into that share, so a power or risk job reports (and can be
cancelled) after each chunk of coalition LPs or draws, within a commodity's game.
Jobs are looked up by (owner, id): a client never sees another client's jobs.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["queued", "running", "done", "failed", "unavailable", "cancelled"]
Work = Callable[[Callable[[float], None]], dict[str, Any]]


class Cancelled(Exception):
    """Raised inside a job's progress callback once the job has been cancelled."""


class JobLimit(Exception):
    """A client has too many unfinished jobs."""


class Refused(Exception):
    """A job ended because the analysis cannot run; ``str()`` says why."""


@dataclass
class Job:
    """One background job. ``progress`` 0–1; ``result`` set when ``status`` is done."""

    id: str
    owner: str
    analysis: str
    scenario: str
    status: Status = "queued"
    progress: float = 0.0
    message: str = ""
    result: dict[str, Any] | None = None
    created: float = field(default_factory=time.time)
    cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    future: Future[None] | None = field(default=None, repr=False)

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
    """Runs jobs on a small thread pool; keeps the latest ``keep`` jobs of each client."""

    def __init__(self, workers: int = 2, max_active_per_client: int = 4, keep: int = 20):
        self.workers = workers
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._jobs: dict[str, dict[str, Job]] = {}
        self.max_active_per_client = max_active_per_client
        self.keep = keep

    def submit(self, owner: str, analysis: str, scenario: str, work: Work) -> Job:
        """Queue ``work`` for ``owner``; JobLimit if the client has too many unfinished jobs."""
        with self._lock:
            jobs = self._jobs.setdefault(owner, {})
            active = sum(not job.finished for job in jobs.values())
            if active >= self.max_active_per_client:
                raise JobLimit(
                    f"{active} jobs still running; wait for one or cancel it "
                    f"(at most {self.max_active_per_client} at a time)"
                )
            job = Job(secrets.token_hex(8), owner, analysis, scenario)
            jobs[job.id] = job
            for old in sorted(jobs.values(), key=lambda j: j.created)[: -self.keep]:
                if old.finished:
                    del jobs[old.id]
            if self._pool is None:
                # (re)started lazily: an app's lifespan may end and begin again (tests)
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="corridor-job")
            pool = self._pool
        job.future = pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Work) -> None:
        if job.cancel.is_set():
            job.status, job.message = "cancelled", "cancelled before it started"
            return

        def progress(share: float) -> None:
            if job.cancel.is_set():
                raise Cancelled()
            job.progress = min(max(float(share), 0.0), 1.0)

        job.status = "running"
        try:
            result = work(progress)
        except Cancelled:
            job.status, job.message = "cancelled", "cancelled"
        except Refused as exc:
            job.status, job.message = "unavailable", str(exc)
        except Exception as exc:  # a job's failure is reported to its client, not raised
            job.status, job.message = "failed", f"{type(exc).__name__}: {exc}"
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
        if not job.finished:
            job.cancel.set()
            if job.future is not None and job.future.cancel():
                job.status, job.message = "cancelled", "cancelled before it started"
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
                        job.status, job.message = "cancelled", "the server stopped"
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
]
