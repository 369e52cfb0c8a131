"""Error analysis derived from the results document alone: no segmenter runs again.

The document keeps each unit's gold words and each segmenter's cut offsets,
so words, misses, character classes, per-unit F1 and disagreements can all be
rebuilt here for the reports.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise

from evalkit.metrics import SENTENCE_FINAL, prf
from evalkit.results import CorpusInfo, RowResult

CHAR_CLASSES = ("Han", "digits", "Latin", "punctuation", "mixed")
TOP = 20
WORST = 5


@lru_cache(maxsize=1 << 16)
def char_class(word: str) -> str:
    """The class of a word by its characters: all Han, digits, Latin letters or
    punctuation and symbols; anything else is mixed."""
    def kind(c: str) -> str:
        if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or \
                "\U00020000" <= c <= "\U0003134f":
            return "Han"
        if c.isdigit():
            return "digits"
        if c.isalpha():
            return "Latin"
        return "punctuation" if unicodedata.category(c)[0] in "PS" else "mixed"

    kinds = {kind(c) for c in word}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def spans_of(words: Sequence[str]) -> list[tuple[int, int]]:
    ends = list(accumulate(len(w) for w in words))
    return list(zip([0, *ends[:-1]], ends, strict=True))


def predicted_words(gold: Sequence[str], cuts: Sequence[int]) -> list[str]:
    """A unit's predicted words: its gold text cut at the predicted boundaries."""
    text = "".join(gold)
    edges = [0, *cuts, len(text)] if text else []
    return [text[a:b] for a, b in pairwise(edges)]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a unit (cut as for resampling): its gold words and where it lies."""

    unit: int  # 1-based
    number: int  # 1-based within the unit
    gold: list[str]
    start: int
    end: int

    def cuts_within(self, cuts: Sequence[int]) -> list[int]:
        """A segmentation's internal boundaries inside this sentence, from its start."""
        return [c - self.start for c in cuts if self.start < c < self.end]


def sentences(corpus: CorpusInfo) -> list[Sentence]:
    """Every unit cut after gold words ending in a sentence-final character."""
    found: list[Sentence] = []
    for unit, words in enumerate(corpus.gold, start=1):
        start = offset = 0
        current: list[str] = []
        number = 0
        for position, word in enumerate(words):
            current.append(word)
            offset += len(word)
            if word[-1] in SENTENCE_FINAL or position == len(words) - 1:
                number += 1
                found.append(Sentence(unit, number, current, start, offset))
                start, current = offset, []
    return found


@dataclass(frozen=True)
class RowAnalysis:
    """What one segmenter got wrong on one corpus."""

    missed: list[tuple[str, int]]
    spurious: list[tuple[str, int]]
    by_class: dict[str, tuple[int, int]]  # class -> (gold words, missed gold words)
    sentence_f1: list[float]
    worst: list[tuple[str, float, list[str], list[str]]]  # where, F1, gold, predicted


def analyse_row(corpus: CorpusInfo, row: RowResult) -> RowAnalysis:
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    gold_by_class: Counter[str] = Counter()
    missed_by_class: Counter[str] = Counter()
    scored = []
    for sentence in sentences(corpus):
        gold = sentence.gold
        predicted = predicted_words(gold, sentence.cuts_within(row.cuts[sentence.unit - 1]))
        gold_spans, predicted_spans = spans_of(gold), spans_of(predicted)
        common = set(gold_spans) & set(predicted_spans)
        for word, span in zip(gold, gold_spans, strict=True):
            gold_by_class[char_class(word)] += 1
            if span not in common:
                missed[word] += 1
                missed_by_class[char_class(word)] += 1
        spurious.update(w for w, s in zip(predicted, predicted_spans, strict=True)
                        if s not in common)
        f1 = prf(len(common), len(predicted), len(gold)).f1
        where = f"{sentence.unit}.{sentence.number}"
        scored.append((where, f1, list(gold), predicted))
    worst = sorted((s for s in scored if s[1] < 1), key=lambda s: s[1])[:WORST]
    return RowAnalysis(missed.most_common(TOP), spurious.most_common(TOP),
                       {c: (gold_by_class[c], missed_by_class[c]) for c in CHAR_CLASSES
                        if gold_by_class[c]}, [s[1] for s in scored], worst)


def disagreements(corpus: CorpusInfo, rows: Sequence[RowResult]) -> list[Sentence]:
    """The sentences where some segmenter's boundaries differ from the gold's."""
    found = []
    for sentence in sentences(corpus):
        gold = list(accumulate(len(w) for w in sentence.gold))[:-1]
        if any(sentence.cuts_within(row.cuts[sentence.unit - 1]) != gold for row in rows):
            found.append(sentence)
    return found
