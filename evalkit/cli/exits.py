"""Exit statuses: the one place where outcomes and errors become numbers."""

from __future__ import annotations

from enum import IntEnum

from evalkit.errors import (
    BaselineMismatchError,
    BaselineRefusedError,
    EvalkitError,
    InputError,
    OutputError,
    PredictionError,
    UsageError,
)


class Exit(IntEnum):
    """Exit statuses, documented in the README and in --help."""

    OK = 0
    SEGMENTER_FAILED = 1
    USAGE = 2
    BAD_INPUT = 3
    CANNOT_WRITE = 4
    REGRESSION = 5
    BASELINE_MISMATCH = 6


EXIT_HELP = """exit status: 0 success (every requested segmenter scored); 1 a segmenter failed
(import, crash, or output whose text differs from the gold), or (score) the
prediction file is unusable; 2 usage error (unknown flag, segmenter, format,
or options that mean nothing together); 3 unusable gold file (or lexicon,
training corpus, baseline); 4 results cannot be written; 5 (check) a
regression; 6 (check) the baseline was made with other corpora or settings;
129, 130, 143 interrupted by SIGHUP, SIGINT, SIGTERM."""

ERROR_EXITS = ((UsageError, Exit.USAGE), (PredictionError, Exit.SEGMENTER_FAILED),
               (InputError, Exit.BAD_INPUT),
               (BaselineMismatchError, Exit.BASELINE_MISMATCH),
               (OutputError, Exit.CANNOT_WRITE),
               (BaselineRefusedError, Exit.SEGMENTER_FAILED),
               (EvalkitError, Exit.SEGMENTER_FAILED))
"""Each error family's exit status; the first matching entry wins."""


def error_status(error: EvalkitError) -> Exit:
    """The exit status of a library error."""
    return next(status for kind, status in ERROR_EXITS if isinstance(error, kind))


def failed_if(failures: object) -> Exit:
    """SEGMENTER_FAILED when a run has failures (a non-empty list), else OK."""
    return Exit.SEGMENTER_FAILED if failures else Exit.OK


def gate_status(failures: object, failing: object, update: bool,
                refused: bool) -> Exit:
    """``evalkit check``: a failed segmenter first; then a row failing the gate is a
    regression, unless --update accepted the run (and was not refused)."""
    if failures:
        return Exit.SEGMENTER_FAILED
    if failing and (not update or refused):
        return Exit.REGRESSION
    return Exit.OK
