"""The job manager: three limits of unfinished jobs, fair order, bounded memory, messages."""

from __future__ import annotations

import threading
import time

import pytest

from corridor.errors import Infeasible, InputError
from corridor.web.jobs import JobLimit, JobManager, failure_message, one_line


@pytest.fixture
def gate():
    event = threading.Event()
    yield event
    event.set()


def blocked(gate, log=None, name=""):
    def work(progress):
        if log is not None:
            log.append(name)
        gate.wait(10)
        return {}

    return work


def test_each_limit_refuses_with_its_scope(gate):
    jobs = JobManager(workers=1, max_active_per_client=2, max_active_per_address=3,
                      max_active=4)  # fmt: skip
    try:
        for _ in range(2):
            jobs.submit("a", "run", "x", blocked(gate), address="10.0.0.1")
        with pytest.raises(JobLimit, match="at most 2 at a time per client") as refused:
            jobs.submit("a", "run", "x", blocked(gate), address="10.0.0.1")
        assert refused.value.scope == "client"
        # a second cookie from the same address: the address's limit of 3
        jobs.submit("b", "run", "x", blocked(gate), address="10.0.0.1")
        with pytest.raises(JobLimit, match="per address") as refused:
            jobs.submit("c", "run", "x", blocked(gate), address="10.0.0.1")
        assert refused.value.scope == "address"
        # another address still has room, up to the server's 4
        jobs.submit("d", "run", "x", blocked(gate), address="10.0.0.2")
        with pytest.raises(JobLimit, match="the server has 4 unfinished jobs") as refused:
            jobs.submit("e", "run", "x", blocked(gate), address="10.0.0.3")
        assert refused.value.scope == "server"
    finally:
        jobs.shutdown()


def test_owners_sharing_a_client_key_share_its_limit(gate):
    # requests without a cookie: each has a fresh owner, all count against their address
    jobs = JobManager(workers=1, max_active_per_client=4)
    try:
        for i in range(4):
            jobs.submit(f"fresh{i}", "run", "x", blocked(gate), client="address 10.0.0.9")
        with pytest.raises(JobLimit, match="per client"):
            jobs.submit("fresh5", "run", "x", blocked(gate), client="address 10.0.0.9")
        jobs.submit("honest", "run", "x", blocked(gate))  # its own cookie, its own quota
    finally:
        jobs.shutdown()


def test_a_free_worker_serves_the_client_with_fewest_running_jobs(gate):
    log: list[str] = []
    jobs = JobManager(workers=1, max_active_per_client=4)
    try:
        first = jobs.submit("a", "run", "x", blocked(gate, log, "a1"))
        for i in (2, 3, 4):
            jobs.submit("a", "run", "x", blocked(gate, log, f"a{i}"))
        last = jobs.submit("b", "run", "x", blocked(gate, log, "b1"))
        while not log:  # a1 holds the one worker until the gate opens
            time.sleep(0.005)
        assert log == ["a1"] and first.status == "running"
        gate.set()
        jobs.wait("b", last.id)
        for job in jobs.list("a"):
            jobs.wait("a", job.id)
        # b's only job runs next, not after a's three queued ones
        assert log == ["a1", "b1", "a2", "a3", "a4"]
    finally:
        jobs.shutdown()


def test_a_cancelled_queued_job_never_starts_and_frees_its_place(gate):
    log: list[str] = []
    jobs = JobManager(workers=1, max_active_per_client=2)
    try:
        jobs.submit("a", "run", "x", blocked(gate, log, "a1"))
        queued = jobs.submit("a", "run", "x", blocked(gate, log, "a2"))
        jobs.cancel("a", queued.id)
        assert queued.status == "cancelled" and queued.work is None
        third = jobs.submit("a", "run", "x", blocked(gate, log, "a3"))  # room again
        gate.set()
        assert jobs.wait("a", third.id).status == "done"
        assert log == ["a1", "a3"]
    finally:
        jobs.shutdown()


def test_finished_jobs_kept_are_bounded_over_all_owners():
    jobs = JobManager(workers=1, keep_total=5)
    try:
        for i in range(12):
            job = jobs.submit(f"owner{i}", "run", "x", lambda progress: {"n": 1})
            jobs.wait(f"owner{i}", job.id)
        jobs.submit("last", "run", "x", lambda progress: {})
        kept = sum(len(jobs.list(f"owner{i}")) for i in range(12))
        assert kept == 5
        assert len(jobs._jobs) <= 6  # owners with nothing left are forgotten
        assert [j.id for j in jobs.list("owner11")] != []  # the newest stay
    finally:
        jobs.shutdown()


def test_failures_read_as_corridor_messages_never_library_text():
    assert failure_message(InputError("over the limit", parameter="draws")) == (
        "draws: over the limit"
    )
    assert failure_message(Infeasible("market LP is infeasible")) == "market LP is infeasible"
    # a library's exception shows its class only, not its (possibly foreign) text
    assert failure_message(ValueError("zero-size array to reduction operation")) == (
        "internal error: ValueError"
    )
    assert one_line("a.toml:3: x: bad\nb.toml:4: y: worse\x1b[2J") == (
        "a.toml:3: x: bad; b.toml:4: y: worse[2J"
    )


def test_a_failed_job_reports_the_one_line_message():
    jobs = JobManager(workers=1)

    def broken(progress):
        return {}["missing"]

    def refused(progress):
        raise InputError("first line\nsecond line")

    try:
        failed = jobs.submit("a", "run", "x", broken)
        bad = jobs.submit("a", "run", "x", refused)
        assert jobs.wait("a", failed.id).message == "internal error: KeyError"
        assert jobs.wait("a", bad.id).message == "first line; second line"
        assert failed.status == bad.status == "failed"
    finally:
        jobs.shutdown()
