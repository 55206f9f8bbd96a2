"""The [negotiation] section through the scenario loader: the bundled six-party scenario,
and problems reported as ``file:line: key.path: message`` together with the others."""

from __future__ import annotations

import pytest

from corridor.errors import ScenarioError
from corridor.scenario import load_scenario, loads

HEAD = """\
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


def _with_b(extra: str = "", salience: str = "0.5", actor: str = "B") -> str:
    return HEAD + (
        f'\n[[negotiation.issues.stances]]\nactor = "{actor}"\nposition = 100\n'
        f"capability = 1\nsalience = {salience}\n{extra}"
    )


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loads(text, file="t.toml")
    return [str(p) for p in caught.value.problems]


def test_bundled_six_party_scenario_is_complete_and_sourced() -> None:
    scenario = load_scenario("six-party-2011")
    negotiation = scenario.negotiation
    assert negotiation is not None
    assert set(negotiation.actors) == {"US", "CN", "RU", "JP", "KR", "KP"}
    assert set(negotiation.issue_ids) >= {
        "preconditions",
        "moratorium",
        "side_payments",
        "pipeline_rail",
    }
    for issue in negotiation.issues:
        assert issue.provenance.source, issue.id  # each issue names its public record
    for stance in negotiation.stances:
        assert stance.provenance.source or stance.provenance.assumption
        assert stance.provenance.assumption != "unspecified"
    # the North offered to return "without preconditions" (Kremlin, 24 Aug 2011)
    assert negotiation.stance("KP", "preconditions").position == 0


def test_valid_minimal_section() -> None:
    negotiation = loads(_with_b()).negotiation
    assert negotiation is not None
    assert negotiation.stance("B", "x").salience == 0.5
    assert loads(HEAD.split("[negotiation]")[0]).negotiation is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_with_b(salience="1.5"), "t.toml:33: negotiation.issues.x.stances[2].salience: "),
        (_with_b(actor="ZZ"), "t.toml:30: negotiation.issues.x.stances[2].actor: unknown actor"),
        (
            _with_b("utility = [[0, 1], [0, 0]]\n"),
            "t.toml:34: negotiation.issues.x.stances[2].utility: positions of the utility",
        ),
        (
            _with_b("utility = [[0, 0], [100, 1]]\n"),
            "t.toml:34: negotiation.issues.x.stances[2].utility: give disagreement",
        ),
        (_with_b('colour = "red"\n'), "t.toml:34: negotiation.issues.x.stances[2].colour: unknown"),
    ],
)
def test_problem_names_file_line_and_key(text: str, expected: str) -> None:
    problems = _problems(text)
    assert any(p.startswith(expected) for p in problems), problems


def test_problems_come_out_together_with_other_sections() -> None:
    text = _with_b(salience="2").replace("base_year = 2011", "base_year = 1066")
    text = text.replace("position = 0\n", "position = 0\ncapability_x = 3\n", 1)
    problems = _problems(text)
    joined = "\n".join(problems)
    assert "scenario.base_year" in joined
    assert "stances[2].salience" in joined
    assert "stances[1].capability_x" in joined
    # references are checked too, all at once
    text = _with_b(actor="A").replace('assumption = "test"\n', "")
    joined = "\n".join(_problems(text))
    assert "second stance of A on x" in joined
    assert "no provenance" in joined
    assert "no stance of" not in joined  # B never appears, so nobody is missing
