"""Durations as people and the feed's itunes:duration read them."""

from __future__ import annotations

import pytest

from narrator.core.durations import clock, hms


@pytest.mark.parametrize("seconds, expected", [
    (0, "0:00"), (42.4, "0:42"), (59.6, "1:00"), (725, "12:05"), (3729, "1:02:09"),
    (36000, "10:00:00"),
])
def test_clock(seconds, expected):
    assert clock(seconds) == expected


def test_hms_rounds_to_the_nearest_second():
    assert hms(3599.5) == (1, 0, 0)
    assert hms(61.49) == (0, 1, 1)
