"""Loudness as BS.1770 and EBU R128 define it: the gates over momentary readings, which add up
from an episode's pieces to the figure ffmpeg's meter gives for the whole, and the make-up
gain's steps."""

from __future__ import annotations

import math

import pytest

from narrator.audio import ffmpeg
from narrator.audio.encode import parse_blocks
from narrator.audio.loudness import MAX_STEP_DB, integrated, measure_loudness, next_makeup


def test_the_absolute_gate_leaves_silence_out():
    assert integrated([-20.0] * 10 + [-80.0] * 10) == pytest.approx(-20.0)
    assert integrated([-90.0] * 5) == -math.inf


def test_the_relative_gate_leaves_out_what_is_ten_lu_under_the_rest():
    # the blocks at -35 are under (-22.85 - 10) LU: only those at -20 count
    assert integrated([-20.0] * 10 + [-35.0] * 10) == pytest.approx(-20.0)
    # those at -25 are not: the figure is their energy's mean
    both = 10 * math.log10((10 ** (-2.0) + 10 ** (-2.5)) / 2)
    assert integrated([-20.0] * 10 + [-25.0] * 10) == pytest.approx(both, abs=0.01)


def _metered(path, seconds: float, volume: float) -> list[float]:
    ffmpeg.run(ffmpeg.command("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                              "-af", f"volume={volume}", "-y", str(path)), path)
    log = ffmpeg.run(ffmpeg.command("-i", str(path), "-af", "ebur128=framelog=info", "-f",
                                    "null", "-"), path)
    return parse_blocks(log)


def test_pieces_readings_give_the_wholes_loudness(tmp_path):
    loud = _metered(tmp_path / "loud.wav", 6, 0.5)
    quiet = _metered(tmp_path / "quiet.wav", 6, 0.05)
    whole = tmp_path / "whole.wav"
    ffmpeg.run(ffmpeg.command("-i", str(tmp_path / "loud.wav"), "-i", str(tmp_path / "quiet.wav"),
                              "-filter_complex", "concat=n=2:v=0:a=1", "-y", str(whole)), whole)
    measured, _ = measure_loudness(whole)
    assert integrated(loud + quiet) == pytest.approx(measured, abs=0.3)


def test_make_up_gain_steps():
    assert next_makeup([(0.0, -18.0)], -16.0) == pytest.approx(2.0)
    # a limiter answering half a dB a dB: the secant step doubles the remaining difference
    assert next_makeup([(0.0, -18.0), (2.0, -17.0)], -16.0) == pytest.approx(4.0)
    assert next_makeup([(0.0, -40.0)], -16.0) == pytest.approx(MAX_STEP_DB)
