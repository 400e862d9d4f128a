"""Percentiles the way the project reports them (metrics report, benchmarks)."""

from __future__ import annotations

from collections.abc import Sequence


def percentile(ordered: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of an already sorted, non-empty sample:
    the element at rank ``q * n``, without interpolation."""
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
