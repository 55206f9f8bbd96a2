"""The exchange model: actors trade position shifts on issues they care about less.

After Stokman & Van Oosten (1994), Stokman & Van den Bos, and Arregui, Stokman & Thomson
(2006, in Thomson et al., *The European Union Decides*, ch. 5). On every issue the
expected outcome is the capability x salience weighted mean of the (voting) positions.
Two actors i and j exchange on issues a and b when i cares relatively more about b and j
about a (``s_ib s_ja > s_ia s_jb``) and they stand on opposite sides of the expected
outcome on both: i shifts its position on a towards the outcome (pulling it towards j),
j shifts on b (pulling it towards i).

Utilities are linear in the distance of the outcome from the actor's *initial* position,
weighted by salience, so moving an outcome by ``d`` points is worth ``s d`` to an actor
it moves towards. The exchange rate gives both the same gain (Stokman & Van Oosten's
equal-gain rule): with ``A`` the outcome shift on a and ``B`` on b,
``B = A (s_ia + s_ja) / (s_ib + s_jb)`` and the gain of each is ``s_ib B - s_ia A``. The
exchange is as large as it can be without either actor shifting past the expected
outcome. Each round the exchanges with the largest gains are made, an actor-issue pair
taking part in at most one; then outcomes are recomputed. The rounds stop when no
exchange is left or by the forecast rule of :mod:`corridor.negotiation.stopping`; the
forecast is the weighted mean of the shifted positions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from corridor.negotiation import stopping
from corridor.negotiation.common import IssuePath, ModelResult, frame, issue_arrays, path_result
from corridor.negotiation.stopping import DEFAULT_TOLERANCE, ROUND_CAP_DEFAULT, Stop
from corridor.scenario.negotiation_model import Negotiation

HISTORY_COLUMNS = (
    "model",
    "round",
    "actor",
    "counterpart",
    "issue_given",
    "issue_gained",
    "actor_shift",
    "counterpart_shift",
    "outcome_shift_given",
    "outcome_shift_gained",
    "gain",
)
"""Columns of the exchange history: one row per exchange made.

``actor`` shifts its position on ``issue_given`` by ``actor_shift`` points and
``counterpart`` on ``issue_gained`` by ``counterpart_shift``; the expected outcomes move by
the ``outcome_shift_*`` points (signed); ``gain`` is each side's utility gain
(salience x points).
"""


@dataclass(frozen=True)
class ExchangeOptions:
    """Options of the exchange model.

    ``rounds``: most rounds; the model stops earlier when no exchange gains more than
    ``min_gain`` (salience x scale points): converged. ``stop``, ``tolerance`` (scale
    points) and ``confirm`` (rounds): the forecast rule of
    :mod:`corridor.negotiation.stopping`, applied to every
    actor's position on every issue at once (the exchanges link the issues). With either
    ``stop``, a round with no exchange left ends the run as converged: the rounds after
    it would change nothing.
    """

    rounds: int = ROUND_CAP_DEFAULT
    min_gain: float = 1e-6
    stop: Stop = "converge"
    tolerance: float = DEFAULT_TOLERANCE
    confirm: int = stopping.CONFIRM_ROUNDS

    def __post_init__(self) -> None:
        if self.rounds < 0:
            raise ValueError(f"rounds must be >= 0, not {self.rounds}")
        if self.min_gain < 0:
            raise ValueError(f"min_gain must be >= 0, not {self.min_gain}")
        stopping.StopRule(self.stop, self.tolerance, self.confirm)  # checks them


@dataclass(frozen=True)
class Exchange:
    """One feasible exchange: ``supplier`` shifts on issue ``given``, ``partner`` on ``gained``.

    Indices into the actor and issue axes; shifts of the outcomes in points (unsigned),
    ``gain`` the equal gain of both sides.
    """

    supplier: int
    partner: int
    given: int
    gained: int
    outcome_shift_given: float
    outcome_shift_gained: float
    gain: float


def expected_outcomes(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Weighted mean per issue; ``position`` and ``weight`` are actors x issues."""
    return np.asarray((weight * position).sum(axis=0) / weight.sum(axis=0))


def feasible_exchanges(
    ideal: np.ndarray, position: np.ndarray, salience: np.ndarray, weight: np.ndarray
) -> list[Exchange]:
    """Every exchange with a positive gain at the current positions (actors x issues arrays)."""
    outcome = expected_outcomes(position, weight)
    total = weight.sum(axis=0)
    actors, issues = position.shape
    found: list[Exchange] = []
    # (i on a, j on b) and (j on b, i on a) are the same exchange: visit each once
    for i in range(actors):
        for j in range(i + 1, actors):
            for a in range(issues):
                for b in range(issues):
                    if a == b:
                        continue
                    s_ia, s_ib, s_ja, s_jb = (
                        salience[i, a],
                        salience[i, b],
                        salience[j, a],
                        salience[j, b],
                    )
                    if s_ib * s_ja <= s_ia * s_jb or weight[i, a] <= 0 or weight[j, b] <= 0:
                        continue
                    # i's shift on a must pull the outcome towards j, j's on b towards i
                    if (position[i, a] - outcome[a]) * (ideal[j, a] - outcome[a]) >= 0:
                        continue
                    if (position[j, b] - outcome[b]) * (ideal[i, b] - outcome[b]) >= 0:
                        continue
                    most_a = abs(position[i, a] - outcome[a]) * weight[i, a] / total[a]
                    most_b = abs(position[j, b] - outcome[b]) * weight[j, b] / total[b]
                    rate = (s_ia + s_ja) / (s_ib + s_jb)  # outcome shift on b per point on a
                    shift_a = min(most_a, most_b / rate)
                    shift_b = shift_a * rate
                    gain = s_ib * shift_b - s_ia * shift_a
                    if gain > 0:
                        found.append(
                            Exchange(i, j, a, b, float(shift_a), float(shift_b), float(gain))
                        )
    return found


def exchange(negotiation: Negotiation, options: ExchangeOptions | None = None) -> ModelResult:
    """Run the exchange model over all issues at once.

    Returns the forecast (weighted mean of the shifted positions; 0–100), the trajectory
    per round, the positions per round and the exchanges made (:data:`HISTORY_COLUMNS`).
    """
    options = options or ExchangeOptions()
    rule = stopping.StopRule(options.stop, options.tolerance, options.confirm)
    stopped = stopping.out_of_rounds(rule)
    model = "exchange"
    issues = negotiation.issue_ids
    arrays = [issue_arrays(negotiation, issue) for issue in issues]
    actors = arrays[0].actors
    ideal = np.column_stack([a.position for a in arrays])
    salience = np.column_stack([a.salience for a in arrays])
    weight = np.column_stack([a.weight for a in arrays])
    position = ideal.copy()
    path = [position.copy()]
    history: list[dict[str, object]] = []
    for round_number in range(1, options.rounds + 1):
        outcome = expected_outcomes(position, weight)
        total = weight.sum(axis=0)
        candidates = sorted(
            feasible_exchanges(ideal, position, salience, weight), key=lambda e: -e.gain
        )
        busy: set[tuple[int, int]] = set()
        moved = position.copy()
        for e in candidates:
            if e.gain <= options.min_gain:
                break
            pairs = {
                (e.supplier, e.given),
                (e.supplier, e.gained),
                (e.partner, e.given),
                (e.partner, e.gained),
            }
            if pairs & busy:
                continue
            busy |= pairs
            step_i = e.outcome_shift_given * total[e.given] / weight[e.supplier, e.given]
            step_j = e.outcome_shift_gained * total[e.gained] / weight[e.partner, e.gained]
            sign_i = np.sign(outcome[e.given] - position[e.supplier, e.given])
            sign_j = np.sign(outcome[e.gained] - position[e.partner, e.gained])
            moved[e.supplier, e.given] += sign_i * step_i
            moved[e.partner, e.gained] += sign_j * step_j
            history.append(
                {
                    "model": model,
                    "round": round_number,
                    "actor": actors[e.supplier],
                    "counterpart": actors[e.partner],
                    "issue_given": issues[e.given],
                    "issue_gained": issues[e.gained],
                    "actor_shift": float(sign_i * step_i),
                    "counterpart_shift": float(sign_j * step_j),
                    "outcome_shift_given": float(sign_i * e.outcome_shift_given),
                    "outcome_shift_gained": float(sign_j * e.outcome_shift_gained),
                    "gain": e.gain,
                }
            )
        if not busy:  # no exchange left: the positions stay as they are
            stopped = stopping.Ending(stopping.CONVERGED, 1)
            break
        position = moved
        path.append(position.copy())
        found = stopping.ending(path, rule)
        if found is not None:
            stopped = found
            break
    stacked = np.array(path)  # rounds + 1 x actors x issues
    paths = [
        IssuePath(issue, actors, stacked[:, :, k], weight[:, k], stopped)
        for k, issue in enumerate(issues)
    ]
    return path_result(model, paths, "mean", frame(history, HISTORY_COLUMNS), asdict(options))


__all__ = [
    "HISTORY_COLUMNS",
    "Exchange",
    "ExchangeOptions",
    "exchange",
    "expected_outcomes",
    "feasible_exchanges",
]
