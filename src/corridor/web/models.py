"""The request and response models of the web API (pydantic): what the OpenAPI schema shows.

Every request model forbids unknown fields, so a misspelt parameter is a 422, not ignored.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from corridor.analyses import LIMITS
from corridor.metrics import GRAMMAR

__all__ = [
    "ERRORS",
    "JobOut",
    "JobRequest",
    "OverrideValue",
    "Parameters",
    "Problems",
    "ScenarioList",
    "ScenarioSummary",
    "SweepParameters",
    "Upload",
    "ValueList",
    "ValueRow",
    "responses",
]


class Upload(BaseModel):
    """A scenario file sent as text."""

    model_config = ConfigDict(extra="forbid")

    filename: str = Field("upload.toml", max_length=200, description="Shown in messages only.")
    toml: str = Field(description="The scenario file's TOML text.")


OverrideValue = bool | int | float | str | list[Any] | dict[str, Any]


class SweepParameters(BaseModel):
    """What the ``sweep`` analysis varies and reads, as ``corridor sweep --set/--metric``."""

    model_config = ConfigDict(extra="forbid")

    axis: str = Field(
        max_length=500,
        description="PATH=START:STOP:N (N numbers linearly spaced, in the file's unit unless "
        "both ends carry one) or PATH=v1,v2,...; PATH as in `overrides`, e.g. "
        "'links.subsea.pipeline.capex_factor=1:2:3'. At most the server's limit of points "
        "(25 by default).",
    )
    metrics: list[str] = Field(
        min_length=1,
        max_length=10,
        description=f"Metrics evaluated at every point, one or more of: {GRAMMAR}; "
        "e.g. 'power.gas.shapley.KP'.",
    )


class Parameters(BaseModel):
    """Changes to the scenario and settings of the analysis (unknown names: 422).

    The four numbers are overrides of the file (``web.scenarios.parameter_overrides``):
    the LNG price sets ``supplies.<id>.blocks[i].cost`` of the open-market gas supplies
    (not ``deal.alternative_price``, a different number in the file), the fee
    ``deal.transit_fee.kind/fixed``, the volume ``deal.volume.plateau`` (and ``ramp_up``
    capped at it), the disruption probability ``risk.disruption.probability``.
    """

    model_config = ConfigDict(extra="forbid")

    overrides: dict[str, OverrideValue] = Field(
        default_factory=dict,
        max_length=500,
        description="Values of the scenario file by key path, as `corridor --set PATH=VALUE`: "
        "{'links.subsea.pipeline.segments[1].cost_factor': 2, 'deal.alternative_price': "
        "'15 USD/MMBtu'}; a string is read as TOML text (else taken as the text itself). "
        "Validated like the file; applied after the four numbers below.",
    )
    drop: list[str] = Field(
        default_factory=list,
        max_length=200,
        description="Key paths to remove from the file, as `corridor --drop PATH`.",
    )
    lng_price_usd_per_mmbtu: float | None = Field(
        None,
        gt=0,
        le=100,
        description="World-market LNG price (every block of the open-market gas supplies), "
        "USD/MMBtu; the deal's alternative price is not changed (override "
        "deal.alternative_price for that).",
    )
    transit_fee_musd_per_yr: float | None = Field(
        None,
        ge=0,
        le=100_000,
        description="Deal's transit fee as a fixed sum, USD m/yr (deal.transit_fee.fixed).",
    )
    volume_bcm_per_yr: float | None = Field(
        None,
        gt=0,
        le=1_000,
        description="Deal's plateau volume, bcm/yr (deal.volume.plateau; ramp-up capped at it).",
    )
    disruption_probability: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Yearly probability that the transit country cuts flow "
        "(risk.disruption.probability).",
    )
    removed_links: list[str] = Field(
        default_factory=list, max_length=200, description="Routes (link ids) to leave out."
    )
    coalition: list[str] | None = Field(
        None, max_length=62, description="Actor ids for run (default: all actors)."
    )
    negotiation_scenario: str | None = Field(
        None,
        max_length=100,
        description="Bundled or uploaded scenario whose [negotiation] to use "
        "when the scenario has none.",
    )
    rounds: int = Field(
        LIMITS.rounds,
        ge=1,
        le=LIMITS.max_rounds,
        description="Most rounds of the negotiation models.",
    )
    draws: int = Field(LIMITS.risk_draws, ge=1, description="Monte Carlo draws (risk).")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Seed of every random draw.")
    stage: Literal["ex-ante", "ex-post", "both"] = Field(
        "both",
        description="Power games before the build (capex as annuities), after it (the "
        "ex-ante optimum's links sunk) or both.",
    )
    sweep: SweepParameters | None = Field(
        None,
        description="For the sweep analysis only (required there): the axis and metrics. "
        "The overrides, drop and four numbers above are fixed changes at every point.",
    )


class JobRequest(BaseModel):
    """An analysis to run in the background."""

    model_config = ConfigDict(extra="forbid")

    scenario: str = Field("korea-2011", max_length=100, description="Bundled name or upload id.")
    analysis: Literal["run", "power", "deal", "risk", "negotiate", "timeline", "sweep"] = Field(
        "run",
        description="A CLI command's analysis; `sweep` evaluates `parameters.sweep.metrics` "
        "at every point of `parameters.sweep.axis`.",
    )
    parameters: Parameters = Field(default_factory=lambda: Parameters.model_validate({}))


class JobOut(BaseModel):
    """A job's state; ``result`` holds the panel (figures as plotly JSON) once done."""

    id: str
    analysis: str
    scenario: str
    status: Literal["queued", "running", "done", "failed", "unavailable", "cancelled"]
    progress: float
    message: str
    result: dict[str, Any] | None = None


class ScenarioSummary(BaseModel):
    """A scenario's name and title."""

    name: str
    title: str


class ScenarioList(BaseModel):
    """Bundled scenarios and the client's uploads."""

    bundled: list[ScenarioSummary]
    uploaded: list[ScenarioSummary]


class ValueRow(BaseModel):
    """One editable value of a scenario file; ``path`` is its override path."""

    path: str
    value: bool | int | float | str = Field(description="The number (in ``unit``) or text.")
    unit: str | None = None
    kind: Literal["number", "string", "boolean", "array"] = Field(
        description="``array``: ``value`` is the array as TOML text."
    )
    source: str | None = None
    assumption: str | None = None
    low: float | None = None
    high: float | None = None


class ValueList(BaseModel):
    """Every editable value of a scenario's file, in file order."""

    scenario: str
    values: list[ValueRow]


class Problems(BaseModel):
    """Why a request was refused: a message and, for scenario files, every problem."""

    detail: str
    problems: list[str] = Field(default_factory=list)


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problems, "description": "No such scenario or job for this client."},
    413: {
        "model": Problems,
        "description": "Request body or scenario file over the server's size limit; the "
        "body is read only up to the limit, whatever its transfer encoding.",
    },
    422: {
        "model": Problems,
        "description": "Invalid input: a malformed or misspelt request, an unknown "
        "scenario, link or actor, a scenario file or override that does not validate, or a "
        "number over a limit of this server (one-line `detail`).",
    },
    429: {
        "model": Problems,
        "description": "Too many unfinished jobs: for this client (its cookie, or without "
        "one its connection address), for its address, or on the whole server.",
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": {"type": "integer"},
            }
        },
    },
}
"""Every error document of the API (OpenAPI ``responses``); routes take theirs by status."""


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The error documents of ``codes``, for a route's ``responses=``."""
    return {code: ERRORS[code] for code in codes}
