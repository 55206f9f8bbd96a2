"""The web dashboard and its JSON API (FastAPI). ``create_app()`` builds the app.

Every client gets a random token in the ``corridor_client`` cookie on its first request;
jobs and uploads belong to that token, so concurrent users never see each other's work.
The job limits do not rest on the cookie alone (:mod:`corridor.web.jobs`): requests
without one share their connection address's quota. Request bodies are read only up to
the size limit (:mod:`corridor.web.limits`). Requests name scenarios (bundled or
uploaded), never file-system paths. The OpenAPI schema, limits included, is served at
``/openapi.json``.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from corridor import __version__
from corridor.analyses import LIMITS
from corridor.errors import InputError, ScenarioError, Unavailable
from corridor.metrics import GRAMMAR
from corridor.report import ANALYSES, Options, build_panel
from corridor.report.html import plotly_js, topojson_file
from corridor.scenario import bundled_names
from corridor.web.jobs import JobLimit, JobManager, Refused
from corridor.web.limits import BodyLimit, OneLineErrors
from corridor.web.models import (
    JobOut,
    JobRequest,
    Parameters,
    Problems,
    ScenarioList,
    ScenarioSummary,
    Upload,
    ValueList,
    ValueRow,
    responses,
)
from corridor.web.panels import panel_json
from corridor.web.scenarios import ScenarioStore, apply_parameters, describe
from corridor.web.sweeps import check_sweep, default_metric, sweep_job
from corridor.web.values import value_rows

COOKIE = "corridor_client"
_STATIC = Path(str(resources.files("corridor.web") / "static"))


@dataclass(frozen=True)
class Settings:
    """Limits of the web app.

    ``max_upload_bytes``: largest scenario file accepted (request bodies: see
    ``max_body_bytes``). ``max_draws``: most Monte Carlo draws a request may ask for.
    ``max_exact_players``: most players for exact coalition enumeration (2^n LPs).
    ``workers``: jobs run at once. ``max_active_jobs``: unfinished jobs per client (its
    cookie; clients without one share their address's). ``max_active_jobs_per_address``:
    unfinished jobs of all clients of one connection address. ``max_active_jobs_total``:
    unfinished jobs on the server. ``retry_after_s``: the ``Retry-After`` of a 429.
    ``max_uploads``: uploads kept in memory in all (the oldest forgotten first; 10 per
    client). ``max_sweep_points``: most points of a sweep job.
    """

    max_upload_bytes: int = 256_000
    max_draws: int = 2_000
    max_exact_players: int = LIMITS.max_exact_players
    workers: int = 2
    max_active_jobs: int = 4
    max_active_jobs_per_address: int = 16
    max_active_jobs_total: int = 32
    retry_after_s: int = 5
    max_uploads: int = 100
    max_sweep_points: int = 25

    @property
    def max_body_bytes(self) -> int:
        """Largest request body read, bytes.

        An upload of ``max_upload_bytes`` as JSON text: a quarter more for escaped quotes
        and line breaks, and room for the other fields.
        """
        return self.max_upload_bytes * 5 // 4 + 4096


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the FastAPI app (dashboard at ``/``, API under ``/api``)."""
    cfg = settings or Settings()
    jobs = JobManager(
        workers=cfg.workers,
        max_active_per_client=cfg.max_active_jobs,
        max_active_per_address=cfg.max_active_jobs_per_address,
        max_active=cfg.max_active_jobs_total,
    )
    store = ScenarioStore(total=cfg.max_uploads)
    app = FastAPI(
        title="corridor",
        version=__version__,
        description="Run corridor analyses on bundled or uploaded scenarios. Jobs run in "
        "the background and belong to the client's cookie. " + limits_text(cfg),
        docs_url=None,  # the Swagger UI page loads its scripts from a CDN; the schema suffices
        redoc_url=None,
    )
    app.state.jobs = jobs
    app.state.store = store
    app.state.settings = cfg
    app.router.add_event_handler("shutdown", jobs.shutdown)
    app.add_middleware(OneLineErrors)
    app.add_middleware(BodyLimit, max_bytes=cfg.max_body_bytes)

    @app.middleware("http")
    async def client_cookie(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        token = request.cookies.get(COOKIE)
        fresh = token is None or not (8 <= len(token) <= 64 and token.isalnum())
        if fresh:
            token = secrets.token_hex(16)
        request.state.client = token
        request.state.address = request.client.host if request.client else ""
        # without a cookie of its own a client shares its address's quota of jobs
        request.state.quota = f"address {request.state.address}" if fresh else token
        response = await call_next(request)
        if fresh:
            response.set_cookie(COOKIE, token or "", httponly=True, samesite="strict")
        return response

    @app.exception_handler(ScenarioError)
    async def scenario_error(request: Request, exc: ScenarioError) -> JSONResponse:
        problems = [str(p) for p in exc.problems]
        return JSONResponse({"detail": "invalid scenario", "problems": problems}, 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette lists only the first route matching the path; list them all
            allowed: set[str] = set()
            for route in app.router.routes:
                if isinstance(route, APIRoute) and route.path_regex.match(request.url.path):
                    allowed |= route.methods or set()
            headers["Allow"] = ", ".join(sorted(allowed))
        if exc.status_code == 400:
            # a body FastAPI cannot parse (not UTF-8, not JSON) is bad input like any other:
            # 422, as the schema documents, with the project's one-line message
            detail = f"invalid request: body: {exc.detail}"
            return JSONResponse({"detail": detail, "problems": [detail]}, 422, headers=headers)
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def request_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        ]
        detail = "; ".join(problems) or "invalid request"
        return JSONResponse({"detail": f"invalid request: {detail}", "problems": problems}, 422)

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> JSONResponse:
        problems = list(getattr(exc, "problems", []))
        return JSONResponse({"detail": str(exc), "problems": problems}, 422)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard() -> HTMLResponse:
        return HTMLResponse((_STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> Response:
        return Response(plotly_js(), media_type="application/javascript")

    @app.get("/static/geo/{name}.json", include_in_schema=False)
    def topology(name: str) -> FileResponse:
        # only the shipped base-map files, by name: no path from the request reaches the disk
        try:
            path = topojson_file(name) if len(name) <= 64 else None
        except (OSError, ValueError):  # a name the file system refuses is no shipped file
            path = None
        if path is None:
            raise HTTPException(404, "no such map")
        return FileResponse(path, media_type="application/json")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        allowed = {p.name for p in _STATIC.iterdir() if p.is_file()}
        if name not in allowed:
            raise HTTPException(404, "no such file")
        return FileResponse(_STATIC / name)

    @app.get("/api/health")
    def health() -> dict[str, str]:
        """Liveness and version."""
        return {"status": "ok", "version": __version__}

    @app.get("/api/analyses")
    def analyses() -> list[str]:
        """The analyses a job may run (the CLI command names)."""
        return list(ANALYSES)

    @app.get("/api/scenarios", response_model=ScenarioList)
    def list_scenarios(request: Request) -> ScenarioList:
        """Bundled scenarios and this client's uploads."""
        owner = request.state.client
        return ScenarioList(
            bundled=[
                ScenarioSummary(name=n, title=store.get(owner, n).title) for n in bundled_names()
            ],
            uploaded=[
                ScenarioSummary(name=n, title=s.title) for n, s in store.uploads(owner).items()
            ],
        )

    @app.post("/api/scenarios", status_code=201, responses=responses(413, 422))
    def upload(request: Request, body: Upload) -> dict[str, Any]:
        """Upload a scenario file; it is validated as ``corridor validate`` does."""
        size = len(body.toml.encode("utf-8"))
        if size > cfg.max_upload_bytes:
            return JSONResponse(  # type: ignore[return-value]  # an error document instead
                {
                    "detail": f"scenario file of {size} bytes is over the limit of "
                    f"{cfg.max_upload_bytes} bytes; trim comments or split the file",
                    "problems": [],
                },
                413,
            )
        owner, address = request.state.client, request.state.address
        ident, scenario = store.upload(owner, body.filename, body.toml, address)
        return describe(ident, scenario)

    @app.get("/api/scenarios/{name}", responses=responses(404))
    def scenario_detail(request: Request, name: str) -> dict[str, Any]:
        """Actors, routes and default parameter values of a scenario.

        ``sweep``: the sweep box's default ``metric``, the metric ``grammar`` and the
        server's ``max_points`` per sweep.
        """
        try:
            scenario = store.get(request.state.client, name)
        except InputError as exc:
            raise HTTPException(404, str(exc)) from None
        sweep = {"metric": default_metric(scenario), "grammar": GRAMMAR,
                 "max_points": cfg.max_sweep_points}  # fmt: skip
        return {**describe(name, scenario), "sweep": sweep}

    @app.get("/api/scenarios/{name}/values", response_model=ValueList, responses=responses(404))
    def scenario_values(request: Request, name: str) -> dict[str, Any]:
        """Every editable value of the scenario's file, as override paths with units.

        Each row: the value's path in the override grammar, the value, its unit, source or
        assumption, and low/high where the file gives them.
        """
        try:
            scenario = store.get(request.state.client, name)
        except InputError as exc:
            raise HTTPException(404, str(exc)) from None
        return {"scenario": name, "values": value_rows(scenario.document or {})}

    @app.post(
        "/api/jobs", status_code=202, response_model=JobOut, responses=responses(413, 422, 429)
    )
    def submit(request: Request, body: JobRequest) -> JSONResponse | dict[str, Any]:
        """Start an analysis in the background; poll ``GET /api/jobs/{id}`` for progress."""
        owner = request.state.client
        scenario = store.get(owner, body.scenario)
        params = body.parameters
        analysis = body.analysis
        if params.sweep is not None and analysis != "sweep":
            raise InputError('only for the analysis "sweep"', parameter="parameters.sweep")
        if params.draws > cfg.max_draws:
            raise InputError(
                f"parameters.draws: {params.draws} is over the limit of {cfg.max_draws}; "
                "use fewer draws here, or the CLI for long runs"
            )
        changed = apply_parameters(
            scenario,
            params.lng_price_usd_per_mmbtu,
            params.removed_links,
            transit_fee_musd_per_yr=params.transit_fee_musd_per_yr,
            volume_bcm_per_yr=params.volume_bcm_per_yr,
            disruption_probability=params.disruption_probability,
            overrides=params.overrides,
            drop=params.drop,
        )
        spec = check_sweep(changed, params, cfg.max_sweep_points) if analysis == "sweep" else None
        options = Options(
            coalition=params.coalition,
            rounds=params.rounds,
            draws=params.draws,
            seed=params.seed,
            stage=params.stage,
            extra={"max_exact_players": cfg.max_exact_players},
        )
        if params.negotiation_scenario is not None:
            other = store.get(owner, params.negotiation_scenario)
            options = Options(**{**options.__dict__, "negotiation": other.negotiation,
                                 "negotiation_source": params.negotiation_scenario})  # fmt: skip
        if params.coalition is not None:
            unknown = sorted(set(params.coalition) - set(changed.actor_ids))
            if unknown:
                raise InputError(
                    f"parameters.coalition: unknown actor(s) {', '.join(unknown)} "
                    f"(known: {', '.join(changed.actor_ids)})"
                )
        # one game per commodity: the largest game is what the limit is about
        games = {c.id: changed.controllers(c.id) for c in changed.commodities}
        commodity, players = max(games.items(), key=lambda item: len(item[1]), default=("", ()))
        games_played = analysis in ("power", "timeline") or (spec is not None and spec.plays_games)
        if games_played and len(players) > cfg.max_exact_players:
            raise InputError(
                f"analysis {analysis}: exact enumeration of {len(players)} players on {commodity} "
                f"({2 ** len(players):,} coalitions) is above this server's limit of "
                f"{cfg.max_exact_players}; use the CLI: corridor power --method sample"
            )

        def work(progress: Callable[[float], None]) -> dict[str, Any]:
            try:
                if spec is not None:
                    return sweep_job(changed, spec, progress)
                return panel_json(build_panel(analysis, changed, options, progress))
            except Unavailable as exc:
                raise Refused(str(exc)) from None

        try:
            job = jobs.submit(
                owner,
                analysis,
                body.scenario,
                work,
                client=request.state.quota,
                address=request.state.address,
            )
        except JobLimit as exc:
            retry = {"Retry-After": str(cfg.retry_after_s)}
            return JSONResponse({"detail": str(exc), "problems": []}, 429, headers=retry)
        return job.to_dict()

    @app.get("/api/jobs", response_model=list[JobOut])
    def list_jobs(request: Request) -> list[dict[str, Any]]:
        """The calling client's jobs, newest first (without results)."""
        return [job.to_dict(with_result=False) for job in jobs.list(request.state.client)]

    @app.get("/api/jobs/{job_id}", response_model=JobOut, responses=responses(404))
    def job_detail(request: Request, job_id: str) -> dict[str, Any]:
        """A job's status, progress and, when done, its result."""
        try:
            return jobs.get(request.state.client, job_id).to_dict()
        except KeyError:
            raise HTTPException(404, f"no job {job_id!r} for this client") from None

    @app.delete("/api/jobs/{job_id}", response_model=JobOut, responses=responses(404))
    def cancel_job(request: Request, job_id: str) -> dict[str, Any]:
        """Cancel a job; it stops at its next progress report."""
        try:
            return jobs.cancel(request.state.client, job_id).to_dict(with_result=False)
        except KeyError:
            raise HTTPException(404, f"no job {job_id!r} for this client") from None

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes)  # fmt: skip
            app.openapi_schema = state_limits(schema, cfg)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override
    return app


def limits_text(cfg: Settings) -> str:
    """The server's limits in words, for the schema's description."""
    return (
        f"Limits: request bodies of at most {cfg.max_body_bytes} bytes and scenario files of "
        f"at most {cfg.max_upload_bytes} bytes (413 beyond, the body read no further), "
        f"{cfg.max_uploads} uploads kept in all; at most {cfg.max_draws} draws, "
        f"{cfg.max_exact_players} players for exact enumeration and {cfg.max_sweep_points} "
        f"sweep points per job (422 beyond); at most {cfg.max_active_jobs} unfinished jobs per "
        f"client (clients without a cookie share their address's), "
        f"{cfg.max_active_jobs_per_address} per connection address and "
        f"{cfg.max_active_jobs_total} on the server (429 with Retry-After beyond)."
    )


def state_limits(schema: dict[str, Any], cfg: Settings) -> dict[str, Any]:
    """``schema`` with this server's limits on the fields they bound."""
    models = schema.get("components", {}).get("schemas", {})
    draws = models["Parameters"]["properties"]["draws"]
    draws["maximum"] = cfg.max_draws
    draws["description"] += f" At most {cfg.max_draws} on this server (422 beyond)."
    toml = models["Upload"]["properties"]["toml"]
    # bytes, not characters (JSON Schema's maxLength), and answered with 413, not 422
    toml["x-max-bytes"] = cfg.max_upload_bytes
    toml["description"] += f" At most {cfg.max_upload_bytes} bytes of UTF-8 (413 beyond)."
    return schema


__all__ = [
    "COOKIE",
    "JobOut",
    "JobRequest",
    "Parameters",
    "Problems",
    "ScenarioList",
    "ScenarioSummary",
    "Settings",
    "Upload",
    "ValueList",
    "ValueRow",
    "create_app",
    "limits_text",
    "state_limits",
]
