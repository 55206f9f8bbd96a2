"""Package bargaining against cases worked by hand."""

from __future__ import annotations

import math

import pytest

from corridor.negotiation.package import bargain, search
from corridor.scenario.package_model import (
    Condition,
    IssueValue,
    Package,
    PackageIssue,
    Party,
    StatedOutcome,
)


def _yes_no(issue_id: str, **values: float) -> PackageIssue:
    return PackageIssue(
        id=issue_id,
        name=issue_id,
        unit="0 = no, 1 = yes",
        no_deal=0.0,
        levels=(0.0, 1.0),
        values=tuple(IssueValue(a, per_level_musd_per_yr=v) for a, v in values.items()),
    )


def _transfer(low: float, high: float, **values: float) -> PackageIssue:
    return PackageIssue(
        id="transfer",
        name="transfer from A to B",
        unit="USD m/yr",
        no_deal=0.0,
        bounds=(low, high),
        values=tuple(IssueValue(a, per_level_musd_per_yr=v) for a, v in values.items()),
    )


def test_sebenius_neither_issue_alone_has_a_zone_the_package_does() -> None:
    """Adding an issue creates agreement (Sebenius 1983, International Organization 37(2)).

    Two parties A and B, two yes/no issues, disagreement values 0:

    ========  =====  =====
    issue      A      B
    ========  =====  =====
    X = yes    +3     -2
    Y = yes    -2     +3
    ========  =====  =====

    X alone: the only agreement is X = yes, where B's surplus is -2 < 0: no zone. Y alone
    likewise (A at -2). Together, X = Y = yes gives A 3 - 2 = +1 and B -2 + 3 = +1: both
    gain, a zone. The package is the only agreement with both surpluses positive, so it is
    the Nash solution with surpluses (1, 1). The least premium alone is 2 (the loser's loss).
    """
    package = Package(
        parties=(Party("A"), Party("B")),
        issues=(_yes_no("X", A=3, B=-2), _yes_no("Y", A=-2, B=3)),
    )
    result = bargain(package)
    alone = result.alone.set_index("issue")
    assert not alone.loc["X", "zone"] and not alone.loc["Y", "zone"]
    assert alone.loc["X", "least_premium_musd_per_yr"] == pytest.approx(2.0)
    assert alone.loc["X", "blockers"] == "B" and alone.loc["Y", "blockers"] == "A"
    assert result.together.zone
    assert result.together.nash == {"X": 1.0, "Y": 1.0}
    assert result.together.surplus == pytest.approx((1.0, 1.0))


def test_nash_split_of_a_transfer_symmetric_and_asymmetric() -> None:
    """The Nash transfer splits the surplus by the weights.

    A deal (yes/no) worth +10 to A and -4 to B, and a transfer t from A to B in [0, 10]
    (A -t, B +t). With the deal: surplus A = 10 - t, B = t - 4, total 6.

    - symmetric weights: maximise log(10 - t) + log(t - 4): 10 - t = t - 4, t = 7,
      surpluses (3, 3);
    - weights A 2, B 1: maximise 2 log(10 - t) + log(t - 4); derivative
      -2 / (10 - t) + 1 / (t - 4) = 0 gives 2 (t - 4) = 10 - t, t = 6, surpluses (4, 2):
      A takes 2/3 of the 6.

    Without the deal the transfer alone gives A -t and B +t: no zone for t > 0 (A loses);
    the deal alone (t = 0) leaves B at -4: no zone either.
    """
    issues = (_yes_no("deal", A=10, B=-4), _transfer(0, 10, A=-1, B=1))
    symmetric = bargain(Package(parties=(Party("A"), Party("B")), issues=issues))
    assert symmetric.together.nash is not None
    assert symmetric.together.nash["deal"] == 1.0
    assert symmetric.together.nash["transfer"] == pytest.approx(7.0, abs=1e-6)
    assert symmetric.together.surplus == pytest.approx((3.0, 3.0), abs=1e-6)
    alone = symmetric.alone.set_index("issue")
    assert not alone.loc["deal", "zone"] and not alone.loc["transfer", "zone"]

    weighted = bargain(Package(parties=(Party("A", weight=2), Party("B")), issues=issues))
    assert weighted.together.nash is not None
    assert weighted.together.nash["transfer"] == pytest.approx(6.0, abs=1e-6)
    assert weighted.together.surplus == pytest.approx((4.0, 2.0), abs=1e-6)


def test_premium_at_a_stated_outcome() -> None:
    """The premium is the smallest non-market value that makes a party's surplus >= 0.

    Same deal and transfer as above, stated outcome deal = yes, t = 3: A's surplus is
    10 - 3 = 7 (premium 0), B's is 3 - 4 = -1 (premium 1). With a disagreement value of 2
    for A (an outside option), A's surplus is 7 - 2 = 5, still no premium; with 8 for A,
    A's is -1 and needs 1.
    """
    issues = (_yes_no("deal", A=10, B=-4), _transfer(0, 10, A=-1, B=1))
    for d_a, premiums in ((0.0, (0.0, 1.0)), (2.0, (0.0, 1.0)), (8.0, (1.0, 1.0))):
        package = Package(
            parties=(Party("A", disagreement_musd_per_yr=d_a), Party("B")),
            issues=issues,
            stated=(StatedOutcome("t = 3", {"deal": 1.0, "transfer": 3.0}),),
        )
        (premium,) = bargain(package).premiums
        assert premium.feasible and premium.levels == {"deal": 1.0, "transfer": 3.0}
        assert tuple(premium.table["premium_musd_per_yr"]) == pytest.approx(premiums)


def test_a_disagreement_value_moves_the_nash_transfer() -> None:
    """B's outside option of 1 (hand): maximise log(10 - t) + log(t - 4 - 1): t = 7.5.

    Surpluses 2.5 each: a better outside option buys B half of it (0.5) in the transfer.
    """
    package = Package(
        parties=(Party("A"), Party("B", disagreement_musd_per_yr=1.0)),
        issues=(_yes_no("deal", A=10, B=-4), _transfer(0, 10, A=-1, B=1)),
    )
    nash = search(package, ["deal", "transfer"])
    assert nash.nash is not None and nash.nash["transfer"] == pytest.approx(7.5, abs=1e-6)


def test_a_condition_removes_an_issue_alone_and_bounds_the_transfer() -> None:
    """``deal`` needs a transfer of at least 8: hand, t = max(7, 8) = 8, surpluses (2, 4).

    Alone, the deal (t held at 0) breaks the condition: no agreement, noted as a need.
    """
    package = Package(
        parties=(Party("A"), Party("B")),
        issues=(_yes_no("deal", A=10, B=-4), _transfer(0, 10, A=-1, B=1)),
        conditions=(Condition("deal", "transfer", at_least=8.0),),
    )
    result = bargain(package)
    assert result.together.nash is not None
    assert result.together.nash["transfer"] == pytest.approx(8.0, abs=1e-6)
    assert result.together.surplus == pytest.approx((2.0, 4.0), abs=1e-6)
    alone = result.alone.set_index("issue")
    assert alone.loc["deal", "note"] == "needs transfer"
    assert alone.loc["deal", "least_premium_musd_per_yr"] is None or math.isnan(
        alone.loc["deal", "least_premium_musd_per_yr"]
    )


def test_no_zone_anywhere_gives_no_nash_package() -> None:
    """A loses 3 on X and B gains 2: the total is negative, no transfer can fix it (hand)."""
    package = Package(
        parties=(Party("A"), Party("B")),
        issues=(_yes_no("X", A=-3, B=2), _transfer(0, 10, A=1, B=-1)),
    )
    together = search(package, ["X", "transfer"])
    assert not together.zone and together.nash is None
    # X alone (t held at 0): A at -3 needs 3, B gains 2 (hand).
    alone = search(package, ["X"])
    assert alone.least_premium_musd_per_yr == pytest.approx(3.0)
    assert alone.premiums == pytest.approx((3.0, 0.0))
