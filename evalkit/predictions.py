"""Scoring a prediction file against a gold file (``evalkit score``).

The prediction is scored unit by unit, like a segmenter's output in
``compare``; a different number of units, or a unit whose text differs,
is a PredictionError naming the prediction's line, never a silent
misalignment. Whatever is wrong with the prediction file is a
PredictionError, so a user can tell it from a gold file at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from evalkit.corpus import Corpus, read_corpus
from evalkit.errors import InputError, PredictionError, TextMismatchError
from evalkit.rawtext import refuse_unshared, shared
from evalkit.results import Results, SystemInfo
from evalkit.scoring import DEFAULT, corpus_info, gold_view, raw_side, score_prediction
from evalkit.settings import Settings

T = TypeVar("T")


def as_prediction(read: Callable[[], T]) -> T:
    """``read()``, with any InputError it raises turned into a PredictionError."""
    try:
        return read()
    except PredictionError:
        raise
    except InputError as error:
        raise PredictionError(error.path, error.reason, error.line, error.column) from None


def read_prediction(path: str, fmt: str | None, encoding: str | None,
                    fallback: str | None = None, option: str = "--pred-encoding") -> Corpus:
    """The prediction file: UTF-8 unless ``encoding`` says otherwise, else ``fallback``
    (the gold's encoding) when it is not UTF-8."""
    return as_prediction(lambda: read_corpus(path, fmt, encoding, option=option,
                                             fallback=fallback))


def check_unit_counts(gold_path: str, gold_units: int, predicted_path: str,
                      predicted_units: int) -> None:
    """Gold and prediction must pair up unit by unit; anything else is refused."""
    if gold_units != predicted_units:
        raise PredictionError(predicted_path, f"has {predicted_units} units but the gold "
                              f"{gold_path} has {gold_units}; gold and prediction must have "
                              "one unit (line or sentence) each, in the same order")


def score_files(gold: Corpus, predicted: Corpus, settings: Settings = DEFAULT,
                raw: Corpus | None = None) -> Results:
    """Results with one row: the prediction file scored against the gold.

    With ``raw`` (``score --raw``), the prediction is a segmentation of that raw
    text, line by line, and its words are carried onto the gold as in compare.
    """
    if raw is not None and len(raw.units) != len(predicted.units):
        raise PredictionError(predicted.path, f"has {len(predicted.units)} units but the raw text "
                         f"{raw.path} has {len(raw.units)} lines; a prediction for a raw "
                         "text has one line per raw line, in the same order")
    if raw is None:
        check_unit_counts(gold.path, len(gold.units), predicted.path, len(predicted.units))
    side = None if raw is None else raw_side(raw, gold_view(gold, settings), settings)
    if side is not None:
        refuse_unshared(shared(side.alignment), side.corpus.path, gold.path)
    try:
        row = score_prediction(gold, predicted.flat if settings.normalisation == "none"
                               and raw is None else [u.tokens for u in predicted.units],
                               predicted.name, settings, raw=side)
    except TextMismatchError as error:
        line = predicted.units[error.unit - 1].line
        raise PredictionError(predicted.path, f"unit {error.unit} ({'raw' if raw else 'gold'} "
                              f"line {error.line}): {error.detail}", line) from None
    system = SystemInfo(predicted.name, "file", predicted.sha256[:16], {}, 0.0)
    return Results([corpus_info(gold, settings, raw=side)], [system], [row],
                   lexicon=settings.describe_lexicon(), normalisation=settings.normalisation)
