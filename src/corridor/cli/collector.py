"""The cyclic garbage collector during a command: seldom while it starts, then blind to it.

A command's start-up (pandas, highspy, corridor's modules, the scenario) makes a few
hundred thousand long-lived objects that no collection can free, and every collection of
the oldest generation scans them all, as does the one at interpreter exit. :func:`pause`
(called first by :func:`corridor.cli.main`) makes automatic collections rare;
:func:`start_up_done` (called once the scenario is loaded) moves everything alive into
the permanent generation with :func:`gc.freeze` and restores the usual thresholds. Long
runs (risk, sweep, serve) then collect their own garbage as usual but never rescan what
start-up made. This is the use :func:`gc.freeze` documents for forking servers, and the
pattern of "Dismissing Python Garbage Collection at Instagram" (2017);
``python -m bench startup`` measures it.

Collection is made rare, not turned off, so a command that never calls
:func:`start_up_done` still collects. A library user (a notebook, pytest) never calls
:func:`pause`, so :func:`start_up_done` changes nothing there.
"""

from __future__ import annotations

import gc

__all__ = ["pause", "start_up_done"]

START_UP_THRESHOLD = 100_000
"""Allocations between youngest-generation collections while starting (the default is 700)."""

_usual: tuple[int, ...] | None = None


def pause() -> None:
    """Make automatic collection rare until :func:`start_up_done`."""
    global _usual
    if _usual is None:
        _usual = gc.get_threshold()
        gc.set_threshold(START_UP_THRESHOLD, *_usual[1:])


def start_up_done() -> None:
    """Freeze what start-up made and restore the usual thresholds (only after :func:`pause`)."""
    global _usual
    if _usual is not None:
        gc.freeze()
        gc.set_threshold(*_usual)
        _usual = None
