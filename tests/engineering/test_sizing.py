"""Sizing: the stop hook that lets the least-cost search give up a size part-way."""

import pytest

from corridor.engineering.hydraulics import Segment, Station
from corridor.engineering.sizing import Abandoned, design_for_size

ROUTE = (Segment(1100),)


def test_stop_sees_every_station_as_it_is_placed_and_changes_nothing_when_false():
    seen: list[int] = []

    def never(stations: list[Station]) -> bool:
        seen.append(len(stations))
        return False

    plain = design_for_size(ROUTE, 10.0, 914.0)
    watched = design_for_size(ROUTE, 10.0, 914.0, stop=never)
    assert watched == plain
    assert seen == list(range(1, len(plain.stations) + 1))


def test_stop_gives_the_design_up_at_the_station_it_asks_for():
    placed: list[float] = []

    def after_two(stations: list[Station]) -> bool:
        placed[:] = [s.position_km for s in stations]
        return len(stations) == 2

    plain = design_for_size(ROUTE, 10.0, 914.0)
    assert len(plain.stations) > 2
    with pytest.raises(Abandoned):
        design_for_size(ROUTE, 10.0, 914.0, stop=after_two)
    assert placed == [s.position_km for s in plain.stations[:2]]
