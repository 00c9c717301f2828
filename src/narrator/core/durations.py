"""Durations as people read them."""

from __future__ import annotations


def hms(seconds: float) -> tuple[int, int, int]:
    """Hours, minutes and seconds, to the nearest second (as the feed's itunes:duration)."""
    hours, rest = divmod(int(round(seconds)), 3600)
    return (hours, *divmod(rest, 60))


def clock(seconds: float) -> str:
    """0:42, 12:05, 1:02:09."""
    hours, minutes, secs = hms(seconds)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
