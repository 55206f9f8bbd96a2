"""Negotiation issues of a scenario: the data model of its ``[negotiation]`` section.

An *issue* is a single dimension on a 0–100 scale whose end points are labelled
(``low`` says what 0 means, ``high`` what 100 means), with an optional status quo. For
every actor and issue a *stance* gives the actor's position (0–100), its capability
(clout on the issue; any non-negative relative scale, the models normalise it) and its
salience (0–1: how much the issue matters to it). A stance may also give the actor's
utility over the issue as points ``[[position, utility], ...]`` (linear in between, flat
beyond the ends) and its utility without agreement (``disagreement``); the Nash
bargaining model uses those.

Data only: the file format is :mod:`corridor.scenario.negotiation_schema`, the loader
:mod:`corridor.scenario.load_negotiation`; the models live in :mod:`corridor.negotiation`,
which this module does not import.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from corridor.scenario.lookup import by_id
from corridor.scenario.provenance import UNSPECIFIED, Provenance

__all__ = ["SCALE_HIGH", "SCALE_LOW", "UNSPECIFIED", "Issue", "Negotiation", "Stance"]

SCALE_LOW = 0.0
"""Lower end of every issue scale."""
SCALE_HIGH = 100.0
"""Upper end of every issue scale."""


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
        return by_id(self.issues, issue_id, "issue")

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
