"""Option combinations that mean nothing, refused before any work starts.

An option that is accepted and then ignored (``--baseline`` without
``--paired``), or that turns a request into a different one (a raw text read
as gold scores 0), prints numbers that look like an answer to the question
asked. Each is a UsageError whose message says what to do instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from evalkit.errors import UsageError
from evalkit.stats_corrections import pairs_among, smallest_adjusted

PAIRED_ONLY = ("--baseline", "--test", "--correction")
"""Options that only the paired tests read."""

RESAMPLING = ("--resamples", "--seed")
"""Options that only intervals and paired tests read."""

DIGITS = 3
"""Decimals of the scores when none are asked for (and in results documents that
predate ``settings.digits``)."""
DIGITS_RANGE = (1, 10)
"""The decimals --digits accepts (report reads the same range from a document)."""

CORRECTION_NAMES = {"holm": "Holm's correction", "bh": "the Benjamini-Hochberg correction",
                    "none": "no correction"}


def confidence_level(value: str) -> float:
    """``--ci LEVEL`` as a fraction: 0.95 or 95 (percent) mean 95%.

    The rule: a value below 1 is a fraction, from 1 on a percentage; the level
    must be at least 50% and below 100%. ``1.5`` is refused rather than read as
    1.5% intervals, which no one means.
    """
    try:
        number = float(value)
    except ValueError:
        raise UsageError(f"--ci {value}: not a number; give a level like 95 or 0.95") \
            from None
    level = number / 100 if number >= 1 else number
    if not 0.5 <= level < 1:
        raise UsageError(f"--ci {value}: a level is a fraction from 0.5 to below 1 "
                         "(0.95) or a percentage from 50 to below 100 (95); e.g. --ci 95")
    return level


def check_digits(number: int) -> int:
    """--digits N, refused outside DIGITS_RANGE with the reason for the bound crossed:
    with 0 decimals every score from 0.5 up prints as 1."""
    low, high = DIGITS_RANGE
    if number < low:
        raise UsageError(f"must be between {low} and {high} (with 0, a score of 0.803 "
                         "would print as 1)")
    if number > high:
        raise UsageError(f"must be between {low} and {high}, not {number}")
    return number


def check_gold_format(fmt: str | None) -> None:
    """``--format-in raw`` has no words to score against."""
    if fmt == "raw":
        from evalkit.formats import INPUT_FORMATS

        segmented = [name for name in INPUT_FORMATS if name != "raw"]
        raise UsageError("--format-in raw: raw text has no segmentation to score against; "
                         f"a gold file is {', '.join(segmented[:-1])} or {segmented[-1]} "
                         "(raw text is the input of 'evalkit segment')")


def check_statistics(given: Sequence[str], paired: bool, intervals: bool,
                     segmenters: int | None) -> None:
    """``given``: the statistics options on the command line (``--baseline`` ...).

    ``segmenters`` is how many will run (None when unknown, as for ``score``).
    """
    unread = [option for option in PAIRED_ONLY if option in given]
    if unread and not paired:
        raise UsageError(f"{_listed(unread)} only to the paired tests: add --paired, or "
                         f"drop {'it' if len(unread) == 1 else 'them'}")
    if paired and segmenters is not None and segmenters < 2:
        raise UsageError("--paired tests pairs of segmenters and needs at least "
                         "two: add -s for another segmenter, or drop --paired")
    resampling = [option for option in RESAMPLING if option in given]
    if resampling and not (paired or intervals):
        raise UsageError(f"{_listed(resampling)} only to --ci and --paired: add one of "
                         f"them, or drop {'it' if len(resampling) == 1 else 'them'}")


def _listed(options: Sequence[str]) -> str:
    """``--a applies`` or ``--a and --b apply``."""
    return f"{' and '.join(options)} {'applies' if len(options) == 1 else 'apply'}"


def smallest_p_value(resamples: int) -> float:
    """The smallest p-value a test with this many resamples (or trials) can give:
    p = (k + 1) / (n + 1) is 1 / (n + 1) at best."""
    return 1 / (resamples + 1)


def resamples_for(level: float) -> int:
    """The fewest resamples whose smallest p-value is below ``level``."""
    needed = max(1, math.floor(1 / level))
    while smallest_p_value(needed) >= level:
        needed += 1
    return needed


def resamples_for_interval(level: float) -> int:
    """The fewest resamples that leave at least one resample beyond each end of a
    percentile interval at ``level``: (1 - level) / 2 of them on each side."""
    return math.ceil(round(2 / (1 - level), 9))


MAX_F1_POINTS = 100
"""The largest F1 drop there can be, in points (from 1 to 0)."""


def check_gate_thresholds(max_drop: float, significance: float | None,
                          resamples: int) -> None:
    """Thresholds that would switch the regression gate off, refused.

    ``resamples`` is the gate's paired bootstrap: a ``significance`` at or below its
    smallest p-value can never be reached, so no drop could fail the gate.
    """
    if not 0 <= max_drop < math.inf:  # also refuses NaN
        raise UsageError(f"--max-drop {max_drop:g}: a drop is a finite number of F1 points, "
                         "0 or more (0 fails any drop); e.g. --max-drop 0.5")
    if max_drop >= MAX_F1_POINTS:
        raise UsageError(f"--max-drop {max_drop:g}: F1 is at most {MAX_F1_POINTS} points, so "
                         "no drop could ever be larger and the gate could never fail; give "
                         f"less than {MAX_F1_POINTS}, e.g. --max-drop 0.5")
    if significance is None:
        return
    if not 0 < significance < 1:
        raise UsageError(f"--significance {significance:g}: a p-value level lies between "
                         "0 and 1 (both excluded); e.g. --significance 0.05")
    floor = smallest_p_value(resamples)
    if significance <= floor:
        raise UsageError(
            f"--significance {significance:g}: with {resamples} resamples the smallest "
            f"p-value is 1/{resamples + 1} = {floor:.6g}, so no drop could ever fail the "
            f"gate; give a level above {floor:.6g} (p < {significance:g} would need at "
            f"least {resamples_for(significance)} resamples)")


MAX_RESAMPLES = 100_000
"""The most --resamples accepted. Every resample draws one number per sentence and
the draws are held at once (4 bytes each): 100,000 on the AS test set's 14,773
sentences are 5.9 GB; and by then the smallest p-value is 1e-5 and the Monte Carlo
error of a p-value near 0.05 is 0.0007, so more would change no conclusion."""


def check_resampling_bounds(resamples: int, seed: int) -> None:
    """A seed numpy refuses (negative), or more resamples than memory holds, refused
    before anything runs rather than failing once the segmenters have run."""
    if seed < 0:
        raise UsageError(f"--seed {seed}: a seed is a whole number, 0 or more; e.g. "
                         "--seed 12345 (the default)")
    if resamples > MAX_RESAMPLES:
        raise UsageError(f"--resamples {resamples}: at most {MAX_RESAMPLES:,}, which "
                         "already resolve p-values to 1e-5 (each resample holds a number per "
                         "sentence in memory: 100,000 on 15,000 sentences take 6 GB); e.g. "
                         "--resamples 10000")


def check_resampling(resamples: int, level: float | None, paired: bool,
                     alpha: float) -> None:
    """``--resamples`` too few for what was asked: paired tests that can never reach
    ``alpha``, or an interval whose ends are the extreme resamples themselves."""
    if paired and smallest_p_value(resamples) >= alpha:
        raise UsageError(
            f"--paired --resamples {resamples}: the smallest p-value {resamples} resamples "
            f"can give is 1/{resamples + 1} = {smallest_p_value(resamples):.3g}, never below "
            f"{alpha:g}, so no difference could be significant; use --resamples "
            f"{resamples_for(alpha)} or more (1000 by default)")
    if level is not None and resamples < resamples_for_interval(level):
        needed = resamples_for_interval(level)
        raise UsageError(
            f"--ci {level * 100:g} --resamples {resamples}: a {level * 100:g}% percentile "
            f"interval needs at least {needed} resamples, so that one lies beyond each of "
            f"its ends; use --resamples {needed} or more (1000 by default)")


def resamples_for_family(alpha: float, pairs: int, correction: str) -> int:
    """The fewest resamples whose smallest adjusted p-value, over ``pairs`` tests
    corrected with ``correction``, is below ``alpha``."""
    def reachable(resamples: int) -> bool:
        return smallest_adjusted(smallest_p_value(resamples), pairs, correction) < alpha

    needed = resamples_for(alpha / max(pairs, 1) if correction == "holm" else alpha)
    while needed > 1 and reachable(needed - 1):
        needed -= 1
    while not reachable(needed):
        needed += 1
    return needed


def check_family(resamples: int, alpha: float, correction: str, segmenters: int) -> None:
    """``--paired`` whose correction keeps every adjusted p-value at or above ``alpha``.

    The smallest p-value is 1/(resamples + 1); Holm multiplies the smallest by the
    number of pairs tested on a corpus (all pairs of the ``segmenters``), so with
    many segmenters and few resamples no difference could ever be significant.
    Benjamini-Hochberg and no correction leave the floor where it is, which
    check_resampling already checks.
    """
    pairs = pairs_among(segmenters)
    if pairs < 1:
        return
    floor = smallest_adjusted(smallest_p_value(resamples), pairs, correction)
    if floor < alpha:
        return
    holm = correction == "holm"
    raise UsageError(
        f"--paired --resamples {resamples} with {segmenters} segmenters: "
        f"{CORRECTION_NAMES[correction]} over their {pairs} pairs makes the smallest "
        f"adjusted p-value {pairs if holm else 1}/{resamples + 1} = {floor:.3g}, never "
        f"below {alpha:g}, so no difference could be significant; use --resamples "
        f"{resamples_for_family(alpha, pairs, correction)} or more"
        + (", or --correction bh" if holm else ""))
