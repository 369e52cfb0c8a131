"""Which cells carry the best-score marker, and the rule said in words.

One function decides for every format (terminal ``*``, bold in Markdown, HTML and
LaTeX), so a marker means the same everywhere (docs/scoring.md §Best markers):

- a column the paired tests ranked (word F1 on one corpus): every row of rank 1
  and no other. The rank's own test decides, not the digits printed, so two
  segmenters the tests cannot tell apart are both marked whatever ``--digits``
  shows, and a marker never contradicts a rank;
- a column no test speaks for (P, R, B-F1, the macro average, any column of a
  run without ``--paired``): the highest value as shown at the chosen digits,
  values that print alike all marked.

Rows ``left_out`` (a row the gold may have come from) are never marked.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

RANKED_RULE = ("with paired tests a cell is marked best exactly when they rank it 1 on "
               "its corpus (segmenters they cannot tell apart are all marked, whatever "
               "the digits shown)")
"""The rule for tested columns, as the captions say it."""


def marked_best(values: Mapping[K, float], digits: int, left_out: Collection[K] = (),
                ranks: Mapping[K, int] | None = None) -> set[K]:
    """The keys (rows of one column) whose value carries the best marker.

    ``ranks``, when the paired tests ranked the rows of this column: the rows of
    rank 1. Otherwise the highest value as shown (rounded to ``digits``; ties all
    marked). Either way only among the rows not ``left_out``.
    """
    judged = {key: value for key, value in values.items() if key not in left_out}
    if ranks is not None:
        return {key for key in judged if ranks.get(key) == 1}
    if not judged:
        return set()
    top = round(max(judged.values()), digits)
    return {key for key, value in judged.items() if round(value, digits) == top}


def shown_rule(digits: int, where: str = "") -> str:
    """The rule for untested columns (``where``: which ones, when others are tested)."""
    return (f"{where}{' (not tested): ' if where else ''}best is the highest value as "
            f"shown at {digits} decimals, values that print alike all marked")
