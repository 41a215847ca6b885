"""The memory benchmark's verdict: growth from the baseline checkpoint and the trend over
the second half, on the memory still held."""

from __future__ import annotations

import pytest

from bench.memory_flat import MAX_GROWTH_MIB, MAX_SLOPE_MIB, slope_per_thousand, verdict


def series(held, start: int = 1000, every: int = 1000, rss_extra: float = 0.0):
    """Checkpoints (articles, RSS, held) from a function of the article count."""
    return [(n, held(n) + rss_extra, held(n)) for n in range(start, 10_001, every)]


def test_slope_is_per_thousand_articles():
    assert slope_per_thousand([(1000, 100.0), (2000, 100.5), (3000, 101.0)]) == pytest.approx(0.5)
    assert slope_per_thousand([(1000, 100.0)]) == 0.0


def test_flat_memory_is_flat():
    flat, report = verdict(series(lambda n: 150.0 + (0.3 if n % 2000 else 0.0)), baseline=1000)
    assert flat and "verdict: FLAT" in report


def test_steady_growth_is_not_flat_even_when_small_in_total():
    per_thousand = MAX_SLOPE_MIB * 1.5
    flat, report = verdict(series(lambda n: 150.0 + per_thousand * n / 1000, start=5000), baseline=5000)
    assert (10_000 - 5000) / 1000 * per_thousand < MAX_GROWTH_MIB
    assert not flat and "NOT FLAT" in report


def test_a_step_after_the_baseline_counts_and_one_before_does_not():
    step = MAX_GROWTH_MIB + 1

    def stepped_at(articles: int):
        return lambda n: 150.0 + (step if n >= articles else 0.0)

    assert verdict(series(stepped_at(1000), start=250, every=250), baseline=1000)[0]
    assert not verdict(series(stepped_at(3000), start=250, every=250), baseline=1000)[0]


def test_the_verdict_is_on_held_memory_not_on_the_free_heap():
    flat, report = verdict(series(lambda n: 150.0, rss_extra=0.0)[:5] + series(lambda n: 150.0, rss_extra=80.0)[5:],
                           baseline=1000)
    assert flat
    assert "RSS  150.0 -> 230.0 MiB: +80.0 MiB" in report
