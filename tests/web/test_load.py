"""A bounded load test on 127.0.0.1: 12 unfinished jobs, 300 requests from 8 threads.

Checks answers, not speed (latency is measured by ``make bench``, bench/server.py): no
5xx, and the job limits give exactly the 429s they promise while the workers are busy.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx

from corridor.scenario import bundled_path
from corridor.web import Settings, create_app

REQUESTS = 300
THREADS = 8


def busy(gate):
    """A job that holds a worker, reporting progress, until ``gate`` opens.

    It computes nothing: the time under real computing jobs is bench/server.py's.
    """

    def work(progress):
        ticks = 0
        while not gate.wait(0.005):
            ticks += 1
            progress(min(ticks / 1e6, 0.99))
        return {}

    return work


def test_twelve_jobs_and_300_requests_give_no_5xx_and_the_promised_429s(live):
    settings = Settings(workers=2, max_active_jobs=4, max_active_jobs_per_address=16)
    app = create_app(settings)
    gate = threading.Event()
    six_party = bundled_path("six-party-2011").read_text(encoding="utf-8")
    with live(app) as port:
        base = f"http://127.0.0.1:{port}"
        # two jobs computing on both workers, as a third client of this address
        for _ in range(2):
            app.state.jobs.submit("load" * 8, "run", "x", busy(gate), address="127.0.0.1")
        clients = {name: httpx.Client(base_url=base, timeout=30) for name in "ABCD"}
        try:
            for c in clients.values():
                c.get("/")  # the page sets each client's cookie
            job = {"scenario": "korea-2011", "analysis": "run"}
            ids = {name: [] for name in clients}
            for name, count in (("A", 4), ("B", 4), ("C", 2)):
                for _ in range(count):
                    answer = clients[name].post("/api/jobs", json=job)
                    assert answer.status_code == 202, answer.text
                    ids[name].append(answer.json()["id"])
            # 12 unfinished jobs from 127.0.0.1: room for 4 more from this address

            def one(i):
                kind = i % 10
                if kind == 0:  # A is at its own limit of 4
                    return "job A", clients["A"].post("/api/jobs", json=job)
                if kind == 1:  # C has 2 left, D its 4, cookie-less requests theirs: 4 in all
                    who = "CD"[i % 2]
                    return "job CD", clients[who].post("/api/jobs", json=job)
                if kind == 2:
                    return "job CD", httpx.post(f"{base}/api/jobs", json=job, timeout=30)
                if kind == 3:
                    return "upload", clients["B"].post(
                        "/api/scenarios", json={"filename": "s.toml", "toml": six_party}
                    )
                if kind == 4:
                    return "too big", clients["B"].post(
                        "/api/scenarios", json={"toml": "#" * 300_000}
                    )
                if kind == 5:
                    return "poll", clients["B"].get(f"/api/jobs/{ids['B'][i % 4]}")
                if kind == 6:
                    return "unknown", clients["C"].get("/api/jobs/0123456789abcdef")
                path = ("/api/health", "/api/scenarios", "/api/scenarios/korea-2011")[kind - 7]
                return "read", clients["D"].get(path)

            with ThreadPoolExecutor(THREADS) as pool:
                answers = list(pool.map(one, range(REQUESTS)))
            for c in clients.values():
                for r in c.get("/api/jobs").json():
                    c.delete(f"/api/jobs/{r['id']}")
        finally:
            gate.set()
            for c in clients.values():
                c.close()
    codes = Counter((kind, r.status_code) for kind, r in answers)
    assert not [k for k in codes if k[1] >= 500], codes
    expected = {"job A": {429}, "job CD": {202, 429}, "upload": {201}, "too big": {413},
                "poll": {200}, "unknown": {404}, "read": {200}}  # fmt: skip
    assert all(status in expected[kind] for kind, status in codes), codes
    # the address had room for exactly 4 more jobs, whoever asked first
    assert codes["job CD", 202] == 4
    refused = [r for kind, r in answers if r.status_code == 429]
    assert len(refused) == REQUESTS // 10 * 3 - 4
    assert all(r.headers["Retry-After"] == "5" for r in refused)
    assert codes["read", 200] == REQUESTS // 10 * 3
