"""The JSON API through FastAPI's TestClient: scenarios, uploads, jobs, isolation, limits."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from corridor.scenario import bundled_path
from corridor.web import Settings, create_app


@pytest.fixture
def app():
    # room for the bundled korea-2011 (with its routes, regimes and vintage marks)
    app = create_app(Settings(max_upload_bytes=80_000))
    yield app
    app.state.jobs.shutdown()


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


def wait(client, job_id, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def run_job(client, **body):
    response = client.post("/api/jobs", json=body)
    assert response.status_code == 202, response.text
    return wait(client, response.json()["id"])


def test_dashboard_and_plotly_are_served_locally(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<script src="/static/plotly.min.js">' in page.text
    assert "cdn" not in page.text.lower()
    bundle = client.get("/static/plotly.min.js")
    assert bundle.status_code == 200 and len(bundle.content) > 1_000_000
    assert client.get("/static/dashboard.js").status_code == 200
    assert client.get("/static/..%2Fapp.py").status_code == 404


def test_base_map_topology_served_by_name_only(client):
    world = client.get("/static/geo/world_110m.json")
    assert world.status_code == 200
    assert world.json()["type"] == "Topology"
    assert client.get("/static/geo/asia_50m.json").status_code == 200
    assert client.get("/static/geo/usa_110m.json").status_code == 404  # not shipped
    assert client.get("/static/geo/..%2F..%2Fhtml.json").status_code == 404
    assert client.get("/static/geo/README.json").status_code == 404


def test_scenarios_listed_and_described(client):
    listed = client.get("/api/scenarios").json()
    names = [s["name"] for s in listed["bundled"]]
    assert "korea-2011" in names and listed["uploaded"] == []
    detail = client.get("/api/scenarios/korea-2011").json()
    assert {"overland-north", "subsea"} <= {link["id"] for link in detail["links"]}
    # 13.0 USD/MMBtu is the world LNG cost written in korea-2011.toml
    assert detail["defaults"]["lng_price_usd_per_mmbtu"] == pytest.approx(13.0)
    assert client.get("/api/scenarios/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_run_job_returns_the_market_panel(client):
    job = run_job(client, scenario="korea-2011", analysis="run")
    assert job["status"] == "done", job
    panel = job["result"]
    assert panel["key"] == "run"
    assert [f["name"] for f in panel["figures"]] == [
        "map",
        "sankey-gas",
        "sankey-containers",
        "welfare",
    ]
    assert panel["summary"]["welfare_musd_per_yr"] > 0


def test_parameters_change_the_result(client):
    base = run_job(client, scenario="korea-2011", analysis="run")["result"]["summary"]
    dearer = run_job(
        client,
        scenario="korea-2011",
        analysis="run",
        parameters={"lng_price_usd_per_mmbtu": 20.0},
    )["result"]["summary"]
    without = run_job(
        client,
        scenario="korea-2011",
        analysis="run",
        parameters={"removed_links": ["subsea"]},
    )["result"]["summary"]
    # LNG above Japan's and Korea's willingness to pay serves less demand; losing the
    # subsea line (the optimum's route, README tour) sends the gas a dearer way
    assert dearer["welfare_musd_per_yr"] < base["welfare_musd_per_yr"]
    assert without["welfare_musd_per_yr"] < base["welfare_musd_per_yr"]


def test_bad_parameters_are_refused_with_a_message(client):
    bad_link = client.post(
        "/api/jobs", json={"scenario": "korea-2011", "parameters": {"removed_links": ["nope"]}}
    )
    assert bad_link.status_code == 422
    assert "unknown link id(s): nope" in bad_link.json()["detail"]
    bad_actor = client.post(
        "/api/jobs", json={"scenario": "korea-2011", "parameters": {"coalition": ["XX"]}}
    )
    assert bad_actor.status_code == 422 and "XX" in bad_actor.json()["detail"]
    unknown = client.post("/api/jobs", json={"scenario": "/etc/passwd"})
    assert unknown.status_code == 422
    assert "unknown scenario '/etc/passwd'" in unknown.json()["detail"]
    too_many = client.post(
        "/api/jobs", json={"scenario": "korea-2011", "parameters": {"draws": 10**6}}
    )
    assert too_many.status_code == 422 and "limit" in too_many.json()["detail"]


def test_negotiation_from_another_scenario(client):
    own = run_job(client, scenario="six-party-2011", analysis="negotiate")
    assert own["status"] == "done"
    borrowed = run_job(
        client,
        scenario="korea-2011",
        analysis="negotiate",
        parameters={"negotiation_scenario": "six-party-2011", "rounds": 3},
    )
    assert borrowed["status"] == "done"
    assert borrowed["result"]["figures"][0]["name"] == "forecasts"
    # korea-2011 names six-party-2011 as its companion: the talks come from there
    companion = run_job(client, scenario="korea-2011", analysis="negotiate")
    assert companion["status"] == "done"
    assert companion["result"]["figures"][0]["name"] == "forecasts"
    # a scenario with neither its own talks nor a companion says so
    text = bundled_path("korea-2011").read_text(encoding="utf-8")
    alone = text.replace('negotiation_from = "six-party-2011"\n', "")
    ident = client.post("/api/scenarios", json={"filename": "alone.toml", "toml": alone})
    assert ident.status_code == 201, ident.text
    missing = run_job(client, scenario=ident.json()["name"], analysis="negotiate")
    assert missing["status"] == "unavailable"
    assert "[negotiation]" in missing["message"]


def test_uploads_may_not_point_at_server_files(client):
    text = bundled_path("korea-2011").read_text(encoding="utf-8")
    for target in ("/etc/passwd", "../six-party-2011.toml"):
        probe = text.replace(
            'negotiation_from = "six-party-2011"', f'negotiation_from = "{target}"'
        )
        refused = client.post("/api/scenarios", json={"filename": "p.toml", "toml": probe})
        assert refused.status_code == 422
        assert "negotiation_from: must name a bundled scenario" in refused.text


def test_upload_is_validated_like_the_cli(client):
    text = bundled_path("six-party-2011").read_text(encoding="utf-8")
    ok = client.post("/api/scenarios", json={"filename": "mine.toml", "toml": text})
    assert ok.status_code == 201, ok.text
    ident = ok.json()["name"]
    assert ident.startswith("upload-")
    assert ident in [s["name"] for s in client.get("/api/scenarios").json()["uploaded"]]
    broken = text.replace('id = "US"', 'id = "US"\ncolour = 3', 1)
    bad = client.post("/api/scenarios", json={"filename": "../x/bad.toml", "toml": broken})
    assert bad.status_code == 422
    problems = bad.json()["problems"]
    assert problems and problems[0].startswith("bad.toml:")
    assert "colour" in problems[0]


def test_upload_size_limit(client):
    big = "# " + "x" * 90_000 + "\n"
    response = client.post("/api/scenarios", json={"toml": big})
    assert response.status_code == 413
    assert "bytes" in response.json()["detail"]


def test_clients_do_not_see_each_others_jobs(app):
    with TestClient(app) as alice, TestClient(app) as bob:
        job = alice.post("/api/jobs", json={"scenario": "korea-2011"}).json()
        assert alice.cookies.get("corridor_client") != bob.cookies.get("corridor_client")
        bob.get("/api/health")
        assert bob.get(f"/api/jobs/{job['id']}").status_code == 404
        assert bob.delete(f"/api/jobs/{job['id']}").status_code == 404
        assert bob.get("/api/jobs").json() == []
        assert [j["id"] for j in alice.get("/api/jobs").json()] == [job["id"]]
        wait(alice, job["id"])


def test_cancel_stops_a_job_at_its_next_progress_report(app):
    import threading

    started, release = threading.Event(), threading.Event()
    owner = "a" * 32

    def slow(progress):
        started.set()
        release.wait(10)
        progress(0.5)  # raises Cancelled once the job was cancelled
        return {"finished": True}

    jobs = app.state.jobs
    job = jobs.submit(owner, "run", "korea-2011", slow)
    assert started.wait(10)
    jobs.cancel(owner, job.id)
    release.set()
    assert jobs.wait(owner, job.id).status == "cancelled"
    assert job.result is None


def test_too_many_active_jobs_are_refused(app):
    import threading

    gate = threading.Event()
    owner = "b" * 32
    jobs = app.state.jobs
    for _ in range(jobs.max_active_per_client):
        jobs.submit(owner, "run", "x", lambda progress: gate.wait(10) and {})
    from corridor.web.jobs import JobLimit

    with pytest.raises(JobLimit, match="at most"):
        jobs.submit(owner, "run", "x", lambda progress: {})
    gate.set()


def test_power_deal_and_risk_panels(client):
    power = run_job(client, scenario="korea-2011", analysis="power")
    assert power["status"] == "done", power
    gas = power["result"]["summary"]["gas"]
    # North Korea's gas Shapley value before the build: 0 (the subsea line is the cheaper
    # build, README tour); after it, 89.5 USD m/yr
    assert gas["shapley"]["KP"] == pytest.approx(0.0, abs=1e-4)
    assert gas["ex_post"]["shapley"]["KP"] == pytest.approx(89.4595, abs=1e-3)
    assert sum(gas["shapley"].values()) == pytest.approx(gas["grand_musd_per_yr"], rel=1e-9)
    names = [f["name"] for f in power["result"]["figures"]]
    assert "leverage-gas" in names and "benchmarks-gas" in names
    # shares of the gains from cooperation lead, in both stages; KP's ex-post value is far
    # above its ex-ante one (the overland line's capex sunk: tests/games/test_stages.py)
    assert names[0] == "shares-gas" and "shares-gas-ex-post" in names
    assert gas["ex_post"]["shapley"]["KP"] > 50 * gas["shapley"]["KP"]
    only = run_job(client, scenario="korea-2011", analysis="power", parameters={"stage": "ex-ante"})
    assert "ex_post" not in only["result"]["summary"]["gas"]
    wrong = client.post(
        "/api/jobs",
        json={"scenario": "korea-2011", "analysis": "power", "parameters": {"stage": "later"}},
    )
    assert wrong.status_code == 422

    deal = run_job(client, scenario="korea-2011", analysis="deal")
    dearer = run_job(
        client,
        scenario="korea-2011",
        analysis="deal",
        parameters={"transit_fee_musd_per_yr": 200.0},
    )
    base_npv, dearer_npv = (
        deal["result"]["summary"]["npv_musd"],
        dearer["result"]["summary"]["npv_musd"],
    )
    # 100 USD m/yr more in 2017-2046 (t = 6..35 years after 2011) at North Korea's 15 %:
    # sum of 100 / 1.15**t = 100 * (1 - 1.15**-30) / 0.15 / 1.15**5 = 326.4 USD m more
    annuity = 100 * (1 - 1.15**-30) / 0.15 / 1.15**5
    assert dearer_npv["KP"] - base_npv["KP"] == pytest.approx(annuity, rel=1e-6)

    safe = run_job(
        client,
        scenario="korea-2011",
        analysis="risk",
        parameters={"draws": 40, "disruption_probability": 0.0},
    )
    risky = run_job(
        client,
        scenario="korea-2011",
        analysis="risk",
        parameters={"draws": 40, "disruption_probability": 0.5},
    )
    assert safe["status"] == risky["status"] == "done", (safe, risky)
    assert safe["result"]["summary"]["expected_unserved_bcm"] == 0.0
    assert risky["result"]["summary"]["expected_unserved_bcm"] > 0.0
    assert [f["name"] for f in risky["result"]["figures"]] == ["npv", "tornado"]


def test_deal_parameters_need_a_deal(client):
    refused = client.post(
        "/api/jobs",
        json={
            "scenario": "six-party-2011",
            "analysis": "deal",
            "parameters": {"transit_fee_musd_per_yr": 50.0},
        },
    )
    assert refused.status_code == 422 and "[deal]" in refused.json()["detail"]


def test_exact_enumeration_beyond_the_limit_is_refused_with_a_hint():
    app = create_app(Settings(max_exact_players=3))
    try:
        with TestClient(app) as client:
            refused = client.post("/api/jobs", json={"scenario": "korea-2011", "analysis": "power"})
    finally:
        app.state.jobs.shutdown()
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert "5 players on gas" in detail and "limit of 3" in detail
    assert "--method sample" in detail


SUBSEA_COST = "links.subsea.pipeline.segments[1].cost_factor"


def test_overrides_change_the_result_as_a_direct_load_does(client):
    from corridor import analyses
    from corridor.scenario import load_scenario

    params = {"overrides": {SUBSEA_COST: "2"}, "stage": "ex-ante"}
    job = run_job(client, scenario="korea-2011", analysis="power", parameters=params)
    assert job["status"] == "done", job
    shown = job["result"]["summary"]["gas"]["shapley"]
    dearer_bypass = load_scenario("korea-2011", overrides={SUBSEA_COST: 2})
    table = analyses.power(dearer_bypass, stage="ex-ante").reports[0].table
    expected = dict(zip(table["player"], table["shapley"], strict=True))
    assert shown == pytest.approx(expected, abs=1e-6)
    # a dearer bypass is North Korea's leverage: KP's value leaves the 0 of the file
    assert shown["KP"] == pytest.approx(55.93, abs=0.01)

    dearer = {"overrides": {"deal.alternative_price": "15 USD/MMBtu"}}
    job = run_job(client, scenario="korea-2011", analysis="deal", parameters=dearer)
    npv = analyses.deal(load_scenario("korea-2011", overrides=dearer["overrides"]), fees=False)
    expected = dict(zip(npv.result.summary["actor"], npv.result.summary["npv_musd"], strict=True))
    assert job["result"]["summary"]["npv_musd"] == pytest.approx(expected, abs=1e-6)


def test_the_four_numbers_are_overrides_of_named_paths():
    from corridor.web.scenarios import bundled, parameter_overrides

    korea = bundled("korea-2011")
    changes = parameter_overrides(
        korea,
        lng_price_usd_per_mmbtu=20,
        transit_fee_musd_per_yr=150,
        volume_bcm_per_yr=5,
        disruption_probability=0.2,
    )
    assert changes == {
        "supplies.world-lng.blocks[0].cost": "20.0 USD/MMBtu",
        "deal.transit_fee.kind": "fixed",
        "deal.transit_fee.fixed": "150.0 USD m/yr",
        "deal.volume.plateau": "5.0 bcm/yr",
        # the file's ramp-up of 4 and 7 bcm/yr, capped at the new plateau
        "deal.volume.ramp_up": ["4.0 bcm/yr", "5.0 bcm/yr"],
        "risk.disruption.probability": "0.2 1",
    }
    changed = korea.with_overrides(changes)
    assert changed.deal.volume_bcm_per_yr == 5.0
    assert changed.deal.ramp_up_bcm_per_yr == (4.0, 5.0)
    assert changed.risk.disruption.probability == 0.2
    # the deal's alternative price (13.5 delivered) is a different number from the world
    # LNG cost (13.0 before regasification): the LNG price leaves it as written
    assert changed.deal.alternative_price == korea.deal.alternative_price


def test_bad_overrides_and_unknown_parameters_give_one_line(client):
    def refused(parameters):
        body = {"scenario": "korea-2011", "parameters": parameters}
        response = client.post("/api/jobs", json=body)
        assert response.status_code == 422, response.text
        detail = response.json()["detail"]
        assert "\n" not in detail
        return detail, response.json()["problems"]

    detail, _ = refused({"overrides": {"links.subsea.pipeline.segments[1].cost_factr": 2}})
    assert detail.startswith("parameters.overrides: links.subsea.pipeline.segments[1].cost_factr=2")
    assert "no key 'cost_factr'" in detail and "cost_factor" in detail
    detail, problems = refused({"overrides": {SUBSEA_COST: "abc"}})
    # as the CLI prints it, the bundled file named by its base name, not the server's path
    assert detail.startswith("korea-2011.toml:") and "expected '<number> <unit>'" in detail
    assert problems == [detail]
    detail, _ = refused({"overrides": {"deal.alternative_price": "12 bcm/yr"}})
    assert "expected a gas_price" in detail
    detail, _ = refused({"drop": ["links.nope"]})
    assert detail.startswith("parameters.drop: links.nope: no item 'nope' in links")
    detail, _ = refused({"lng_price": 20})
    assert detail == "invalid request: body.parameters.lng_price: Extra inputs are not permitted"
    misspelt = client.post("/api/jobs", json={"scenario": "korea-2011", "analyses": "power"})
    assert misspelt.status_code == 422 and "analyses" in misspelt.json()["detail"]


def test_values_lists_every_value_by_its_override_path(client):
    from corridor.scenario.overrides import Override, apply_overrides, parse_value
    from corridor.web.scenarios import bundled

    rows = client.get("/api/scenarios/korea-2011/values").json()["values"]
    by_path = {row["path"]: row for row in rows}
    subsea = by_path[SUBSEA_COST]
    assert (subsea["value"], subsea["unit"], subsea["kind"]) == (1, "1", "number")
    assert subsea["assumption"].startswith("no correction: the subsea cost is built from")
    sourced = by_path["deal.volume.plateau"]
    assert (sourced["value"], sourced["unit"]) == (10, "bcm/yr")
    assert sourced["source"] == "Medvedev – Kim Jong-il summit, 24 Aug 2011"
    # a string measure inherits the assumption of its item, as the loader reads it
    offtake = by_path["demands.kp-gas.blocks[0].wtp"]
    assert (offtake["value"], offtake["unit"]) == (7.0, "USD/MMBtu")
    assert offtake["assumption"].startswith("small offtake for power generation")
    assert by_path["deal.transit_fee.fixed"]["value"] == 100
    control = by_path["links.subsea.control"]
    assert (control["value"], control["kind"]) == ('["RU", "KR"]', "array")
    assert len(by_path) == len(rows)
    # every path resolves in the override grammar: setting each to its own value is accepted
    document = bundled("korea-2011").document
    for row in rows:
        value = parse_value(row["value"]) if row["kind"] == "array" else row["value"]
        apply_overrides(document, [Override(row["path"], value, row["path"])])
    talks = client.get("/api/scenarios/six-party-2011/values").json()["values"]
    # stances have no id: named by their actor (the file's US position on preconditions)
    positions = {r["path"]: r["value"] for r in talks}
    assert positions["negotiation.issues.preconditions.stances.US.position"] == 75
    assert client.get("/api/scenarios/nope/values").status_code == 404


CAPEX = "links.subsea.pipeline.capex_factor"


def test_a_sweep_job_gives_the_values_of_corridor_sweep(client):
    from corridor.sweep import sweep

    metrics = ["power.gas.shapley.KP", "npv.KR"]
    fixed = {"deal.alternative_price": "15 USD/MMBtu"}
    params = {"overrides": fixed, "sweep": {"axis": f"{CAPEX}=1:2:3", "metrics": metrics}}
    job = run_job(client, scenario="korea-2011", analysis="sweep", parameters=params)
    assert job["status"] == "done", job
    assert (job["analysis"], job["progress"]) == ("sweep", 1.0)
    panel = job["result"]
    direct = sweep("korea-2011", [f"{CAPEX}=1:2:3"], metrics, overrides=fixed)
    assert panel["document"] == direct.to_dict()
    (table,) = panel["tables"]
    assert table["columns"] == [CAPEX, *metrics]
    assert table["rows"] == direct.frame.values.tolist()
    (figure,) = panel["figures"]
    assert [trace["name"] for trace in figure["figure"]["data"]] == metrics
    kp = panel["summary"]["power.gas.shapley.KP"]
    assert list(kp) == ["capex_factor=1", "capex_factor=1.5", "capex_factor=2"]
    # capex_factor 1 is the file as written: KP's ex-ante Shapley value of the power tests
    assert kp["capex_factor=1"] == pytest.approx(0.0, abs=1e-6)
    # a dearer bypass is North Korea's leverage
    assert kp["capex_factor=1"] < kp["capex_factor=1.5"] < kp["capex_factor=2"]
    assert panel["document"]["overrides"] == ["--set deal.alternative_price=15 USD/MMBtu"]


def test_bad_sweeps_are_refused_on_one_line(client):
    def refused(sweep, analysis="sweep", **parameters):
        if sweep is not None:
            parameters["sweep"] = sweep
        body = {"scenario": "korea-2011", "analysis": analysis, "parameters": parameters}
        response = client.post("/api/jobs", json=body)
        assert response.status_code == 422, response.text
        detail = response.json()["detail"]
        assert "\n" not in detail
        return detail

    kp = ["power.gas.shapley.KP"]
    detail = refused({"axis": f"{CAPEX}=1:2", "metrics": kp})
    assert detail.startswith("parameters.sweep.axis: ") and "START:STOP:N" in detail
    detail = refused({"axis": f"{CAPEX}=1:2:26", "metrics": kp})
    assert detail.startswith("parameters.sweep.axis: 26 points") and "limit of 25" in detail
    detail = refused({"axis": "links.nope.capex_factor=1:2:3", "metrics": kp})
    assert detail.startswith("parameters.sweep.axis: ") and "no item 'nope' in links" in detail
    detail = refused({"axis": f"{CAPEX}=-1:2:3", "metrics": kp})  # the file refuses the end
    assert detail.startswith("korea-2011.toml: ") and "capex_factor" in detail
    detail = refused({"axis": f"{CAPEX}=1:2:3", "metrics": ["power.gas.shapley"]})
    assert detail.startswith("parameters.sweep.metrics: 'power.gas.shapley': expected")
    detail = refused({"axis": f"{CAPEX}=1:2:3", "metrics": ["power.gas.shapley.XX"]})
    assert "unknown actor 'XX'" in detail and "RU, KP, KR, CN, JP" in detail
    detail = refused({"axis": f"{CAPEX}=1:2:3", "metrics": ["wellfare"]})
    assert "unknown metric 'wellfare'" in detail
    assert refused(None).startswith("parameters.sweep: the sweep analysis needs")
    sweep = {"axis": f"{CAPEX}=1:2:3", "metrics": kp}
    assert refused(sweep, "power") == 'parameters.sweep: only for the analysis "sweep"'
    assert refused(sweep, removed_links=["subsea"]).startswith("parameters.removed_links: ")
    assert client.get("/api/jobs").json() == []  # nothing was queued


def test_the_sweep_box_defaults_come_with_the_scenario(client):
    from corridor.metrics import GRAMMAR

    korea = client.get("/api/scenarios/korea-2011").json()["sweep"]
    # korea-2011's deal runs through North Korea: its Shapley value in the gas game
    assert korea == {"metric": "power.gas.shapley.KP", "grammar": GRAMMAR, "max_points": 25}
    # six-party-2011 is talks only: no gas game to read
    assert client.get("/api/scenarios/six-party-2011").json()["sweep"]["metric"] == "welfare"


def test_clients_without_a_cookie_share_their_address_quota(app):
    import threading

    gate = threading.Event()
    jobs = app.state.jobs
    try:
        # both workers busy elsewhere: every job below stays unfinished while we count
        for _ in range(jobs.workers):
            jobs.submit("z" * 32, "run", "x", lambda progress: gate.wait(10) and {},
                        address="192.0.2.1")  # fmt: skip
        with TestClient(app) as anonymous, TestClient(app) as honest:
            answers = []
            for _ in range(40):
                anonymous.cookies.clear()  # a client that drops the cookie every time
                answers.append(anonymous.post("/api/jobs", json={"scenario": "korea-2011"}))
            codes = [a.status_code for a in answers]
            assert codes == [202] * 4 + [429] * 36
            assert answers[-1].headers["Retry-After"] == "5"
            assert "at most 4 at a time per client" in answers[-1].json()["detail"]
            # a client that keeps the cookie of its first request (the page) has its own 4
            honest.get("/")
            for _ in range(4):
                assert honest.post("/api/jobs", json={"scenario": "korea-2011"}).status_code == 202
            refused = honest.post("/api/jobs", json={"scenario": "korea-2011"})
            assert refused.status_code == 429 and "Retry-After" in refused.headers
    finally:
        gate.set()
        jobs.shutdown()


def test_every_unknown_static_name_is_a_404(client):
    for path in (
        "/static/geo/" + "a" * 255 + ".json",  # longer than a file name may be
        "/static/geo/" + "é" * 200 + ".json",
        "/static/geo/%00.json",
        "/static/" + "a" * 300,
        "/static/geo/world_110m%2F..json",
    ):
        response = client.get(path)
        assert response.status_code == 404, (path[:40], response.status_code)
        assert response.json()["detail"] in ("no such map", "no such file", "Not Found")


def test_the_schema_states_the_limits_and_the_codes_returned(client):
    schema = client.get("/openapi.json").json()
    models = schema["components"]["schemas"]
    assert models["Parameters"]["properties"]["draws"]["maximum"] == 2_000
    assert models["Upload"]["properties"]["toml"]["x-max-bytes"] == 80_000
    assert "at most 4 unfinished jobs per client" in schema["info"]["description"]
    paths = schema["paths"]
    submit = paths["/api/jobs"]["post"]["responses"]
    assert set(submit) == {"202", "413", "422", "429"}
    assert "Retry-After" in submit["429"]["headers"]
    assert set(paths["/api/scenarios"]["post"]["responses"]) == {"201", "413", "422"}
    assert "404" in paths["/api/scenarios/{name}"]["get"]["responses"]
    # what is documented is what comes back
    unknown = client.post("/api/jobs", json={"scenario": "nope"})
    assert unknown.status_code == 422
    assert client.get("/api/scenarios/nope").status_code == 404
    over = client.post("/api/jobs", json={"scenario": "korea-2011", "parameters": {"draws": 2001}})
    assert over.status_code == 422 and "limit of 2000" in over.json()["detail"]


def test_a_body_that_is_not_json_is_422_with_one_line(client) -> None:
    # schemathesis found this: bytes that are not UTF-8 JSON made FastAPI answer 400,
    # a status the schema does not document
    response = client.post(
        "/api/scenarios", content=b"eU\xff\x1c", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("invalid request: body: ") and "\n" not in detail
