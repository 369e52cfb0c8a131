"""The Results document: everything one run measured, and its JSON form.

Reports, the terminal table and (later) baselines are all rendered from this
document alone, so a report never re-runs a segmenter. Timings live under
``timing`` keys: they are the only fields that change between identical runs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING, Any

from evalkit import __version__
from evalkit.metrics import COUNT_COLUMNS, PRF, SENTENCE_COLUMNS, Counts, total
from evalkit.records import (
    PER_CORPUS,
    LexiconRecord,
    MachineRecord,
    lexicon_document,
    lexicon_record,
)
from evalkit.usage import DIGITS

if TYPE_CHECKING:
    # only runs with --ci or --paired need them (~8 ms of dataclasses to import)
    import numpy as np
    import numpy.typing as npt

    from evalkit.stats_records import Statistics, StatsSettings

SCHEMA_VERSION = 2
"""2: texts, boundaries and count matrices packed (evalkit.packing); 1: plain lists."""
READABLE_SCHEMAS = (1, 2)
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
    gold: Sequence[list[str]] = field(default_factory=list)
    """Each unit's gold words (skeletons), so reports can show texts without the file
    (a list, or flat.UnitWords, which lists them when first asked)."""
    dataset: str | None = None
    """The registry name of a registered corpus (recorded only then), so a baseline
    finds it again by name and SHA-256 on a machine where the store is elsewhere."""
    raw: dict[str, Any] | None = None
    """The raw text segmenters were given, when the corpus ships one, and where it
    disagrees with the gold (scoring.RawSide.describe)."""
    lexicon: LexiconRecord | None = None
    """This corpus's vocabulary for the OOV/IV figures (None: no OOV/IV figures)."""
    encoding: str = "utf-8"
    """How the gold file was decoded; a baseline reads it again the same way."""

    @property
    def given(self) -> tuple[int, int]:
        """Characters and units of the text segmenters were given: the raw text's when
        the corpus ships one (its speed is measured on that), else the gold's."""
        if self.raw is not None:
            return int(self.raw["chars"]), int(self.raw["units"])
        return self.chars, self.units


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
    workers: int = 1
    """Processes that loaded it (more than one when its shards were shared out);
    ``load_seconds`` is one worker's loading (their mean), not their sum."""
    files: dict[str, str] = field(default_factory=dict)
    """SHA-256 of the file each file-valued option names (a user dictionary): the
    signature shows that content, not the path, which is the machine's."""


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


FAILED = "failed"
NOT_RUN = "not run"
"""A Failure's status: the segmenter failed, or it never ran (--fail-fast stopped the
run first), which says nothing about it."""


@dataclass(frozen=True)
class Failure:
    """A segmenter that could not be loaded, or failed on one corpus, or (status
    NOT_RUN) was never run there. Documents from before ``status`` read as failed."""

    segmenter: str
    corpus: str | None
    reason: str
    status: str = FAILED


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
    lexicon: LexiconRecord | None = None
    """Where the OOV/IV vocabulary came from; None: no OOV/IV figures at all."""
    normalisation: str = "none"
    requested: list[str] = field(default_factory=list)
    """Every segmenter asked for, in order, including those that failed to load."""
    machine: MachineRecord | None = None
    """Where the timings were taken; None when nothing was timed (``evalkit score``)."""
    statistics: Statistics | None = None
    """Intervals and paired tests (stats.analyse), when asked for."""
    specs: list[str] = field(default_factory=list)
    """The ``-s`` specs that produced the rows, so a baseline can re-run them."""
    digits: int = DIGITS
    """The decimals the run was asked to show (--digits). Not a scoring setting (no
    figure depends on it, so it is not in the signature), but kept in the document so
    ``evalkit report`` renders the same figures and best-score markers as the run."""

    def signature(self) -> str:
        """One line recording what the numbers depend on, in sacreBLEU's manner."""
        stats = None if self.statistics is None else self.statistics.settings
        return signature(self.metric, self.normalisation, self.lexicon, self.systems, stats,
                         raw=raw_digest([(c.name, str(c.raw["sha256"])) for c in self.corpora
                                         if c.raw is not None]))

    def status(self, segmenter: str, corpus: str) -> str:
        """The status of a segmenter's missing row on a corpus: its failure's (FAILED or
        NOT_RUN), the one for that corpus or for every corpus."""
        return next((f.status for f in self.failures if f.segmenter == segmenter
                     and f.corpus in (corpus, None)), FAILED)

    def has_vocabulary(self, corpus: str) -> bool:
        """Does this corpus have OOV/IV figures? (Per corpus when each has its word list.)"""
        if self.lexicon is None:
            return False
        if not self.lexicon.per_corpus:
            return True
        return any(c.lexicon is not None for c in self.corpora if c.name == corpus)

    def by_corpus(self) -> list[tuple[CorpusInfo, list[RowResult]]]:
        """Each corpus with its rows, in corpus order (rows in request order)."""
        return [(corpus, [row for row in self.rows if row.corpus == corpus.name])
                for corpus in self.corpora]

    def macro_averages(self) -> list[MacroAverage]:
        """The macro averages by the one rule (module function ``macro_averages``)."""
        return macro_averages(self)

    def warnings(self) -> list[dict[str, str]]:
        """Rows whose segmenter reproduces the gold exactly: the gold may be its output;
        then corpora whose vocabulary covers them implausibly (coverage.coverage_warning)."""
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
        return found + self._vocabulary_warnings()

    def _vocabulary_warnings(self) -> list[dict[str, str]]:
        """One per corpus whose vocabulary leaves implausibly many gold words OOV, or
        none (from its first row: the gold-side counts are the same in every row)."""
        from evalkit.coverage import coverage_warning

        found = []
        for corpus, rows in self.by_corpus():
            vocabulary = corpus.lexicon or self.lexicon
            if not rows or vocabulary is None or not self.has_vocabulary(corpus.name):
                continue
            counts = rows[0].counts
            message = coverage_warning(corpus.name, vocabulary.path, counts.gold_words,
                                       counts.gold_oov_words)
            if message is not None:
                found.append({"kind": "vocabulary-coverage", "corpus": corpus.name,
                              "segmenter": "", "message": message})
        return found

    def to_document(self) -> dict[str, Any]:
        """The JSON-ready results document (schema 2: bulky parts packed)."""
        from evalkit.compact import pack_rows

        gold_cuts = {c.name: [_cuts(words) for words in c.gold] for c in self.corpora}
        shared, blocks = {}, {}
        for corpus, rows in self.by_corpus():
            shared[corpus.name], found = pack_rows(
                corpus.gold, [{"per_unit": r.per_unit, "per_sentence": r.per_sentence}
                              for r in rows])
            blocks.update({(r.corpus, r.segmenter): b for r, b in zip(rows, found,
                                                                      strict=True)})
        return {
            "evalkit": {"version": __version__, "schema": SCHEMA_VERSION},
            "signature": self.signature(),
            "settings": {"metric": self.metric, "whitespace": "separator",
                         "normalisation": self.normalisation, "digits": self.digits},
            "lexicon": lexicon_document(self.lexicon),
            "corpora": [_corpus_document(c, shared[c.name]) for c in self.corpora],
            "requested": self.requested,
            "specs": self.specs,
            "segmenters": [{"name": s.name, "package": s.package, "version": s.version,
                            "options": s.options,
                            **({"files": s.files} if s.files else {}),
                            "timing": {"load_seconds": s.load_seconds,
                                       "peak_rss_mb": s.peak_rss_mb, "cached": s.cached,
                                       **({"workers": s.workers} if s.workers != 1 else {})}}
                           for s in self.systems],
            "results": [_row_document(row, gold_cuts.get(row.corpus, []),
                                      blocks[row.corpus, row.segmenter],
                                      self.has_vocabulary(row.corpus)) for row in self.rows],
            "macro_average": [{"segmenter": m.segmenter, "corpora": m.corpora,
                               "word": vars(m.words), "boundary": vars(m.boundaries),
                               "left_out": list(m.left_out)}
                              for m in self.macro_averages()],
            "failures": [vars(f) for f in self.failures],
            "warnings": self.warnings(),
            "statistics": None if self.statistics is None else self.statistics.to_document(),
            "machine": {} if self.machine is None else self.machine.to_document(),
        }


FILE_PACKAGE = "file"
"""The package of a prediction file (``file:`` specs, ``evalkit score``): its version is
its digest, which is all the signature says of it (a path is the machine's, not the
file's)."""


def signature(metric: str, normalisation: str, lexicon: LexiconRecord | None,
              systems: list[SystemInfo], stats: StatsSettings | None = None, *,
              raw: str | None = None) -> str:
    """The signature from explicit fields: every setting a figure depends on.

    ``raw``: the raw-text digest (raw_digest) when segmenters were given a corpus's
    raw text; None leaves the field out, so runs without raw text keep their signature.
    """
    names = ",".join(f"{_name(s)}={s.version}[{_options(s)}]" for s in systems)
    digest = "none" if lexicon is None else lexicon.sha256[:16]
    whitespace = "script" if metric == "sighan" else "separator"
    fields = {"evalkit": __version__, "metric": metric, "whitespace": whitespace,
              "norm": normalisation, "lexicon": digest}
    if raw is not None:
        fields["raw"] = raw
    if stats is not None:
        fields |= {"resample": stats.resampling_unit, "resamples": str(stats.resamples),
                   "seed": str(stats.seed)}
        if stats.level is not None:
            fields["ci"] = f"{stats.level * 100:g}%"
        if stats.paired:
            fields |= {"test": stats.test, "correction": stats.correction,
                       "alpha": f"{stats.alpha:g}", "baseline": _baseline(stats, systems)}
    return join_signature({**fields, "systems": names})


def join_signature(fields: dict[str, str]) -> str:
    """``key:value`` fields joined by ``|`` in order (signature_fields reads them back).

    Only ``baseline`` and ``systems`` (last, in that order) may hold ``|``: they are
    system names, which may hold any character."""
    return "|".join(f"{key}:{value}" for key, value in fields.items())


def signature_fields(signature: str) -> dict[str, str]:
    """A signature's fields back, by key (join_signature's inverse): a value runs to
    the next ``|``, but ``baseline``'s to the ``|systems:`` after it and ``systems``'s to
    the end, as system names may hold any character (a baseline named with
    ``|systems:`` inside is read as ending there). Never raises: an edited signature
    gives what fields it still has."""
    fields: dict[str, str] = {}
    parts = signature.split("|")
    index = 0
    while index < len(parts):
        key, _, value = parts[index].partition(":")
        index += 1
        if key in ("baseline", "systems"):  # system names: a "|" in them is theirs
            end = len(parts) if key == "systems" else next(
                (j for j in range(index, len(parts)) if parts[j].startswith("systems:")),
                len(parts))
            value, index = "|".join([value, *parts[index:end]]), end
        fields[key] = value
    return fields


def _name(system: SystemInfo) -> str:
    """A system's row name as the signature shows it: a spec without an alias is its
    own name (``jieba:user_dict=PATH``), so a file it names is its digest there too."""
    name = system.name
    for key, sha256 in system.files.items():
        name = name.replace(f"{key}={system.options.get(key)}", f"{key}={sha256[:16]}")
    return name


def _baseline(stats: StatsSettings, systems: list[SystemInfo]) -> str:
    """The baseline as the signature shows it: named as in ``systems:`` (_name)."""
    return next((_name(s) for s in systems if s.name == stats.baseline), stats.baseline)


def _options(system: SystemInfo) -> str:
    """A system's options as the signature shows them: none for a prediction file; a
    file-valued option as the first 16 hex digits of the file's SHA-256 (a path is the
    machine's, and a file edited in place keeps it)."""
    if system.package == FILE_PACKAGE:
        return ""
    return ";".join(f"{k}={system.files[k][:16] if k in system.files else v}"
                    for k, v in system.options.items())


def raw_digest(given: Sequence[tuple[str, str]]) -> str | None:
    """The signature's ``raw:`` value from the (corpus name, raw text SHA-256) of each
    corpus segmented from a raw text of its own: None when there is none; the first 16
    hex digits of the raw text's SHA-256 for one; for several, ``per-corpus-`` and 16
    hex digits of a SHA-256 over each one's name and digest (docs/scoring.md §Signature)."""
    import hashlib

    if not given:
        return None
    if len(given) == 1:
        return given[0][1][:16]
    joined = "".join(f"{name}\n{digest}\n" for name, digest in given)
    return f"per-corpus-{hashlib.sha256(joined.encode()).hexdigest()[:16]}"


def run_lexicon(lexicons: dict[str, LexiconRecord | None]) -> LexiconRecord | None:
    """The run's lexicon record from each corpus's: the shared one when every corpus
    has the same (or none), else a per-corpus record whose digest covers them all."""
    import hashlib

    distinct = {None if v is None else v.sha256 for v in lexicons.values()}
    if len(distinct) <= 1:
        return next(iter(lexicons.values()), None)
    listed = [(name, v) for name, v in lexicons.items() if v is not None]
    joined = ";".join(f"{name}={v.sha256}" for name, v in listed)
    return LexiconRecord(", ".join(f"{name}: {v.path}" for name, v in listed), PER_CORPUS,
                         hashlib.sha256(joined.encode()).hexdigest(),
                         sum(v.words for _, v in listed))


def _mean(scores: list[PRF]) -> PRF:
    n = len(scores)
    return PRF(sum(s.precision for s in scores) / n, sum(s.recall for s in scores) / n,
               sum(s.f1 for s in scores) / n)


def _cuts(words: list[str]) -> list[int]:
    """A unit's internal boundaries (skeleton offsets) from its words."""
    return list(accumulate(len(w) for w in words))[:-1]


def _corpus_document(corpus: CorpusInfo, counts: dict[str, Any]) -> dict[str, Any]:
    """The corpus with its gold text once, its words as packed lengths and the
    count columns all its rows share."""
    from evalkit.packing import pack_ragged, pack_texts

    fields = {k: v for k, v in vars(corpus).items()
              if k != "gold" and (v or k not in ("dataset", "raw", "lexicon"))}
    if corpus.lexicon is not None:
        fields["lexicon"] = corpus.lexicon.to_document()
    return {**fields, "text": pack_texts(["".join(words) for words in corpus.gold]),
            "word_lengths": pack_ragged([[len(w) for w in words] for words in corpus.gold]),
            "counts": counts}


def _gaps(values: list[int]) -> list[int]:
    """Increasing offsets as differences (small numbers pack into one byte)."""
    return [b - a for a, b in pairwise([0, *values])]


def _row_document(row: RowResult, gold_cuts: list[list[int]], blocks: dict[str, Any],
                  with_vocabulary: bool) -> dict[str, Any]:
    from evalkit.packing import pack, pack_ragged

    counts = row.counts
    vocabulary = {"vocabulary": vars(counts.vocabulary())} if with_vocabulary else {}
    differ = [unit for unit, cuts in enumerate(row.cuts)
              if unit >= len(gold_cuts) or cuts != gold_cuts[unit]]
    return {
        "corpus": row.corpus, "segmenter": row.segmenter,
        "counts": counts.as_dict(),
        "word": vars(counts.words), "boundary": vars(counts.boundaries), **vocabulary,
        "timing": {"segment_seconds": row.segment_seconds,
                   "chars_per_second": row.chars_per_second,
                   "units_per_second": row.units_per_second, "cached": row.cached},
        **blocks,
        "cuts": {"units": len(row.cuts), "differing_gaps": pack(_gaps(differ)),
                 "boundary_gaps": pack_ragged([_gaps(row.cuts[unit]) for unit in differ])},
    }


def _matrix(block: dict[str, Any], columns: tuple[str, ...]) -> npt.NDArray[np.int64]:
    """A schema 1 count matrix, its columns put in today's order by name."""
    import numpy as np

    named = list(block["columns"])
    if sorted(named) != sorted(columns):
        missing = [c for c in columns if c not in named]
        extra = [c for c in named if c not in columns]
        raise ValueError(f"count columns differ from this evalkit's (missing: "
                         f"{', '.join(missing) or 'none'}; unknown: {', '.join(extra) or 'none'})"
                         "; re-run the comparison to get them")
    rows = np.array(block["rows"], dtype=np.int64).reshape(-1, len(named))
    return rows[:, [named.index(name) for name in columns]]


def _corpus(document: dict[str, Any], schema: int, where: str) -> CorpusInfo:
    """A corpus block back; ``where`` names it in a PackingError (packing.within)."""
    from evalkit.packing import PackingError, unpack_ragged, unpack_texts, within

    fields = {k: document[k] for k in ("name", "path", "format", "sha256", "units",
                                       "words", "chars")}
    fields["dataset"] = document.get("dataset")
    fields["raw"] = document.get("raw")
    fields["lexicon"] = lexicon_record(document.get("lexicon"))
    fields["encoding"] = document.get("encoding", "utf-8")  # older documents: UTF-8
    if schema == 1:
        return CorpusInfo(**fields, gold=document["gold"])
    if not isinstance(document.get("counts"), dict):
        raise ValueError(f"corpus {fields['name']}: no shared count columns")
    with within(where):
        with within("text"):
            texts = unpack_texts(document["text"])
        with within("word_lengths"):
            lengths = unpack_ragged(document["word_lengths"])
        if len(texts) != len(lengths):
            raise PackingError(f"{len(texts)} texts but {len(lengths)} word-length lists")
        gold = []
        for text, sizes in zip(texts, lengths, strict=True):
            if sum(sizes) != len(text):
                raise PackingError("word lengths do not cover the text")
            edges = [0, *accumulate(sizes)]
            gold.append([text[a:b] for a, b in pairwise(edges)])
    return CorpusInfo(**fields, gold=gold)


def _row_cuts(document: dict[str, Any], schema: int,
              gold: Sequence[list[str]]) -> list[list[int]]:
    """Every unit's predicted boundaries: the stored ones, the gold's elsewhere."""
    from evalkit.packing import PackingError, unpack, unpack_ragged, within

    if schema == 1:
        plain: list[list[int]] = document["cuts"]
        return plain
    block = document["cuts"]
    with within("cuts.differing_gaps"):
        differing = list(accumulate(unpack(block["differing_gaps"]).tolist()))
    with within("cuts.boundary_gaps"):
        stored = [list(accumulate(gaps)) for gaps in unpack_ragged(block["boundary_gaps"])]
    if len(stored) != len(differing):
        raise PackingError(f"cuts: {len(differing)} differing units but {len(stored)} "
                           "boundary lists")
    found = [_cuts(words) for words in gold]
    found += [[] for _ in range(block["units"] - len(found))]
    for unit, mine in zip(differing, stored, strict=True):
        if not 0 <= unit < len(found):
            raise PackingError(f"cuts: unit {unit} is outside the corpus")
        found[unit] = mine
    return found[:block["units"]]


def schema_of(document: dict[str, Any]) -> int:
    """The document's results schema, refused with a clear message when not readable."""
    header = document.get("evalkit")
    schema = header.get("schema") if isinstance(header, dict) else None
    if schema not in READABLE_SCHEMAS:
        raise ValueError(f"results schema {schema!r} is not one this evalkit {__version__} "
                         f"reads ({', '.join(map(str, READABLE_SCHEMAS))}); render it with "
                         "the evalkit that wrote it, or re-run the comparison")
    return int(schema)


def from_document(document: dict[str, Any]) -> Results:
    """Rebuild Results from its JSON document (reports re-render without re-running).

    Schema 1 documents (plain lists) are read too; anything else is refused, and so
    is a document edited by hand (documents.check_consistent)."""
    from evalkit.compact import unpack_row
    from evalkit.documents import check_consistent
    from evalkit.packing import within

    schema = schema_of(document)
    corpora = [_corpus(c, schema, f"corpus {c['name']} (corpora[{index}])")
               for index, c in enumerate(document["corpora"])]
    sizes = {c.name: c for c in corpora}
    blocks = {c["name"]: c.get("counts") for c in document["corpora"]}
    systems = [SystemInfo(s["name"], s["package"], s["version"], dict(s["options"]),
                          s["timing"]["load_seconds"], s["timing"]["peak_rss_mb"],
                          s["timing"]["cached"], s["timing"].get("workers", 1),
                          dict(s.get("files", {})))
               for s in document["segmenters"]]
    rows = []
    for index, r in enumerate(document["results"]):
        with within(f"row {r['corpus']} × {r['segmenter']} (results[{index}])"):
            if schema == 1:
                per_sentence = _matrix(r["per_sentence"], SENTENCE_COLUMNS)
                per_unit = _matrix(r["per_unit"], COUNT_COLUMNS)
            else:
                per_sentence = unpack_row("per_sentence", r["per_sentence"],
                                          blocks[r["corpus"]])
                per_unit = unpack_row("per_unit", r["per_unit"], blocks[r["corpus"]],
                                      per_sentence)
            cuts = _row_cuts(r, schema, sizes[r["corpus"]].gold)
        rows.append(RowResult(r["corpus"], r["segmenter"], per_unit, per_sentence,
                              r["timing"]["segment_seconds"], *sizes[r["corpus"]].given,
                              cuts, bool(r["timing"].get("cached", False))))
    failures = [Failure(**f) for f in document["failures"]]
    statistics = document["statistics"]
    if statistics is not None:
        from evalkit.stats_records import Statistics
    results = Results(corpora, systems, rows, failures, document["settings"]["metric"],
                      lexicon_record(document["lexicon"]),
                      document["settings"]["normalisation"], document["requested"],
                      MachineRecord.from_document(document["machine"]) if document["machine"]
                      else None,
                      None if statistics is None else Statistics.from_document(statistics),
                      document["specs"], _digits(document["settings"]))
    check_consistent(document, results)
    return results


def _digits(settings: dict[str, Any]) -> int:
    """The decimals a document records (absent in older documents: the default)."""
    from evalkit.errors import UsageError
    from evalkit.usage import check_digits

    digits = settings.get("digits", DIGITS)
    if type(digits) is not int:
        raise ValueError(f"settings.digits {digits!r} is not a whole number of decimals")
    try:
        return check_digits(digits)
    except UsageError as error:
        raise ValueError(f"settings.digits {error}") from None


def dumps(document: dict[str, Any]) -> str:
    """Indented JSON with every list of lists and every packed field on one line,
    so the document stays readable and small."""
    import re

    inlined: list[str] = []

    def inline(value: Any) -> str:
        inlined.append(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        return f"\x00{len(inlined) - 1}\x00"

    def compact(value: Any) -> Any:
        if isinstance(value, dict):
            if "lzma" in value:
                return inline(value)
            return {key: compact(item) for key, item in value.items()}
        if isinstance(value, list):
            if value and all(isinstance(item, list) for item in value):
                return inline(value)
            return [compact(item) for item in value]
        return value

    text = json.dumps(compact(document), ensure_ascii=False, indent=2)
    return re.sub(r'"\\u0000(\d+)\\u0000"', lambda m: inlined[int(m.group(1))], text) + "\n"
