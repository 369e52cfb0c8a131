"""``--details``: where a prediction disagrees with the gold, unit by unit.

Each unit with a disagreement is shown as two lines, gold above prediction,
with every change block (the words between two correct words) in brackets on
both lines, followed by the unit's counts; then the most frequent missed gold
words and spurious predicted words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from evalkit.align import word_spans
from evalkit.metrics import COUNT_COLUMNS, word_skeletons

TOP = 20


@dataclass(frozen=True)
class UnitDiff:
    """One unit's two segmentations with change blocks bracketed."""

    gold: str
    predicted: str
    missed: list[str]
    spurious: list[str]


def _bracket(words: list[str], correct: list[bool]) -> str:
    parts: list[str] = []
    block: list[str] = []
    for word, ok in zip(words, correct, strict=True):
        if ok:
            if block:
                parts.append("[" + " ".join(block) + "]")
                block = []
            parts.append(word)
        else:
            block.append(word)
    if block:
        parts.append("[" + " ".join(block) + "]")
    return " ".join(parts)


def unit_diff(gold_tokens: Sequence[str], predicted_tokens: Sequence[str]) -> UnitDiff:
    gold_words, predicted_words = word_skeletons(gold_tokens), word_skeletons(predicted_tokens)
    gold_spans, predicted_spans = word_spans(gold_tokens), word_spans(predicted_tokens)
    common = set(gold_spans) & set(predicted_spans)
    gold_ok = [span in common for span in gold_spans]
    predicted_ok = [span in common for span in predicted_spans]
    return UnitDiff(_bracket(gold_words, gold_ok), _bracket(predicted_words, predicted_ok),
                    [w for w, ok in zip(gold_words, gold_ok, strict=True) if not ok],
                    [w for w, ok in zip(predicted_words, predicted_ok, strict=True) if not ok])


def _unit_counts(row: Sequence[int]) -> str:
    c = dict(zip(COUNT_COLUMNS, row, strict=True))
    return (f"gold {c['gold_words']}, predicted {c['predicted_words']}, correct "
            f"{c['correct_words']}; ins {c['insertions']}, del {c['deletions']}, sub "
            f"{c['substitutions']}; gold split/merged/crossing {c['gold_split']}/"
            f"{c['gold_merged']}/{c['gold_crossing']}; predicted split/merged/crossing "
            f"{c['predicted_split']}/{c['predicted_merged']}/{c['predicted_crossing']}")


@dataclass(frozen=True)
class Details:
    text: str
    missed: list[tuple[str, int]]
    spurious: list[tuple[str, int]]


def details(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]],
            lines: Sequence[int], rows: Sequence[Sequence[int]], top: int = TOP) -> Details:
    """The per-unit view and the top missed and spurious words."""
    from tabulate import tabulate

    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    out: list[str] = []
    agreeing = 0
    for number, (g, p, line, row) in enumerate(zip(gold, predicted, lines, rows,
                                                   strict=True), start=1):
        diff = unit_diff(g, p)
        if not diff.missed and not diff.spurious:
            agreeing += 1
            continue
        missed.update(diff.missed)
        spurious.update(diff.spurious)
        out += [f"unit {number} (line {line}): {_unit_counts(row)}",
                f"  gold: {diff.gold}", f"  pred: {diff.predicted}"]
    out.append(f"{agreeing} of {len(gold)} units agree fully (not shown).")
    top_missed, top_spurious = missed.most_common(top), spurious.most_common(top)
    for title, pairs in ((f"most frequent missed gold words (top {top})", top_missed),
                         (f"most frequent spurious predicted words (top {top})",
                          top_spurious)):
        out += ["", title, tabulate(pairs, headers=["word", "count"], disable_numparse=True)
                if pairs else "(none)"]
    return Details("\n".join(out) + "\n", top_missed, top_spurious)
