"""The [negotiation] section through the scenario loader: the bundled six-party scenario,
and problems reported as ``file:line: key.path: message`` together with the others."""

from __future__ import annotations

import pytest

from corridor.errors import ScenarioError
from corridor.scenario import load_scenario, loads

from ..negotiation.negotiation_cases import MINIMAL_TOML, with_second_stance


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
        "pipeline",
        "rajin_khasan",
    }
    for issue in negotiation.issues:
        assert issue.provenance.source, issue.id  # each issue names its public record
    for stance in negotiation.stances:
        assert stance.provenance.source or stance.provenance.assumption
        assert stance.provenance.assumption != "unspecified"
    # the North offered to return "without preconditions" (Kremlin, 24 Aug 2011)
    assert negotiation.stance("KP", "preconditions").position == 0
    # capability per issue: Russia's default (40) on the nuclear file, the seller's 100 on
    # the pipeline; the US without a veto on it
    assert negotiation.stance("RU", "preconditions").capability == 40
    assert negotiation.stance("RU", "pipeline").capability == 100
    assert (
        negotiation.stance("US", "pipeline").capability
        < negotiation.stance("US", "preconditions").capability
    )


def test_valid_minimal_section() -> None:
    negotiation = loads(with_second_stance()).negotiation
    assert negotiation is not None
    assert negotiation.stance("B", "x").salience == 0.5
    assert loads(MINIMAL_TOML.split("[negotiation]")[0]).negotiation is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            with_second_stance(salience="1.5"),
            "t.toml:33: negotiation.issues.x.stances[2].salience: ",
        ),
        (
            with_second_stance(actor="ZZ"),
            "t.toml:30: negotiation.issues.x.stances[2].actor: unknown actor",
        ),
        (
            with_second_stance("utility = [[0, 1], [0, 0]]\n"),
            "t.toml:34: negotiation.issues.x.stances[2].utility: positions of the utility",
        ),
        (
            with_second_stance("utility = [[0, 0], [100, 1]]\n"),
            "t.toml:34: negotiation.issues.x.stances[2].utility: give disagreement",
        ),
        (
            with_second_stance('colour = "red"\n'),
            "t.toml:34: negotiation.issues.x.stances[2].colour: unknown",
        ),
    ],
)
def test_problem_names_file_line_and_key(text: str, expected: str) -> None:
    problems = _problems(text)
    assert any(p.startswith(expected) for p in problems), problems


def test_problems_come_out_together_with_other_sections() -> None:
    text = with_second_stance(salience="2").replace("base_year = 2011", "base_year = 1066")
    text = text.replace("position = 0\n", "position = 0\ncapability_x = 3\n", 1)
    problems = _problems(text)
    joined = "\n".join(problems)
    assert "scenario.base_year" in joined
    assert "stances[2].salience" in joined
    assert "stances[1].capability_x" in joined
    # references are checked too, all at once
    text = with_second_stance(actor="A").replace('assumption = "test"\n', "")
    joined = "\n".join(_problems(text))
    assert "second stance of A on x" in joined
    assert "no provenance" in joined
    assert "no stance of" not in joined  # B never appears, so nobody is missing


ACTOR_DEFAULTS = """
[[negotiation.actors]]
actor = "B"
capability = 7
salience = 0.25
assumption = "B's clout and interest wherever its stance says nothing else"
"""


def _without(text: str, key: str) -> str:
    """The minimal file with B's stance lacking ``key`` (capability or salience)."""
    return "\n".join(line for line in text.splitlines() if not line.startswith(f"{key} = 1"))


def test_a_stance_falls_back_to_its_actors_capability_and_salience() -> None:
    # B's stance gives capability = 1 and salience = 0.5 of its own: they win
    negotiation = loads(with_second_stance() + ACTOR_DEFAULTS).negotiation
    assert negotiation is not None
    assert (negotiation.stance("B", "x").capability, negotiation.stance("B", "x").salience) == (
        1,
        0.5,
    )
    # without its own capability, B's stance takes the actor's 7; salience stays its own
    text = with_second_stance().replace("capability = 1\nsalience = 0.5", "salience = 0.5")
    negotiation = loads(text + ACTOR_DEFAULTS).negotiation
    assert negotiation is not None
    stance = negotiation.stance("B", "x")
    assert (stance.capability, stance.salience) == (7, 0.5)
    # ... and without both, both defaults
    text = with_second_stance().replace("capability = 1\nsalience = 0.5\n", "")
    stance = loads(text + ACTOR_DEFAULTS).negotiation.stance("B", "x")  # type: ignore[union-attr]
    assert (stance.capability, stance.salience) == (7, 0.25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            with_second_stance().replace("capability = 1\nsalience = 0.5", "salience = 0.5"),
            "t.toml:29: negotiation.issues.x.stances[2].capability: no capability: give one "
            "here or in a [[negotiation.actors]] entry for B",
        ),
        (
            with_second_stance() + ACTOR_DEFAULTS.replace('"B"', '"ZZ"'),
            "t.toml:36: negotiation.actors[1].actor: unknown actor 'ZZ'",
        ),
        (
            with_second_stance() + ACTOR_DEFAULTS + ACTOR_DEFAULTS,
            "t.toml:42: negotiation.actors[2].actor: second entry of B",
        ),
        (
            with_second_stance() + ACTOR_DEFAULTS.replace("salience = 0.25", "salience = 2"),
            "t.toml:38: negotiation.actors[1].salience: ",
        ),
        (
            with_second_stance()
            + '\n[[negotiation.actors]]\nactor = "B"\nassumption = "nothing"\n',
            "t.toml:35: negotiation.actors[1]: give capability, salience or both",
        ),
    ],
)
def test_actor_default_problems_are_located(text: str, expected: str) -> None:
    problems = _problems(text)
    assert any(p.startswith(expected) for p in problems), problems
