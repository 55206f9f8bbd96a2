"""Bueno de Mesquita's expected-utility model, as made explicit by Scholz, Calbert & Smith.

Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011), "Unravelling Bueno De Mesquita's
group decision model", *Journal of Theoretical Politics* 23(4), 510–531 (conference
version: ICAART 2011). Each round, issue by issue:

1. every actor's risk exponent ``r`` is set from how exposed its position is: with all
   ``r = 1``, its *danger* is the sum of the expected utilities the others have from
   challenging it; ``R = (2 danger - max - min) / (max - min)`` over all actors and
   ``r = (1 - R/3) / (1 + R/3)`` (so ``r`` lies in [0.5, 2]);
2. the probability that i prevails over j is the share of capability x salience weighted
   votes for i's position over j's;
3. the expected utility of i challenging j is
   ``s_j (P U_s + (1 - P) U_f) + (1 - s_j) U_s - Q U_sq - (1 - Q)(T U_b + (1 - T) U_w)``
   with ``U_s = 2 - 4 (0.5 - 0.5 d)^r``, ``U_f = 2 - 4 (0.5 + 0.5 d)^r``,
   ``U_sq = 2 - 4 (0.5)^r`` and ``U_b``/``U_w`` (better/worse without a challenge) around
   the weighted median, ``d`` the distance of the positions over the position range;
4. each actor, from its own perspective (its own ``r``), sorts every other actor into
   confrontation (it expects to lose: it moves to the other's position), compromise (it
   moves part of the way, by ``|EU_own / EU_other|``) or capitulation (it moves all the
   way), picks one offer and all actors move at once;
5. the rounds stop when the positions converge or cycle (or at a round cap, or after a
   fixed number of rounds); the forecast is the weighted median then, or its mean over a
   cycle (:mod:`corridor.negotiation.stopping`).

The reconstruction leaves choices open; :class:`ExpectedUtilityOptions` exposes each one
the literature documents, with defaults that follow the code Scholz et al. used as
translated in the open reconstruction of J. McKibben (github.com/jmckib/
bdm-scholz-expected-utility-model), which names where that code departs from the paper.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np

from corridor.negotiation.common import (
    IssuePath,
    ModelResult,
    frame,
    issue_arrays,
    path_result,
    weighted_median,
)
from corridor.negotiation.stopping import (
    CONFIRM_ROUNDS,
    DEFAULT_TOLERANCE,
    ROUND_CAP_DEFAULT,
    Ending,
    Stop,
    StopRule,
    ending,
    out_of_rounds,
)
from corridor.scenario.negotiation_model import SCALE_HIGH, SCALE_LOW, Negotiation

_POW = np.frompyfunc(math.pow, 2, 1)


def power(base: np.ndarray, exponent: np.ndarray) -> np.ndarray:
    """``base ** exponent`` elementwise, the same to the bit on every x86 CPU.

    numpy's float64 power dispatches to vectorised (SVML) kernels on CPUs with AVX-512,
    whose results differ from the scalar libm's in the last bit; the model's discrete
    choices (confront, compromise, capitulate) then flip on a near-tie and a forecast moves
    by whole points between machines. The C library's ``pow`` is the same on every machine
    with the same libm; the arrays here are a few hundred numbers, so the slower path
    costs little.
    """
    return np.asarray(_POW(base, exponent), dtype=float)


HISTORY_COLUMNS = (
    "model",
    "issue",
    "round",
    "actor",
    "risk_exponent",
    "position_before",
    "position_after",
    "outcome",
    "counterpart",
    "eu_own",
    "eu_counterpart",
    "offers",
)
"""Columns of the expected-utility round history: one row per actor and round.

``outcome`` is confrontation, compromise, capitulation or none; ``eu_own`` the actor's
expected utility of challenging ``counterpart`` and ``eu_counterpart`` the counterpart's
expected utility of challenging it, both from the actor's perspective; ``offers`` how many
actors made it an offer.
"""


@dataclass(frozen=True)
class ExpectedUtilityOptions:
    """Options of the expected-utility model; each open choice of the reconstruction.

    ``rounds``: most rounds to run (the round cap when ``stop="converge"``, exactly this
    many when ``stop="fixed"``); ``stop`` and ``tolerance`` (scale points): the forecast
    rule of :mod:`corridor.negotiation.stopping` (stop on convergence or a cycle), with
    ``confirm`` the rounds a repeat must hold.
    ``q``: probability the status quo holds if i does not challenge (Scholz et al.: 1);
    ``t``: probability that, if it does not hold, things get better for i (used only when
    ``q < 1``).
    ``probability``: ``"all_pairs"`` divides i's votes over j by the votes of every actor
    over every pair (what Scholz et al.'s code does, per McKibben); ``"pairwise"`` by the
    votes cast on the pair i, j only (BDM 1994's formula, so P_ij + P_ji = 1).
    ``vote_risk``: ``"voter"`` raises each voter's distances to its own risk exponent
    (Scholz code), ``"neutral"`` uses exponent 1.
    ``resist_salience``: whose salience is the probability of resisting a challenge:
    ``"target"`` (s_j, Scholz et al.) or ``"challenger"`` (s_i, another reading of BDM).
    ``risk``: ``"scholz"`` derives r from the danger levels; ``"neutral"`` keeps r = 1.
    ``offer_choice``: ``"scholz_code"`` takes a confrontation before a compromise before
    a capitulation, the nearest confrontation, and the compromise with the lowest
    EU-weighted mid-point (as the code does); ``"least_move"`` takes the offer that moves
    the actor least, as the paper's text says.
    ``capitulation``: whether the capitulation case can happen at all (the open
    reconstruction's test for it can never be true).
    ``position_range``: ``"initial"`` normalises distances by the spread of the initial
    positions (Scholz), ``"scale"`` by the 0–100 scale.
    """

    rounds: int = ROUND_CAP_DEFAULT
    stop: Stop = "converge"
    tolerance: float = DEFAULT_TOLERANCE
    confirm: int = CONFIRM_ROUNDS
    q: float = 1.0
    t: float = 1.0
    probability: Literal["all_pairs", "pairwise"] = "all_pairs"
    vote_risk: Literal["voter", "neutral"] = "voter"
    resist_salience: Literal["target", "challenger"] = "target"
    risk: Literal["scholz", "neutral"] = "scholz"
    offer_choice: Literal["scholz_code", "least_move"] = "scholz_code"
    capitulation: bool = True
    position_range: Literal["initial", "scale"] = "initial"

    def __post_init__(self) -> None:
        if self.rounds < 0:
            raise ValueError(f"rounds must be >= 0, not {self.rounds}")
        StopRule(self.stop, self.tolerance, self.confirm)  # checks them
        for name in ("q", "t"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1], not {value}")
        choices = {
            "probability": ("all_pairs", "pairwise"),
            "vote_risk": ("voter", "neutral"),
            "resist_salience": ("target", "challenger"),
            "risk": ("scholz", "neutral"),
            "offer_choice": ("scholz_code", "least_move"),
            "position_range": ("initial", "scale"),
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, not {getattr(self, name)!r}")


@dataclass(frozen=True)
class _Offer:
    kind: str
    counterpart: int
    position: float
    eu_own: float
    eu_counterpart: float


def win_probability(
    position: np.ndarray,
    weight: np.ndarray,
    risk: np.ndarray,
    span: float,
    options: ExpectedUtilityOptions,
) -> np.ndarray:
    """P[i, j]: the probability that i's position prevails over j's (0 where they agree).

    ``weight`` is capability x salience; ``risk`` the voters' exponents (ignored when
    ``options.vote_risk == "neutral"``); ``span`` the position range distances are divided by.
    """
    exponent = risk if options.vote_risk == "voter" else np.ones_like(risk)
    distance = power(np.abs(position[:, None] - position[None, :]) / span, exponent[:, None])
    # votes[k, i, j]: voter k's weighted preference for i's position over j's
    votes = weight[:, None, None] * (distance[:, None, :] - distance[:, :, None])
    support = np.clip(votes, 0.0, None).sum(axis=0)
    if options.probability == "all_pairs":
        total = float(np.abs(votes).sum())
        denominator = np.full_like(support, total)
    else:
        denominator = np.abs(votes).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        probability = np.where(denominator > 0, support / denominator, 0.0)
    probability[np.abs(position[:, None] - position[None, :]) <= 1e-12] = 0.0
    return np.asarray(probability)


def challenge_utility(
    position: np.ndarray,
    salience: np.ndarray,
    probability: np.ndarray,
    perspective_risk: np.ndarray,
    span: float,
    centre: float,
    options: ExpectedUtilityOptions,
) -> np.ndarray:
    """E[p, i, j]: i's expected utility of challenging j, as actor p perceives it.

    Perceptions differ only by p's risk exponent ``perspective_risk[p]``; ``centre`` is
    the weighted median the "better"/"worse" utilities are measured around.
    """
    r = perspective_risk[:, None, None]
    gap = np.abs(position[:, None] - position[None, :]) / span
    drift = (np.abs(position - centre)[:, None] / span + gap) / 4.0
    u_success = 2.0 - 4.0 * power((0.5 - 0.5 * gap)[None], r)
    u_failure = 2.0 - 4.0 * power((0.5 + 0.5 * gap)[None], r)
    u_status_quo = 2.0 - 4.0 * power(np.full_like(r, 0.5), r)
    u_better = 2.0 - 4.0 * power(np.clip(0.5 - drift, 0.0, None)[None], r)
    u_worse = 2.0 - 4.0 * power((0.5 + drift)[None], r)
    resist = (
        salience[None, None, :] if options.resist_salience == "target" else salience[None, :, None]
    )
    challenge = resist * (probability * u_success + (1 - probability) * u_failure)
    challenge = challenge + (1 - resist) * u_success
    quiet = options.q * u_status_quo + (1 - options.q) * (
        options.t * u_better + (1 - options.t) * u_worse
    )
    return np.asarray(challenge - quiet)


def risk_exponents(
    position: np.ndarray,
    salience: np.ndarray,
    weight: np.ndarray,
    span: float,
    centre: float,
    options: ExpectedUtilityOptions,
) -> np.ndarray:
    """Each actor's risk exponent r in [0.5, 2] from its danger level (Scholz et al. §5)."""
    n = len(position)
    if options.risk == "neutral" or n < 2:
        return np.ones(n)
    ones = np.ones(n)
    probability = win_probability(position, weight, ones, span, options)
    eu = challenge_utility(position, salience, probability, ones, span, centre, options)[0]
    np.fill_diagonal(eu, 0.0)
    danger = eu.sum(axis=0)  # what the others expect from challenging each actor
    high, low = float(danger.max()), float(danger.min())
    if high - low <= 1e-15:
        return ones
    exposure = (2.0 * danger - high - low) / (high - low)
    return np.asarray((1.0 - exposure / 3.0) / (1.0 + exposure / 3.0))


def _offers_to(
    actor: int, position: np.ndarray, eu: np.ndarray, options: ExpectedUtilityOptions
) -> list[_Offer]:
    offers: list[_Offer] = []
    for other in range(len(position)):
        if other == actor or abs(position[other] - position[actor]) <= 1e-12:
            continue
        own, theirs = float(eu[actor, actor, other]), float(eu[actor, other, actor])
        if theirs > own > 0:
            offers.append(_Offer("confrontation", other, float(position[other]), own, theirs))
        elif theirs > 0 > own and theirs > abs(own):
            moved = position[actor] + (position[other] - position[actor]) * abs(own / theirs)
            offers.append(_Offer("compromise", other, float(moved), own, theirs))
        elif options.capitulation and theirs > 0 > own and theirs < abs(own):
            offers.append(_Offer("capitulation", other, float(position[other]), own, theirs))
    return offers


def _choose(
    actor: int, position: np.ndarray, offers: list[_Offer], options: ExpectedUtilityOptions
) -> _Offer | None:
    if not offers:
        return None
    here = float(position[actor])

    def move(offer: _Offer) -> float:
        return abs(here - offer.position)

    if options.offer_choice == "least_move":
        return min(offers, key=move)
    by_kind = {
        kind: [o for o in offers if o.kind == kind]
        for kind in ("confrontation", "compromise", "capitulation")
    }
    if by_kind["confrontation"]:
        return min(by_kind["confrontation"], key=move)
    if by_kind["compromise"]:
        # Scholz et al.'s code ranks compromises by the EU-weighted mid-point of the two
        # positions (lowest first), not by distance; kept to reproduce their runs.
        def midpoint(offer: _Offer) -> float:
            a, b = abs(offer.eu_own), abs(offer.eu_counterpart)
            return (a * here + b * float(position[offer.counterpart])) / (a + b)

        return min(by_kind["compromise"], key=midpoint)
    return min(by_kind["capitulation"], key=move)


def run_issue(
    actors: tuple[str, ...],
    position: np.ndarray,
    capability: np.ndarray,
    salience: np.ndarray,
    options: ExpectedUtilityOptions,
) -> tuple[np.ndarray, list[dict[str, object]], Ending]:
    """Run the rounds on one issue.

    Returns the positions after each round (row 0: the start; shape rounds run + 1 x
    actors), the history rows (:data:`HISTORY_COLUMNS` without model and issue) and why
    the rounds stopped.
    """
    rule = StopRule(options.stop, options.tolerance, options.confirm)
    x = position.astype(float).copy()
    weight = capability * salience
    if options.position_range == "initial":
        span = float(x.max() - x.min()) or 1.0
    else:
        span = SCALE_HIGH - SCALE_LOW
    path = [x.copy()]
    history: list[dict[str, object]] = []
    for round_number in range(1, options.rounds + 1):
        centre = weighted_median(x, weight)
        r = risk_exponents(x, salience, weight, span, centre, options)
        probability = win_probability(x, weight, r, span, options)
        eu = challenge_utility(x, salience, probability, r, span, centre, options)
        received = [_offers_to(a, x, eu, options) for a in range(len(x))]
        new_x = x.copy()
        for a, offers in enumerate(received):
            offer = _choose(a, x, offers, options)
            if offer is not None:
                new_x[a] = offer.position
            history.append(
                {
                    "round": round_number,
                    "actor": actors[a],
                    "risk_exponent": float(r[a]),
                    "position_before": float(x[a]),
                    "position_after": float(new_x[a]),
                    "outcome": offer.kind if offer else "none",
                    "counterpart": actors[offer.counterpart] if offer else "",
                    "eu_own": offer.eu_own if offer else float("nan"),
                    "eu_counterpart": offer.eu_counterpart if offer else float("nan"),
                    "offers": len(offers),
                }
            )
        x = new_x
        path.append(x.copy())
        stopped = ending(path, rule)
        if stopped is not None:
            return np.array(path), history, stopped
    return np.array(path), history, out_of_rounds(rule)


def expected_utility(
    negotiation: Negotiation, options: ExpectedUtilityOptions | None = None
) -> ModelResult:
    """Run the expected-utility model on every issue.

    Returns the forecast (the weighted median by the forecast rule of
    :mod:`corridor.negotiation.stopping`; positions 0–100), the trajectory of median and
    mean per round, every actor's position per round and the round history of offers
    (:data:`HISTORY_COLUMNS`).
    """
    options = options or ExpectedUtilityOptions()
    paths: list[IssuePath] = []
    history: list[dict[str, object]] = []
    for issue in negotiation.issue_ids:
        arrays = issue_arrays(negotiation, issue)
        path, events, stopped = run_issue(
            arrays.actors, arrays.position, arrays.capability, arrays.salience, options
        )
        paths.append(IssuePath(issue, arrays.actors, path, arrays.weight, stopped))
        history.extend({"model": "eu", "issue": issue, **event} for event in events)
    return path_result("eu", paths, "median", frame(history, HISTORY_COLUMNS), asdict(options))


__all__ = [
    "HISTORY_COLUMNS",
    "ExpectedUtilityOptions",
    "challenge_utility",
    "expected_utility",
    "risk_exponents",
    "run_issue",
    "win_probability",
]
