"""The Results document: everything one run measured, and its JSON form.

Reports, the terminal table and (later) baselines are all rendered from this
document alone, so a report never re-runs a segmenter. Timings live under
``timing`` keys: they are the only fields that change between identical runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from evalkit import __version__
from evalkit.metrics import COUNT_COLUMNS, PRF, SENTENCE_COLUMNS, Counts, total

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SCHEMA_VERSION = 1
EXACT_WORDS_FOR_WARNING = 100
"""A perfect score over at least this many gold words makes the gold suspect."""


@dataclass(frozen=True)
class CorpusInfo:
    """Where a gold corpus came from and how big it is."""

    name: str
    path: str
    format: str
    sha256: str
    units: int
    words: int
    chars: int
    gold: list[list[str]] = field(default_factory=list)
    """Each unit's gold words (skeletons), so reports can show texts without the file."""
    dataset: str | None = None
    """The registry name of a registered corpus (recorded only then), so a baseline
    finds it again by name and SHA-256 on a machine where the store is elsewhere."""


@dataclass(frozen=True)
class SystemInfo:
    """Which segmenter ran: name, package version really loaded, options, load time."""

    name: str
    package: str
    version: str
    options: dict[str, str]
    load_seconds: float
    peak_rss_mb: float | None = None
    cached: bool = False


@dataclass(frozen=True)
class RowResult:
    """One segmenter on one corpus: per-unit counts and segmentation time."""

    corpus: str
    segmenter: str
    per_unit: npt.NDArray[np.int64]
    per_sentence: npt.NDArray[np.int64]
    """Word and boundary counts per sentence (SENTENCE_COLUMNS), for resampling."""
    segment_seconds: float | None = 0.0
    """Seconds spent segmenting; None when nothing was run to measure (``file:``)."""
    chars: int = 0
    units: int = 0
    cuts: list[list[int]] = field(default_factory=list)
    """Each unit's predicted internal boundaries (skeleton offsets), for reports."""
    cached: bool = False
    """The output and its timing came from the cache (measured in an earlier run)."""

    @property
    def counts(self) -> Counts:
        return total(self.per_unit)

    @property
    def chars_per_second(self) -> float | None:
        return self.chars / self.segment_seconds if self.segment_seconds else None

    @property
    def units_per_second(self) -> float | None:
        return self.units / self.segment_seconds if self.segment_seconds else None

    @property
    def timed(self) -> bool:
        """Whether this row has timings at all (``evalkit score`` rows have none)."""
        return self.segment_seconds is None or self.segment_seconds > 0


@dataclass(frozen=True)
class Failure:
    """A segmenter that could not be loaded, or failed on one corpus."""

    segmenter: str
    corpus: str | None
    reason: str


@dataclass(frozen=True)
class MacroAverage:
    """A segmenter's unweighted mean over the corpora that say something about it.

    ``left_out`` names the corpora it was scored on but that are not averaged:
    those it reproduces exactly (see ``reproduces_gold``).
    """

    segmenter: str
    corpora: int
    words: PRF
    boundaries: PRF
    left_out: tuple[str, ...] = ()
    of: int = 0
    """How many corpora the run had, so a view can say "1 of 2"."""

    @property
    def label(self) -> str:
        """The row label every view uses: ``macro avg (2)`` or ``macro avg (1 of 2)``."""
        if self.of and self.corpora != self.of:
            return f"macro avg ({self.corpora} of {self.of})"
        return f"macro avg ({self.corpora})"


def reproduces_gold(row: RowResult) -> bool:
    """Whether a row reproduces its gold exactly over enough words that the gold was
    probably made by that segmenter: such a row says nothing about its quality."""
    counts = row.counts
    return (counts.correct_words == counts.gold_words == counts.predicted_words
            and counts.gold_words >= EXACT_WORDS_FOR_WARNING)


def macro_averages(results: Results) -> list[MacroAverage]:
    """Per segmenter, the mean of P, R and F1 over the corpora of the run (only with
    2+ corpora), leaving out each corpus it reproduces exactly (``reproduces_gold``).

    The one rule for every view (table, Markdown, HTML, CSV, JSON, matrix): a
    segmenter whose every row is left out gets no average; ``macro_average_notes``
    says under a table what was left out.
    """
    if len(results.corpora) < 2:
        return []
    averages = []
    for system in results.systems:
        mine = [row for row in results.rows if row.segmenter == system.name]
        kept = [row.counts for row in mine if not reproduces_gold(row)]
        if kept:
            averages.append(MacroAverage(
                system.name, len(kept), _mean([c.words for c in kept]),
                _mean([c.boundaries for c in kept]),
                tuple(row.corpus for row in mine if reproduces_gold(row)),
                len(results.corpora)))
    return averages


def macro_average_notes(results: Results) -> list[str]:
    """A line per segmenter whose macro average leaves corpora out, for under a table."""
    if len(results.corpora) < 2:
        return []
    notes = []
    for system in results.systems:
        left_out = [row.corpus for row in results.rows
                    if row.segmenter == system.name and reproduces_gold(row)]
        if not left_out:
            continue
        scored = sum(row.segmenter == system.name for row in results.rows)
        if len(left_out) == scored:
            notes.append(f"macro avg: none for {system.name}: it reproduces every gold it "
                         f"was scored on exactly ({', '.join(left_out)})")
        else:
            notes.append(f"macro avg: {system.name} is averaged without "
                         f"{', '.join(left_out)} (it reproduces that gold exactly, which "
                         "says nothing about its quality)")
    return notes


@dataclass(frozen=True)
class Results:
    """One run: the corpora, the segmenters and a RowResult per pair."""

    corpora: list[CorpusInfo]
    systems: list[SystemInfo]
    rows: list[RowResult]
    failures: list[Failure] = field(default_factory=list)
    metric: str = "exact"
    lexicon: dict[str, Any] | None = None
    """Where the OOV/IV vocabulary came from; None: no OOV/IV figures at all."""
    normalisation: str = "none"
    requested: list[str] = field(default_factory=list)
    """Every segmenter asked for, in order, including those that failed to load."""
    machine: dict[str, Any] = field(default_factory=dict)
    statistics: dict[str, Any] | None = None
    """Intervals and paired tests (stats.analyse), when asked for."""
    specs: list[str] = field(default_factory=list)
    """The ``-s`` specs that produced the rows, so a baseline can re-run them."""

    def signature(self) -> str:
        """One line recording what the numbers depend on, in sacreBLEU's manner."""
        stats = None if self.statistics is None else self.statistics["settings"]
        return signature(self.metric, self.normalisation, self.lexicon, self.systems, stats)

    def by_corpus(self) -> list[tuple[CorpusInfo, list[RowResult]]]:
        """Each corpus with its rows, in corpus order (rows in request order)."""
        return [(corpus, [row for row in self.rows if row.corpus == corpus.name])
                for corpus in self.corpora]

    def macro_averages(self) -> list[MacroAverage]:
        """The macro averages by the one rule (module function ``macro_averages``)."""
        return macro_averages(self)

    def warnings(self) -> list[dict[str, str]]:
        """Rows whose segmenter reproduces the gold exactly: the gold may be its output."""
        found = []
        for row in self.rows:
            counts = row.counts
            if reproduces_gold(row):
                found.append({
                    "kind": "gold-matches-segmenter", "corpus": row.corpus,
                    "segmenter": row.segmenter,
                    "message": (f"{row.segmenter} reproduces {row.corpus} exactly "
                                f"(F1 = 1 over {counts.gold_words} words): the gold may "
                                f"have been produced by {row.segmenter}, so that row says "
                                "nothing about its quality"),
                })
        return found

    def to_document(self) -> dict[str, Any]:
        """The JSON-ready results document."""
        return {
            "evalkit": {"version": __version__, "schema": SCHEMA_VERSION},
            "signature": self.signature(),
            "settings": {"metric": self.metric, "whitespace": "separator",
                         "normalisation": self.normalisation},
            "lexicon": self.lexicon,
            "corpora": [{k: v for k, v in vars(c).items() if k != "dataset" or v}
                        for c in self.corpora],
            "requested": self.requested,
            "specs": self.specs,
            "segmenters": [{"name": s.name, "package": s.package, "version": s.version,
                            "options": s.options,
                            "timing": {"load_seconds": s.load_seconds,
                                       "peak_rss_mb": s.peak_rss_mb, "cached": s.cached}}
                           for s in self.systems],
            "results": [_row_document(row, self.lexicon is not None) for row in self.rows],
            "macro_average": [{"segmenter": m.segmenter, "corpora": m.corpora,
                               "word": vars(m.words), "boundary": vars(m.boundaries),
                               "left_out": list(m.left_out)}
                              for m in self.macro_averages()],
            "failures": [vars(f) for f in self.failures],
            "warnings": self.warnings(),
            "statistics": self.statistics,
            "machine": self.machine,
        }


def signature(metric: str, normalisation: str, lexicon: dict[str, Any] | None,
              systems: list[SystemInfo], stats: dict[str, Any] | None = None) -> str:
    """The signature from explicit fields: every setting a figure depends on."""
    names = ",".join(
        f"{s.name}={s.version}[{';'.join(f'{k}={v}' for k, v in s.options.items())}]"
        for s in systems)
    digest = "none" if lexicon is None else str(lexicon["sha256"])[:16]
    whitespace = "script" if metric == "sighan" else "separator"
    fields = [f"evalkit:{__version__}", f"metric:{metric}", f"whitespace:{whitespace}",
              f"norm:{normalisation}", f"lexicon:{digest}"]
    if stats is not None:
        fields += [f"resample:{stats['resampling_unit']}", f"resamples:{stats['resamples']}",
                   f"seed:{stats['seed']}"]
        if stats["level"] is not None:
            fields.append(f"ci:{stats['level'] * 100:g}%")
        if stats["paired"]:
            fields += [f"test:{stats['test']}", f"correction:{stats['correction']}",
                       f"alpha:{stats['alpha']:g}", f"baseline:{stats['baseline']}"]
    return "|".join([*fields, f"systems:{names}"])


def _mean(scores: list[PRF]) -> PRF:
    n = len(scores)
    return PRF(sum(s.precision for s in scores) / n, sum(s.recall for s in scores) / n,
               sum(s.f1 for s in scores) / n)


def _row_document(row: RowResult, with_vocabulary: bool) -> dict[str, Any]:
    counts = row.counts
    vocabulary = {"vocabulary": vars(counts.vocabulary())} if with_vocabulary else {}
    return {
        "corpus": row.corpus, "segmenter": row.segmenter,
        "counts": counts.as_dict(),
        "word": vars(counts.words), "boundary": vars(counts.boundaries), **vocabulary,
        "timing": {"segment_seconds": row.segment_seconds,
                   "chars_per_second": row.chars_per_second,
                   "units_per_second": row.units_per_second, "cached": row.cached},
        "per_unit": {"columns": list(COUNT_COLUMNS), "rows": row.per_unit.tolist()},
        "per_sentence": {"columns": list(SENTENCE_COLUMNS),
                         "rows": row.per_sentence.tolist()},
        "cuts": row.cuts,
    }


def _matrix(rows: list[list[int]], width: int) -> npt.NDArray[np.int64]:
    import numpy as np

    return np.array(rows, dtype=np.int64).reshape(-1, width)


def from_document(document: dict[str, Any]) -> Results:
    """Rebuild Results from its JSON document (reports re-render without re-running)."""
    corpora = [CorpusInfo(**c) for c in document["corpora"]]
    sizes = {c.name: c for c in corpora}
    systems = [SystemInfo(s["name"], s["package"], s["version"], dict(s["options"]),
                          s["timing"]["load_seconds"], s["timing"]["peak_rss_mb"],
                          s["timing"]["cached"]) for s in document["segmenters"]]
    rows = [RowResult(r["corpus"], r["segmenter"],
                      _matrix(r["per_unit"]["rows"], len(COUNT_COLUMNS)),
                      _matrix(r["per_sentence"]["rows"], len(SENTENCE_COLUMNS)),
                      r["timing"]["segment_seconds"], sizes[r["corpus"]].chars,
                      sizes[r["corpus"]].units, r["cuts"],
                      bool(r["timing"].get("cached", False)))
            for r in document["results"]]
    failures = [Failure(**f) for f in document["failures"]]
    return Results(corpora, systems, rows, failures, document["settings"]["metric"],
                   document["lexicon"], document["settings"]["normalisation"],
                   document["requested"], document["machine"], document["statistics"],
                   document["specs"])


def dumps(document: dict[str, Any]) -> str:
    """Indented JSON with every list of lists (count matrices, texts, cuts) on one line,
    so the document stays readable and small."""
    inlined: list[str] = []

    def compact(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: compact(item) for key, item in value.items()}
        if isinstance(value, list):
            if value and all(isinstance(item, list) for item in value):
                inlined.append(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
                return f"\x00{len(inlined) - 1}\x00"
            return [compact(item) for item in value]
        return value

    text = json.dumps(compact(document), ensure_ascii=False, indent=2)
    for index, matrix in enumerate(inlined):
        text = text.replace(json.dumps(f"\x00{index}\x00"), matrix, 1)
    return text + "\n"
