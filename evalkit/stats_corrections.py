"""Multiple-comparison corrections, and the smallest adjusted p-value each allows.

Kept apart from evalkit.stats (and free of imports) so that a request can be
checked against its correction before anything runs, without loading numpy.
"""

from __future__ import annotations


def adjust(pvalues: list[float], method: str) -> list[float]:
    """Adjusted p-values for a family of tests (Holm step-down, BH step-up)."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    adjusted = [0.0] * m
    if method == "holm":
        running = 0.0
        for rank, index in enumerate(order):
            running = max(running, min(1.0, (m - rank) * pvalues[index]))
            adjusted[index] = running
    elif method == "bh":
        running = 1.0
        for rank in range(m - 1, -1, -1):
            index = order[rank]
            running = min(running, m / (rank + 1) * pvalues[index])
            adjusted[index] = min(1.0, running)
    else:
        adjusted = list(pvalues)
    return adjusted


def pairs_among(segmenters: int) -> int:
    """How many tests one corpus's family holds: every pair of segmenters is tested
    (evalkit.stats.all_pairs), with or without ``--baseline``."""
    return segmenters * (segmenters - 1) // 2


def smallest_adjusted(floor: float, pairs: int, method: str) -> float:
    """The smallest adjusted p-value a family of ``pairs`` tests can reach when no
    p-value is below ``floor``: every p-value at the floor gives it (Holm: pairs ×
    floor, capped at 1; Benjamini-Hochberg and none: the floor itself)."""
    return min(adjust([floor] * pairs, method), default=floor)
