"""The file format of a scenario's ``[negotiation]`` table: pydantic models only.

The section reads::

    [negotiation]
    assumption = "why the coding is as it is"

    [[negotiation.issues]]
    id = "preconditions"
    name = "Preconditions for resuming the talks"
    low = "none"
    high = "verifiable denuclearisation steps first"
    status_quo = 85
    source = "publication, year"

    [[negotiation.issues.stances]]
    actor = "US"
    position = 90
    capability = 100
    salience = 0.7

    [[negotiation.actors]]      # optional: an actor's capability and salience on every
    actor = "RU"                # issue where its stance gives none
    capability = 40
    assumption = "why"

A stance's own ``capability``/``salience`` wins; without one it takes its actor's
``[[negotiation.actors]]`` value, and one of the two must be given.
Every stance needs provenance (``source`` or ``assumption``) of its own, of its issue or
of the ``[negotiation]`` table; :mod:`corridor.scenario.load_negotiation` checks that, and
what the items refer to, when it builds the :mod:`corridor.scenario.negotiation_model`.
"""

from __future__ import annotations

import itertools
from typing import Annotated

from pydantic import Field, field_validator

from corridor.scenario.negotiation_model import SCALE_HIGH, SCALE_LOW
from corridor.scenario.schema import Id, Sourced

__all__ = ["ActorDefaultsFile", "IssueFile", "NegotiationFile", "Position", "StanceFile"]

Position = Annotated[float, Field(ge=SCALE_LOW, le=SCALE_HIGH, allow_inf_nan=False)]
Capability = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Salience = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class ActorDefaultsFile(Sourced):
    """A ``[[negotiation.actors]]`` entry: an actor's default capability and salience.

    They apply on every issue where the actor's stance gives none of its own.
    """

    actor: Id
    capability: Capability | None = None
    salience: Salience | None = None
    note: str = ""


class StanceFile(Sourced):
    """A ``[[negotiation.issues.stances]]`` entry."""

    actor: Id
    position: Position
    capability: Capability | None = None  # None: the actor's [[negotiation.actors]] value
    salience: Salience | None = None
    utility: list[tuple[Position, Annotated[float, Field(allow_inf_nan=False)]]] | None = None
    disagreement: float | None = Field(default=None, allow_inf_nan=False)
    note: str = ""

    @field_validator("utility")
    @classmethod
    def _increasing(
        cls, points: list[tuple[float, float]] | None
    ) -> list[tuple[float, float]] | None:
        if points is None:
            return None
        if len(points) < 2:
            raise ValueError("give at least two [position, utility] points")
        xs = [x for x, _ in points]
        if any(b <= a for a, b in itertools.pairwise(xs)):
            raise ValueError("positions of the utility points must increase strictly")
        return points


class IssueFile(Sourced):
    """A ``[[negotiation.issues]]`` entry."""

    id: Id
    name: str = Field(min_length=1)
    low: str = Field(min_length=1, description="what position 0 means")
    high: str = Field(min_length=1, description="what position 100 means")
    status_quo: Position | None = None
    note: str = ""
    stances: list[StanceFile] = Field(min_length=2)


class NegotiationFile(Sourced):
    """The ``[negotiation]`` table."""

    note: str = ""
    issues: list[IssueFile] = Field(min_length=1)
    actors: list[ActorDefaultsFile] = Field(default_factory=list)
