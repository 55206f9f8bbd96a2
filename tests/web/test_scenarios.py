"""The store of uploads: bounded per client and in all, the oldest forgotten first."""

from __future__ import annotations

import pytest

from corridor.errors import ScenarioError
from corridor.scenario import bundled_path
from corridor.web.scenarios import ScenarioStore, UnknownScenario


def variant(text: str, i: int) -> str:
    return f"# variant {i}\n{text}"  # a different text: a different upload id


def test_uploads_are_bounded_over_all_clients():
    text = bundled_path("six-party-2011").read_text(encoding="utf-8")
    store = ScenarioStore(per_client=2, total=3)
    ids = [store.upload(f"client{i}", "s.toml", variant(text, i))[0] for i in range(5)]
    assert len(store) == 3
    # the two oldest uploads, and their clients, are forgotten
    assert store.uploads("client0") == {} and store.uploads("client1") == {}
    with pytest.raises(UnknownScenario):
        store.get("client0", ids[0])
    assert store.get("client4", ids[4]).title
    assert len(store._uploads) == 3
    mine = [store.upload("me", "s.toml", variant(text, 10 + i))[0] for i in range(3)]
    assert list(store.uploads("me")) == mine[1:]  # at most 2 per client
    assert len(store) == 3


def test_a_refused_upload_keeps_nothing():
    store = ScenarioStore()
    with pytest.raises(ScenarioError):
        store.upload("me", "bad.toml", "[scenario]\nname = 3\n")
    assert len(store) == 0 and store.uploads("me") == {}


def test_a_flood_from_one_address_evicts_its_own_uploads():
    text = bundled_path("six-party-2011").read_text(encoding="utf-8")
    store = ScenarioStore(total=4)
    honest, _ = store.upload("honest", "s.toml", variant(text, 0), "10.0.0.1")
    # cookie-less uploads: a fresh owner each time, all from one address
    flood = [store.upload(f"fresh{i}", "s.toml", variant(text, i), "10.0.0.2")[0]
             for i in range(1, 8)]  # fmt: skip
    assert len(store) == 4
    assert list(store.uploads("honest")) == [honest]
    assert [i for i in range(1, 8) if store.uploads(f"fresh{i}")] == [5, 6, 7]
    assert store.get("fresh7", flood[-1]).title
