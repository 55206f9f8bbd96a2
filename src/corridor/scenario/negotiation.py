"""Negotiation issues of a scenario: the data model and the ``[negotiation]`` file section.

An *issue* is a single dimension on a 0–100 scale whose end points are labelled
(``low`` says what 0 means, ``high`` what 100 means), with an optional status quo. For
every actor and issue a *stance* gives the actor's position (0–100), its capability
(clout on the issue; any non-negative relative scale, the models normalise it) and its
salience (0–1: how much the issue matters to it). A stance may also give the actor's
utility over the issue as points ``[[position, utility], ...]`` (linear in between, flat
beyond the ends) and its utility without agreement (``disagreement``); the Nash
bargaining model uses those.

The file section reads::

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

Every stance needs provenance (``source`` or ``assumption``) of its own, of its issue or
of the ``[negotiation]`` table. This module owns the data model and its validation (the
scenario loader runs :class:`NegotiationFile` and :func:`build_negotiation` with the other
sections, so problems come out together as ``file:line: key.path: message``); the models
live in :mod:`corridor.negotiation`, which this module does not import.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, field_validator

from corridor.scenario.model import Provenance
from corridor.scenario.schema import Id, Sourced

SCALE_LOW = 0.0
"""Lower end of every issue scale."""
SCALE_HIGH = 100.0
"""Upper end of every issue scale."""

UNSPECIFIED = Provenance(assumption="unspecified")
"""Provenance of an item built in code rather than read from a file."""

KeyPath = tuple[str | int, ...]
"""A key path inside the scenario file, as :mod:`corridor.scenario.locate` uses."""


# --- the data model ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Issue:
    """One negotiated dimension on the 0–100 scale.

    ``low_label``/``high_label`` say what positions 0 and 100 mean; ``status_quo`` is the
    position that holds without agreement (None: not coded).
    """

    id: str
    name: str
    low_label: str
    high_label: str
    status_quo: float | None = None
    provenance: Provenance = UNSPECIFIED
    note: str = ""


@dataclass(frozen=True, slots=True)
class Stance:
    """One actor on one issue.

    ``position`` on the issue's 0–100 scale; ``capability`` the actor's clout on the issue
    (non-negative, relative: only ratios between actors matter); ``salience`` in [0, 1].
    ``utility`` optional points ``((position, utility), ...)`` with increasing positions;
    ``disagreement`` the utility without agreement (None: the utility at the status quo).
    """

    actor: str
    issue: str
    position: float
    capability: float
    salience: float
    utility: tuple[tuple[float, float], ...] | None = None
    disagreement: float | None = None
    provenance: Provenance = UNSPECIFIED
    note: str = ""

    def utility_at(self, position: float) -> float:
        """Return the actor's utility at ``position`` (linear between points, flat beyond).

        Raises ValueError when the stance has no utility points.
        """
        if not self.utility:
            raise ValueError(f"stance of {self.actor} on {self.issue} has no utility points")
        points = self.utility
        if position <= points[0][0]:
            return points[0][1]
        for (x0, u0), (x1, u1) in itertools.pairwise(points):
            if position <= x1:
                return u0 + (u1 - u0) * (position - x0) / (x1 - x0)
        return points[-1][1]


@dataclass(frozen=True, slots=True)
class Negotiation:
    """The issues of a scenario and every actor's stance on each. Immutable.

    Every actor that appears has exactly one stance on every issue.
    """

    issues: tuple[Issue, ...]
    stances: tuple[Stance, ...]

    @property
    def actors(self) -> tuple[str, ...]:
        """Actor ids in order of first appearance."""
        return tuple(dict.fromkeys(s.actor for s in self.stances))

    @property
    def issue_ids(self) -> tuple[str, ...]:
        """Issue ids in file order."""
        return tuple(issue.id for issue in self.issues)

    def issue(self, issue_id: str) -> Issue:
        """Return the issue with this id (KeyError if none)."""
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise KeyError(f"unknown issue {issue_id!r}")

    def stances_on(self, issue_id: str) -> tuple[Stance, ...]:
        """Return the stances on one issue, in the order of :attr:`actors`."""
        by_actor = {s.actor: s for s in self.stances if s.issue == issue_id}
        if not by_actor:
            raise KeyError(f"unknown issue {issue_id!r}")
        return tuple(by_actor[a] for a in self.actors)

    def stance(self, actor: str, issue_id: str) -> Stance:
        """One actor's stance on one issue (KeyError if none)."""
        for s in self.stances:
            if s.actor == actor and s.issue == issue_id:
                return s
        raise KeyError(f"no stance of {actor!r} on {issue_id!r}")

    def with_stances(self, stances: Sequence[Stance]) -> Negotiation:
        """Return a copy with the stances replaced (same issues)."""
        return dataclasses.replace(self, stances=tuple(stances))


# --- the file section -------------------------------------------------------------------
Position = Annotated[float, Field(ge=SCALE_LOW, le=SCALE_HIGH, allow_inf_nan=False)]


class StanceFile(Sourced):
    """A ``[[negotiation.issues.stances]]`` entry."""

    actor: Id
    position: Position
    capability: float = Field(ge=0, allow_inf_nan=False)
    salience: float = Field(ge=0, le=1, allow_inf_nan=False)
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


def _provenance(*levels: Sourced) -> Provenance | None:
    """Return the innermost provenance given among ``levels`` (innermost first)."""
    for level in levels:
        if level.source or level.assumption:
            return Provenance(source=level.source, assumption=level.assumption)
    return None


def build_negotiation(
    parsed: NegotiationFile, actor_ids: Collection[str] | None = None
) -> tuple[Negotiation | None, list[tuple[KeyPath, str]]]:
    """Check what a validated ``[negotiation]`` table refers to and build the model.

    Checks what pydantic cannot see item by item: unknown or repeated actors, repeated
    issue ids, missing provenance, utility points without a disagreement point and
    actors without a stance on some issue. Returns the negotiation (None when there are
    problems) and every problem as (key path from the top of the file, message).
    """
    base: KeyPath = ("negotiation",)
    problems: list[tuple[KeyPath, str]] = []
    issues: list[Issue] = []
    stances: list[Stance] = []
    seen_issues: set[str] = set()
    for i, issue in enumerate(parsed.issues):
        where: KeyPath = (*base, "issues", i)
        if issue.id in seen_issues:
            problems.append(((*where, "id"), f"duplicate issue id {issue.id!r}"))
        seen_issues.add(issue.id)
        issues.append(
            Issue(
                id=issue.id,
                name=issue.name,
                low_label=issue.low,
                high_label=issue.high,
                status_quo=issue.status_quo,
                provenance=_provenance(issue, parsed) or UNSPECIFIED,
                note=issue.note,
            )
        )
        seen_actors: set[str] = set()
        for k, stance in enumerate(issue.stances):
            at: KeyPath = (*where, "stances", k)
            problems.extend(_stance_problems(at, stance, issue, actor_ids, seen_actors))
            seen_actors.add(stance.actor)
            provenance = _provenance(stance, issue, parsed)
            if provenance is None:
                problems.append((at, "no provenance: give source or assumption"))
            stances.append(
                Stance(
                    actor=stance.actor,
                    issue=issue.id,
                    position=stance.position,
                    capability=stance.capability,
                    salience=stance.salience,
                    utility=tuple(stance.utility) if stance.utility else None,
                    disagreement=stance.disagreement,
                    provenance=provenance or UNSPECIFIED,
                    note=stance.note,
                )
            )
    problems.extend(_completeness_problems(parsed, base))
    if problems:
        return None, problems
    return Negotiation(issues=tuple(issues), stances=tuple(stances)), []


def _stance_problems(
    at: KeyPath,
    stance: StanceFile,
    issue: IssueFile,
    actor_ids: Collection[str] | None,
    seen_actors: set[str],
) -> list[tuple[KeyPath, str]]:
    problems: list[tuple[KeyPath, str]] = []
    if actor_ids is not None and stance.actor not in actor_ids:
        problems.append(((*at, "actor"), f"unknown actor {stance.actor!r}"))
    if stance.actor in seen_actors:
        problems.append(((*at, "actor"), f"second stance of {stance.actor} on {issue.id}"))
    if stance.disagreement is not None and stance.utility is None:
        problems.append(((*at, "disagreement"), "needs utility points"))
    if stance.utility and stance.disagreement is None and issue.status_quo is None:
        problems.append(((*at, "utility"), "give disagreement, or a status_quo for the issue"))
    return problems


def _completeness_problems(parsed: NegotiationFile, base: KeyPath) -> list[tuple[KeyPath, str]]:
    """Every actor that appears must have a stance on every issue (salience 0 if it stays out)."""
    everyone = list(dict.fromkeys(s.actor for issue in parsed.issues for s in issue.stances))
    problems: list[tuple[KeyPath, str]] = []
    for i, issue in enumerate(parsed.issues):
        present = {s.actor for s in issue.stances}
        missing = [a for a in everyone if a not in present]
        if missing:
            problems.append(
                (
                    (*base, "issues", i, "stances"),
                    f"no stance of {', '.join(missing)} on {issue.id} "
                    "(give salience = 0 for an actor that stays out of an issue)",
                )
            )
        if sum(s.capability * s.salience for s in issue.stances) <= 0:
            problems.append(
                ((*base, "issues", i, "stances"), "capability x salience is zero for every actor")
            )
    return problems
