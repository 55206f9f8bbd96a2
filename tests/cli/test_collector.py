"""corridor.cli.collector: rare collections while a command starts, then frozen start-up."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from corridor.cli import collector


@pytest.fixture
def restored() -> Iterator[tuple[int, ...]]:
    usual = gc.get_threshold()
    yield usual
    gc.set_threshold(*usual)
    gc.unfreeze()
    collector._usual = None


def test_start_up_done_without_pause_changes_nothing(restored: tuple[int, ...]) -> None:
    frozen = gc.get_freeze_count()
    collector.start_up_done()
    assert gc.get_threshold() == restored
    assert gc.get_freeze_count() == frozen


def test_pause_makes_collection_rare_and_start_up_done_freezes(
    restored: tuple[int, ...],
) -> None:
    collector.pause()
    assert gc.get_threshold() == (collector.START_UP_THRESHOLD, *restored[1:])
    assert gc.isenabled()  # rare, never off: a command that never loads still collects
    kept = [object() for _ in range(10)]  # tracked objects alive at the end of start-up
    kept.append([kept])
    collector.start_up_done()
    assert gc.get_threshold() == restored
    assert gc.get_freeze_count() >= len(kept)
    collector.start_up_done()  # a second call is harmless
    assert gc.get_threshold() == restored


def test_cli_load_ends_start_up(restored: tuple[int, ...]) -> None:
    from corridor.cli.common import load

    collector.pause()
    load("korea-2011")
    assert gc.get_threshold() == restored
    assert gc.get_freeze_count() > 0
