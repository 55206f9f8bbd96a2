"""Loading the ``[negotiation]`` table: a validated file table -> the negotiation model.

The scenario loader validates the table against :mod:`corridor.scenario.negotiation_schema`
and calls :func:`build_negotiation` with its :class:`Collector`, so that problems come
out with the rest as ``file:line: key.path: message``.
"""

from __future__ import annotations

from collections.abc import Collection

from corridor.scenario.collector import Collector
from corridor.scenario.negotiation_model import Issue, Negotiation, Stance
from corridor.scenario.negotiation_schema import (
    ActorDefaultsFile,
    IssueFile,
    NegotiationFile,
    StanceFile,
)
from corridor.scenario.provenance import UNSPECIFIED, KeyPath, inherit

__all__ = ["build_negotiation"]


def build_negotiation(
    parsed: NegotiationFile, out: Collector, actor_ids: Collection[str] | None = None
) -> Negotiation | None:
    """Check what a validated ``[negotiation]`` table refers to and build the model.

    Checks what pydantic cannot see item by item: unknown or repeated actors, repeated
    issue ids, missing provenance, utility points without a disagreement point, actors
    without a stance on some issue and stances without a capability or salience of their
    own or of their actor (``[[negotiation.actors]]``, whose values they fall back to).
    Records every problem in ``out`` (key paths from the top of the file); returns the
    negotiation, or None when there are problems.
    """
    base: KeyPath = ("negotiation",)
    problems: list[tuple[KeyPath, str]] = []
    issues: list[Issue] = []
    stances: list[Stance] = []
    seen_issues: set[str] = set()
    defaults, default_problems = _actor_defaults(parsed, base, actor_ids)
    problems.extend(default_problems)
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
                provenance=inherit(issue, parsed) or UNSPECIFIED,
                note=issue.note,
            )
        )
        seen_actors: set[str] = set()
        for k, stance in enumerate(issue.stances):
            at: KeyPath = (*where, "stances", k)
            problems.extend(_stance_problems(at, stance, issue, actor_ids, seen_actors))
            seen_actors.add(stance.actor)
            provenance = inherit(stance, issue, parsed)
            if provenance is None:
                problems.append((at, "no provenance: give source or assumption"))
            own = defaults.get(stance.actor)
            capability = _resolved(stance.capability, own.capability if own else None)
            salience = _resolved(stance.salience, own.salience if own else None)
            for name, value in (("capability", capability), ("salience", salience)):
                if value is None:
                    problems.append(
                        (
                            (*at, name),
                            f"no {name}: give one here or in a [[negotiation.actors]] entry "
                            f"for {stance.actor}",
                        )
                    )
            stances.append(
                Stance(
                    actor=stance.actor,
                    issue=issue.id,
                    position=stance.position,
                    capability=capability if capability is not None else 0.0,  # reported
                    salience=salience if salience is not None else 0.0,
                    utility=tuple(stance.utility) if stance.utility else None,
                    disagreement=stance.disagreement,
                    provenance=provenance or UNSPECIFIED,
                    note=stance.note,
                )
            )
    problems.extend(_completeness_problems(parsed, base, stances))
    for path, message in problems:
        out.add(path, message)
    if problems:
        return None
    return Negotiation(issues=tuple(issues), stances=tuple(stances))


def _resolved(own: float | None, default: float | None) -> float | None:
    """A stance's own value, else its actor's default (None: neither given)."""
    return own if own is not None else default


def _actor_defaults(
    parsed: NegotiationFile, base: KeyPath, actor_ids: Collection[str] | None
) -> tuple[dict[str, ActorDefaultsFile], list[tuple[KeyPath, str]]]:
    """The ``[[negotiation.actors]]`` entries by actor, and their problems."""
    defaults: dict[str, ActorDefaultsFile] = {}
    problems: list[tuple[KeyPath, str]] = []
    for k, entry in enumerate(parsed.actors):
        at: KeyPath = (*base, "actors", k)
        if actor_ids is not None and entry.actor not in actor_ids:
            problems.append(((*at, "actor"), f"unknown actor {entry.actor!r}"))
        if entry.actor in defaults:
            problems.append(((*at, "actor"), f"second entry of {entry.actor}"))
        if entry.capability is None and entry.salience is None:
            problems.append((at, "give capability, salience or both"))
        if inherit(entry, parsed) is None:
            problems.append((at, "no provenance: give source or assumption"))
        defaults.setdefault(entry.actor, entry)
    return defaults, problems


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


def _completeness_problems(
    parsed: NegotiationFile, base: KeyPath, stances: list[Stance]
) -> list[tuple[KeyPath, str]]:
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
        if sum(s.capability * s.salience for s in stances if s.issue == issue.id) <= 0:
            problems.append(
                ((*base, "issues", i, "stances"), "capability x salience is zero for every actor")
            )
    return problems
