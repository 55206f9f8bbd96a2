from __future__ import annotations

from collections.abc import Sequence

from corridor.scenario.negotiation_model import Issue, Negotiation, Stance


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


MINIMAL_TOML = """\
[scenario]
name = "t"
title = "t"
base_year = 2011

[[actors]]
id = "A"
name = "A"

[[actors]]
id = "B"
name = "B"

[negotiation]
assumption = "test"

[[negotiation.issues]]
id = "x"
name = "x"
low = "none"
high = "all"

[[negotiation.issues.stances]]
actor = "A"
position = 0
capability = 1
salience = 1
"""  # 27 lines: the second stance's header is on line 29, its keys on 30-33, extras 34


def with_second_stance(extra: str = "", salience: str = "0.5", actor: str = "B") -> str:
    return MINIMAL_TOML + (
        f'\n[[negotiation.issues.stances]]\nactor = "{actor}"\nposition = 100\n'
        f"capability = 1\nsalience = {salience}\n{extra}"
    )
