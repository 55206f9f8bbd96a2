"""``corridor power`` shows North Korea's and Russia's leverage over rail next to gas."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest


@pytest.fixture(scope="module")
def games() -> dict[str, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-c", "from corridor.cli import main; main()",
         "power", "korea-2011", "--concepts", "shapley", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {game["commodity"]: game for game in json.loads(done.stdout)["games"]}


def shapley(game: dict[str, Any]) -> dict[str, float]:
    return {row["player"]: row["shapley"] for row in game["players_table"]}


def test_rail_is_a_game_beside_gas(games: dict[str, dict[str, Any]]) -> None:
    assert set(games) == {"gas", "containers"}
    assert {"RU", "KP", "KR"} <= set(games["containers"]["players"])


def test_north_korea_and_russia_leverage_over_rail_by_hand(
    games: dict[str, dict[str, Any]],
) -> None:
    # Unit costs of korea-2011's container links as the freight model derives them (USD k
    # per TEU = USD m per kTEU, tariff + 40 USD/TEU/d x days; `corridor run korea-2011`):
    #   sea-suez-hamburg (open) 2.8592818574514; sea-suez-moscow (RU) 3.8991465082793
    #   bsn-vst 0.5362455003600 + vst-uss (RU, 100 kTEU/yr) 0.4521 + tsr (RU) 2.7086
    #     = Vostochny route 3.6969455003600
    #   bsn-rjn (KP, KR) 0.5256209503240 + rjn-khs (KP, RU, 100 kTEU/yr) 0.56728
    #     + khs-uss 0.0648 + tsr 2.7086 = Rajin route 3.8663009503240
    # TKR (4.59) and the China land bridge (4.71) cost more than the sea route to Moscow and
    # more than the 4.5 second block: never used. All boxes are KR's (demands owned by KR):
    #   KR alone: Hamburg 500 x (4.0 - 2.8592818574514) = 570.3590712743
    #   RU opens Moscow (100 at 6.0, 150 at 4.5): 100 boxes by Vostochny, 150 by sea:
    #     1275 - 100 x 3.6969455003600 - 150 x 3.8991465082793 = 320.4334737221
    #   KP (with KR and RU) opens Rajin: 100 boxes move off the sea route:
    #     100 x (3.8991465082793 - 3.8663009503240) = 3.2845557955
    # So v = 570.359 u{KR} + 320.433 u{KR,RU} + 3.28456 u{KR,RU,KP} (unanimity games), and
    # the Shapley value splits each term equally among its members; CN is a null player.
    kp_rent = 100 * (3.8991465082793 - 3.8663009503240)
    moscow = 1275 - 100 * 3.6969455003600 - 150 * 3.8991465082793
    hamburg = 500 * (4.0 - 2.8592818574514)
    values = shapley(games["containers"])
    assert values["KP"] == pytest.approx(kp_rent / 3, abs=1e-6)
    assert values["RU"] == pytest.approx(moscow / 2 + kp_rent / 3, abs=1e-6)
    assert values["KR"] == pytest.approx(hamburg + moscow / 2 + kp_rent / 3, abs=1e-6)
    assert values.get("CN", 0.0) == pytest.approx(0.0, abs=1e-6)
    assert games["containers"]["grand_coalition_musd_per_yr"] == pytest.approx(
        hamburg + moscow + kp_rent, abs=1e-6
    )
