"""``corridor power`` killed with SIGKILL mid-run and run again with ``--resume``: the same
numbers as an uninterrupted run, and the chunks finished before the kill are not redone."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from corridor.games import coalition_values, shapley
from corridor.games.synthetic import WORLD_LNG, transit_network
from corridor.scenario.model import Scenario

N_PLAYERS = 18  # about 12,000 distinct LPs: a few seconds, long enough to kill half-way


def to_toml(scenario: Scenario) -> str:
    """A synthetic network as a scenario file (every number marked as a test assumption)."""
    why = 'assumption = "synthetic test network"'
    out = [f'[scenario]\nname = "{scenario.name}"\ntitle = "{scenario.title}"\nbase_year = 2011']
    out += [f'[[actors]]\nid = "{a.id}"\nname = "{a.name}"' for a in scenario.actors]
    for node in scenario.nodes:
        territory = f'\nterritory = "{node.territory}"' if node.territory else ""
        out.append(
            f'[[nodes]]\nid = "{node.id}"\nname = "{node.name}"\nlat = 0\nlon = {node.lon}'
            f"{territory}\n{why}"
        )
    out.append('[[commodities]]\nid = "gas"\nkind = "gas"')
    for item, table, amount, price in (
        *((s, "supplies", "capacity", "cost") for s in scenario.supplies),
        *((d, "demands", "quantity", "wtp") for d in scenario.demands),
    ):
        owner = f'\nowner = "{item.owner}"' if item.owner else ""
        blocks = ", ".join(
            f'{{ {amount} = {{ value = {b.quantity!r}, unit = "bcm/yr", {why} }}, '
            f'{price} = {{ value = {b.price!r}, unit = "USD/1000m3", {why} }} }}'
            for b in item.blocks
        )
        out.append(
            f'[[{table}]]\nid = "{item.id}"\nnode = "{item.node}"{owner}\ncommodity = "gas"\n'
            f"blocks = [{blocks}]"
        )
    for link in scenario.links:
        control = ", ".join(f'"{a}"' for a in sorted(link.control))
        out.append(
            f'[[links]]\nid = "{link.id}"\nfrom = "{link.source}"\nto = "{link.target}"\n'
            f'commodity = "gas"\ncontrol = [{control}]\n'
            f'capacity = {{ value = {link.capacity!r}, unit = "bcm/yr", {why} }}\n'
            f'unit_cost = {{ value = {link.unit_cost!r}, unit = "USD/1000m3", {why} }}'
        )
    return "\n\n".join(out) + "\n"


def test_killed_cli_run_resumes_to_the_uninterrupted_numbers(tmp_path: Path) -> None:
    scenario = transit_network(N_PLAYERS, seed=1)
    assert any(node.id == WORLD_LNG for node in scenario.nodes)
    (tmp_path / "net.toml").write_text(to_toml(scenario))
    args = [sys.executable, "-c", "from corridor.cli import main; main()", "power", "net.toml",
            "--concepts", "shapley", "--checkpoint", "ck", "--json"]  # fmt: skip
    child = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while len(list((tmp_path / "ck").glob("*/chunk-*.npy"))) < 3:
            assert child.poll() is None, f"the run ended before it was killed: {child.stderr}"
            assert time.monotonic() < deadline, "no chunk finished within 120 s"
            time.sleep(0.005)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
        assert child.stderr is not None
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (tmp_path / "ck").glob("*/*.npy")}
    chunks_total = 64  # default chunking: about 64 chunks for this many LPs
    assert 3 <= len(before) < chunks_total

    done = subprocess.run([*args, "--resume"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # finished chunks were read, not solved and written again
    for path, stamp in before.items():
        assert (path.stat().st_ino, path.stat().st_mtime_ns) == stamp
    assert len(list((tmp_path / "ck").glob("*/*.npy"))) > len(before)

    game = json.loads(done.stdout)["games"][0]
    resumed = {row["player"]: row["shapley"] for row in game["players_table"]}
    expected = shapley(coalition_values(scenario))
    # the same numbers to the last bit (JSON floats round-trip exactly)
    assert [resumed[p] for p in expected.index] == expected.tolist()
