from __future__ import annotations

from collections.abc import Sequence

from corridor.scenario.negotiation import Issue, Negotiation, Stance


def make_negotiation(
    issues: Sequence[str],
    table: Sequence[tuple[str, str, float, float, float]],
    utilities: dict[tuple[str, str], tuple[tuple[float, float], ...]] | None = None,
    disagreement: dict[tuple[str, str], float] | None = None,
) -> Negotiation:
    """Build a negotiation from rows (actor, issue, position, capability, salience)."""
    utilities = utilities or {}
    disagreement = disagreement or {}
    return Negotiation(
        issues=tuple(Issue(i, i, "low", "high") for i in issues),
        stances=tuple(
            Stance(
                actor=a,
                issue=i,
                position=x,
                capability=c,
                salience=s,
                utility=utilities.get((a, i)),
                disagreement=disagreement.get((a, i)),
            )
            for a, i, x, c, s in table
        ),
    )
