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
