"""The statistics block of a results document, typed: what stats.analyse computes and
every report reads.

Each record has one ``to_document`` (the JSON the results document has always
held, key for key and in the same order, so saved documents stay byte
identical) and one ``from_document``. Readers use attributes, never string
keys. A corpus block holds intervals when a level was asked for, and either
the paired tests or the reason they were refused when ``--paired`` was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evalkit.records import FlatRecord


@dataclass(frozen=True)
class StatsSettings(FlatRecord):
    """How the statistics were computed; every field is in the signature or a note."""

    level: float | None
    paired: bool
    test: str
    resamples: int
    seed: int
    correction: str
    alpha: float
    metric_tested: str
    baseline: str
    """The --baseline name, or "first segmenter"."""
    resampling_unit: str


@dataclass(frozen=True)
class Interval:
    """A percentile bootstrap interval."""

    low: float
    high: float

    def to_document(self) -> list[float]:
        return [self.low, self.high]

    @classmethod
    def from_document(cls, document: list[float]) -> Interval:
        low, high = document
        return cls(low, high)


@dataclass(frozen=True)
class Comparison(FlatRecord):
    """One segmenter against the baseline: ``delta_f1`` is its F1 minus the baseline's."""

    segmenter: str
    delta_f1: float
    p: float
    p_adjusted: float
    significant: bool


@dataclass(frozen=True)
class Pair(FlatRecord):
    """One test of the all-pairs family: ``delta_f1`` is b's F1 minus a's."""

    a: str
    b: str
    delta_f1: float
    p: float
    p_adjusted: float
    significant: bool


@dataclass(frozen=True)
class Rank(FlatRecord):
    """1 + the number of segmenters significantly better on the corpus."""

    segmenter: str
    rank: int
    word_f1: float


@dataclass(frozen=True)
class RankConflict(FlatRecord):
    """A significant pair that the ranks do not put in order (tests are not transitive)."""

    better: str
    worse: str
    better_rank: int
    worse_rank: int


@dataclass(frozen=True)
class PairedTests:
    """The paired tests of one corpus: every pair once, read against the baseline."""

    baseline: str
    comparisons: list[Comparison]
    pairs: list[Pair]
    ranks: list[Rank]
    """In rank order (ties: higher F1 first)."""
    rank_conflicts: list[RankConflict]

    def to_document(self) -> dict[str, Any]:
        return {"baseline": self.baseline,
                "comparisons": [c.to_document() for c in self.comparisons],
                "pairs": [p.to_document() for p in self.pairs],
                "ranks": [r.to_document() for r in self.ranks],
                "rank_conflicts": [c.to_document() for c in self.rank_conflicts]}

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> PairedTests:
        return cls(document["baseline"],
                   [Comparison.from_document(c) for c in document["comparisons"]],
                   [Pair.from_document(p) for p in document["pairs"]],
                   [Rank.from_document(r) for r in document["ranks"]],
                   [RankConflict.from_document(c) for c in document["rank_conflicts"]])

    def comparison(self, segmenter: str) -> Comparison | None:
        """The segmenter's test against the baseline (None: it is the baseline, or the
        baseline has no row here)."""
        return next((c for c in self.comparisons if c.segmenter == segmenter), None)

    @property
    def baseline_missing(self) -> bool:
        """The --baseline segmenter has no row on this corpus (it failed there, or
        --fail-fast stopped it before it ran): the pairs and ranks are among the
        others, and no comparison is shown."""
        return bool(self.ranks) and all(rank.segmenter != self.baseline
                                        for rank in self.ranks)

    def baseline_note(self, corpus: str) -> str | None:
        """One line saying why no row is shown against the baseline, when none is."""
        if not self.baseline_missing:
            return None
        return (f"no pair against the baseline on {corpus}: {self.baseline} has no row there "
                f"(it failed or was not run); the other {len(self.ranks)} segmenters are "
                "tested and ranked among themselves")


@dataclass(frozen=True)
class CorpusStatistics:
    """One corpus: how many sentences were resampled, each segmenter's intervals (by
    metric), and the paired tests or why there are none."""

    corpus: str
    resampling_units: int
    intervals: dict[str, dict[str, Interval]] | None = None
    """Segmenter -> metric (stats.METRICS) -> interval; None: no level asked for."""
    refused: str | None = None
    """Why the paired tests were not run (fewer than two segmenters have a row here)."""
    paired: PairedTests | None = None

    def interval(self, segmenter: str, metric: str) -> Interval | None:
        if self.intervals is None or segmenter not in self.intervals:
            return None
        return self.intervals[segmenter].get(metric)

    def to_document(self) -> dict[str, Any]:
        document: dict[str, Any] = {"corpus": self.corpus,
                                    "resampling_units": self.resampling_units}
        if self.intervals is not None:
            document["intervals"] = {
                name: {metric: found.to_document() for metric, found in metrics.items()}
                for name, metrics in self.intervals.items()}
        if self.refused is not None:
            document["refused"] = self.refused
        if self.paired is not None:
            document.update(self.paired.to_document())
        return document

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> CorpusStatistics:
        intervals = document.get("intervals")
        return cls(document["corpus"], document["resampling_units"],
                   None if intervals is None else {
                       name: {metric: Interval.from_document(found)
                              for metric, found in metrics.items()}
                       for name, metrics in intervals.items()},
                   document.get("refused"),
                   PairedTests.from_document(document) if "comparisons" in document else None)


@dataclass(frozen=True)
class Statistics:
    """Intervals and paired tests of a run, corpus by corpus (stats.analyse)."""

    settings: StatsSettings
    corpora: list[CorpusStatistics]

    def to_document(self) -> dict[str, Any]:
        return {"settings": self.settings.to_document(),
                "corpora": [block.to_document() for block in self.corpora]}

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Statistics:
        """The block read back; a malformed one raises KeyError, TypeError or ValueError
        (what the readers of results documents turn into one line)."""
        try:
            return cls(StatsSettings.from_document(document["settings"]),
                       [CorpusStatistics.from_document(block)
                        for block in document["corpora"]])
        except AttributeError as error:  # a list or a number where a mapping belongs
            raise ValueError(f"malformed statistics block ({error})") from None

    def intervals(self) -> dict[tuple[str, str], dict[str, Interval]]:
        """(corpus, segmenter) -> metric -> interval, for every corpus with intervals."""
        return {(block.corpus, name): found for block in self.corpora
                for name, found in (block.intervals or {}).items()}

    def ranks(self) -> dict[tuple[str, str], int]:
        """(corpus, segmenter) -> rank, over the corpora with paired tests."""
        return {(block.corpus, rank.segmenter): rank.rank for block in self.corpora
                if block.paired is not None for rank in block.paired.ranks}
