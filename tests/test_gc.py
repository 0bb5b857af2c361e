"""The collector's pause: nested and overlapping pauses leave it as they found it."""

from __future__ import annotations

import gc
import threading

from papercorpus._gc import gc_paused


def test_overlapping_pauses_in_two_threads_leave_the_collector_on() -> None:
    """A enters, B enters, A leaves, B leaves: the collector is on again at the end.

    (Each saving the state it found, B would find it off and leave it off for good.)
    """
    assert gc.isenabled()
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with gc_paused():
            a_in.set()
            b_in.wait(10)
        a_out.set()

    def second() -> None:
        a_in.wait(10)
        with gc_paused():
            b_in.set()
            a_out.wait(10)
            seen.append(gc.isenabled())  # A has left, B is still inside: still paused

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
        assert seen == [False]
        assert gc.isenabled()
    finally:
        gc.enable()  # for the tests after this one, whatever happened


def test_a_pause_keeps_a_collector_the_caller_turned_off_off() -> None:
    """A program that disabled the collector itself finds it disabled after a pause."""
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
