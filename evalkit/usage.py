"""Option combinations that mean nothing, refused before any work starts.

An option that is accepted and then ignored (``--baseline`` without
``--paired``), or that turns a request into a different one (a raw text read
as gold scores 0), prints numbers that look like an answer to the question
asked. Each is a UsageError whose message says what to do instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from evalkit.errors import UsageError

PAIRED_ONLY = ("--baseline", "--test", "--correction")
"""Options that only the paired tests read."""

RESAMPLING = ("--resamples", "--seed")
"""Options that only intervals and paired tests read."""


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


def check_gold_format(fmt: str | None) -> None:
    """``--format-in raw`` has no words to score against."""
    if fmt == "raw":
        raise UsageError("--format-in raw: raw text has no segmentation to score against; "
                         "a gold file is pipe, whitespace or conllu (raw text is the input "
                         "of 'evalkit segment')")


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
        raise UsageError("--paired tests segmenters against a baseline and needs at least "
                         "two: add -s for another segmenter, or drop --paired")
    resampling = [option for option in RESAMPLING if option in given]
    if resampling and not (paired or intervals):
        raise UsageError(f"{_listed(resampling)} only to --ci and --paired: add one of "
                         f"them, or drop {'it' if len(resampling) == 1 else 'them'}")


def _listed(options: Sequence[str]) -> str:
    """``--a applies`` or ``--a and --b apply``."""
    return f"{' and '.join(options)} {'applies' if len(options) == 1 else 'apply'}"
