"""Scoring a prediction file against a gold file (``evalkit score``).

The prediction is scored unit by unit, like a segmenter's output in
``compare``; a different number of units, or a unit whose text differs,
is a PredictionError naming the prediction's line, never a silent
misalignment. Whatever is wrong with the prediction file is a
PredictionError, so a user can tell it from a gold file at fault.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from evalkit.align import skeleton
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


def check_unit_counts(gold_path: str, gold_units: Sequence[Sequence[str]],
                      predicted_path: str, predicted_units: Sequence[Sequence[str]], *,
                      gold_lines: Sequence[int] | None = None,
                      predicted_lines: Sequence[int] | None = None) -> None:
    """Gold and prediction must pair up unit by unit; anything else is refused, with
    the first unit whose text differs (where a missing or extra line shows up).

    Units are token sequences; ``*_lines`` are the lines they start on (None: unknown,
    and units are named by number)."""
    if len(gold_units) == len(predicted_units):
        return
    raise PredictionError(predicted_path, f"has {len(predicted_units)} units but the gold "
                          f"{gold_path} has {len(gold_units)}; gold and prediction must "
                          "have one unit (line or sentence) each, in the same order; "
                          + _first_difference(gold_units, predicted_units, gold_lines,
                                              predicted_lines))


SHOWN = 20
"""Characters of a unit's text shown in a message before it is shortened."""


def _shown(tokens: Sequence[str]) -> str:
    text = skeleton("".join(tokens))
    return repr(text if len(text) <= SHOWN else text[:SHOWN] + "…")


def _first_difference(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]],
                      gold_lines: Sequence[int] | None,
                      predicted_lines: Sequence[int] | None) -> str:
    """Where the two first part ways: the first position whose texts (whitespace
    removed) differ, or the first unit one side has and the other lacks."""
    index = next((i for i, (g, p) in enumerate(zip(gold, predicted, strict=False))
                  if skeleton("".join(g)) != skeleton("".join(p))),
                 min(len(gold), len(predicted)))
    gold_at = "unit" if gold_lines is None else "line"
    pred_at = "unit" if predicted_lines is None else "line"
    gold_where = f"gold {gold_at} {index + 1 if gold_lines is None else gold_lines[index]}" \
        if index < len(gold) else None
    pred_where = f"the prediction's {pred_at} " \
        f"{index + 1 if predicted_lines is None else predicted_lines[index]}" \
        if index < len(predicted) else None
    if gold_where is None:
        return (f"the prediction goes on after the gold's last unit, from {pred_where} "
                f"({_shown(predicted[index])})")
    if pred_where is None:
        return (f"the prediction ends before {gold_where} ({_shown(gold[index])})")
    return (f"the first unit whose text differs is unit {index + 1} ({gold_where} holds "
            f"{_shown(gold[index])}, {pred_where} {_shown(predicted[index])})")


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
    if raw is None and len(gold.units) != len(predicted.units):
        check_unit_counts(gold.path, [u.tokens for u in gold.units], predicted.path,
                          [u.tokens for u in predicted.units],
                          gold_lines=[u.line for u in gold.units],
                          predicted_lines=[u.line for u in predicted.units])
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


def score_registered(gold: Corpus, predicted: Corpus, settings: Settings, raw: Path, *,
                     encoding: str | None, note: Callable[[str], None]) -> Results:
    """A prediction for a registered corpus that ships its raw text (``raw``, read as
    compare reads it: UTF-8, else ``encoding``). It is scored against the gold's text
    when it reproduces it; else against the raw text when it reproduces that, as
    compare scores a segmenter given that text (``note`` hears it, the signature
    records it); a prediction of neither is refused naming both and ``--raw``."""
    try:
        return score_files(gold, predicted, settings)
    except PredictionError as against_gold:
        text = read_corpus(raw, "raw", None, name=gold.name, fallback=encoding)
        try:
            results = score_files(gold, predicted, settings, text)
        except PredictionError as against_raw:
            raise PredictionError(
                predicted.path, f"{against_gold.reason}; nor does it reproduce the raw text "
                f"{gold.name} ships ({text.path}: {against_raw.reason}); a prediction must "
                "be a segmentation of the gold's text or of that raw text (--raw FILE names "
                "the raw text it was made from)", against_gold.line) from None
    note(f"{predicted.path}: a segmentation of {gold.name}'s raw text {text.path}, not of "
         "its gold's text: scored against the raw text, as compare scores a segmenter "
         "given it (the same as --raw)")
    return results
