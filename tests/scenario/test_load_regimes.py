"""``[[regimes]]``: the dated table is loaded in time order and its problems are located."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from corridor.errors import ScenarioError
from corridor.scenario import load_scenario
from corridor.scenario.library import resolve
from corridor.scenario.load import loads
from corridor.scenario.vintage import parse_day

KOREA = resolve("korea-2011").read_text(encoding="utf-8")


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loads(text, file="t.toml")
    return [str(p) for p in caught.value.problems]


def test_days_are_dates_months_or_years() -> None:
    assert parse_day(date(2011, 8, 24)) == date(2011, 8, 24)
    assert parse_day("2012-04") == date(2012, 4, 1)
    assert parse_day(2013) == date(2013, 1, 1)
    with pytest.raises(ValueError, match="not a date"):
        parse_day("spring 2012")


def test_bundled_regimes_follow_each_other_and_extend_their_predecessors() -> None:
    regimes = load_scenario("korea-2011").regimes
    assert [r.id for r in regimes][:2] == ["agreement-2011", "succession-2011"]
    assert all(a.end == b.start for a, b in itertools.pairwise(regimes))
    by_id = {r.id: r for r in regimes}
    # un-2397 extends un-2375 (payments to KP unlawful), which extends un-2270 (bsn-rjn closed)
    assert by_id["un-2397"].unlawful_payments_to == ("KP",)
    assert by_id["un-2397"].closed == ("bsn-rjn",)
    assert by_id["agreement-2011"].closed == ("rjn-khs",)
    assert by_id["thaw-2018"].end == date(2020, 1, 1)
    assert all(r.provenance.source for r in regimes)


@pytest.mark.parametrize(
    ("regimes", "expected"),
    [
        (
            '[[regimes]]\nid = "a"\nname = "A"\nstart = 2012\nclosed = ["nowhere"]\nsource = "s"\n',
            "regimes.a.closed[1]: unknown link 'nowhere'",
        ),
        (
            '[[regimes]]\nid = "a"\nname = "A"\nstart = 2012\nunlawful_payments_to = ["XX"]\n'
            'source = "s"\n',
            "regimes.a.unlawful_payments_to[1]: unknown actor 'XX'",
        ),
        (
            '[[regimes]]\nid = "a"\nname = "A"\nstart = "spring"\nsource = "s"\n',
            "regimes.a.start: 'spring' is not a date",
        ),
        (
            '[[regimes]]\nid = "a"\nname = "A"\nstart = 2012\nextends = "b"\nsource = "s"\n',
            "regimes.a.extends: no earlier regime 'b'",
        ),
        (
            '[[regimes]]\nid = "a"\nname = "A"\nstart = 2012\nset = ["links.nowhere.capacity=1"]\n'
            'source = "s"\n',
            "regimes.a.set[1]: links.nowhere.capacity=1: no item 'nowhere'",
        ),
        ('[[regimes]]\nid = "a"\nname = "A"\nstart = 2012\n', "regimes.a: "),
        (
            '[[regimes]]\nid = "a"\nname = "A"\nstart = 2012\nend = 2014\nsource = "s"\n'
            '[[regimes]]\nid = "b"\nname = "B"\nstart = 2013\nsource = "s"\n',
            "regimes.a.end: 2014-01-01 is after the start of 'b' (2013-01-01)",
        ),
    ],
)
def test_regime_problems_are_located(regimes: str, expected: str) -> None:
    # the bundled file's regimes replaced by the case's
    head, _, _ = KOREA.partition("[[regimes]]")
    rest = KOREA.partition("# --- uncertainty, disruption and guarantee")[2]
    text = head + regimes + "\n# --- uncertainty, disruption and guarantee" + rest
    problems = _problems(text)
    assert any(expected in p for p in problems), problems
