"""evalkit as a library: score, compare and segment, each from one request.

Every command of the command line builds one of the frozen requests below
and makes one call here (``run_compare``, ``run_score``, ``run_segment``);
the public functions ``evalkit.compare`` and ``evalkit.score`` build the same
requests from keyword arguments and make the same calls, so a notebook gets
exactly the figures the command line prints. Nothing heavy is imported until
a function runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalkit.errors import InputError, UsageError

if TYPE_CHECKING:
    from evalkit.bakeoff import BakeoffResults
    from evalkit.corpus import Corpus
    from evalkit.datasets import FetchOptions
    from evalkit.pipeline import RunOptions
    from evalkit.report.details import Details
    from evalkit.results import Results
    from evalkit.segmenters.spec import Spec
    from evalkit.settings import Settings
    from evalkit.sighan import SighanScore
    from evalkit.sources import GoldSource, Loaded
    from evalkit.stats_options import StatsOptions

Note = Callable[[str], None]
PathLike = str | Path


def _silent(message: str) -> None:
    del message


@dataclass(frozen=True)
class CompareRequest:
    """Run segmenters on gold corpora (``evalkit compare``).

    ``gold``: files or registered corpus and suite names (empty: the seeds);
    ``segmenters``: specs (empty: every installed one); ``raw`` and ``lexicon``
    pair with ``gold`` as sources.paired says; ``sighan`` scores the bakeoff
    script's way instead. ``note`` hears what is skipped or fetched, and
    ``progress`` draws a download bar.
    """

    gold: tuple[str, ...] = ()
    segmenters: tuple[str, ...] = ()
    raw: tuple[str, ...] = ()
    lexicon: tuple[str, ...] = ()
    train: str | None = None
    normalize: str = "none"
    format: str | None = None
    encoding: str | None = None
    raw_encoding: str | None = None
    statistics: StatsOptions | None = None
    """None: no intervals or tests."""
    sighan: bool = False
    files_asked: tuple[str, ...] = ()
    """Options that ask for files (--report, --save-baseline), refused with ``sighan``."""
    run: RunOptions | None = None
    note: Note = _silent
    progress: bool = False
    warn: Note = _silent
    """Hears why figures may mislead (coverage.check_vocabulary), before anything runs."""


@dataclass(frozen=True)
class ScoreRequest:
    """Score a prediction file against a gold file or registered corpus (``evalkit score``)."""

    gold: str
    pred: str
    raw: str | None = None
    lexicon: str | None = None
    train: str | None = None
    lexicon_encoding: str | None = None
    normalize: str = "none"
    format: str | None = None
    encoding: str | None = None
    pred_encoding: str | None = None
    raw_encoding: str | None = None
    statistics: StatsOptions | None = None
    sighan: bool = False
    details: bool = False
    note: Note = _silent
    progress: bool = False
    warn: Note = _silent


@dataclass(frozen=True)
class Scored:
    """A prediction's results, with the --details view when it was asked for."""

    results: Results
    details: Details | None = None

    def document(self) -> dict[str, Any]:
        """The results document, with the most frequent missed and spurious words of
        --details when asked (packing it is not cheap, so it is made on demand)."""
        from evalkit.gcpause import paused_gc

        with paused_gc():
            document = self.results.to_document()
        if self.details is not None:
            document["details"] = {"missed": self.details.missed,
                                   "spurious": self.details.spurious}
        return document


@dataclass(frozen=True)
class SegmentRequest:
    """Segment a raw text or a gold file's text (``evalkit segment``); ``output`` is a
    file, or a pattern holding ``{segmenter}`` when several segmenters are given."""

    input: str
    segmenters: tuple[str, ...]
    format: str | None = None
    encoding: str | None = None
    output: str | None = None
    run: RunOptions | None = None
    format_out: str = "whitespace"
    """The output format: an input unit it cannot hold is refused before anything runs."""


@dataclass(frozen=True)
class Segmented:
    """One segmenter's output and where it goes (None: stdout), or why it failed."""

    segmenter: str
    output: str | None
    units: list[list[str]] | None = None
    failure: str | None = None


def _fetch_options(note: Note, progress: bool) -> FetchOptions:
    from evalkit.datasets import FetchOptions

    return FetchOptions.from_environment(progress, note)


def _import_in_background(*modules: str) -> None:
    """Import what scoring and rendering need while the workers load their models
    (numpy and tabulate take ~60 ms), off the critical path.

    Not a daemon thread: however the command ends (a usage error, a signal), the
    interpreter waits for the import to finish before it tears itself down. A
    daemon thread still importing numpy then could wait on the import lock that
    finalization frees, and evalkit died of a segfault (exit 139) after its error.
    """
    import importlib
    import threading

    def load() -> None:
        for module in modules:
            importlib.import_module(module)

    threading.Thread(target=load, name="evalkit-imports", daemon=False).start()


def _with_statistics(results: Results, options: StatsOptions | None) -> Results:
    """Results with the statistics block, when any was asked for (evalkit.stats is
    imported only then: ~10 ms that a plain score does not need)."""
    if options is None or not options.wanted:
        return results
    from dataclasses import replace

    from evalkit.stats import analyse

    return replace(results, statistics=analyse(results, options))


def _asked(statistics: StatsOptions | None) -> tuple[bool, bool]:
    """Whether paired tests and whether intervals are asked for."""
    if statistics is None:
        return False, False
    return statistics.paired, statistics.level is not None


def _compare_inputs(request: CompareRequest) -> tuple[list[Spec], list[Loaded], Settings]:
    """The checked request's segmenters, corpora and settings (before anything runs)."""
    from evalkit.lexicon import read_vocabulary
    from evalkit.segmenters.choice import choose_segmenters
    from evalkit.settings import Settings
    from evalkit.sources import read_sources
    from evalkit.usage import check_gold_format, check_statistics

    check_gold_format(request.format)
    specs = choose_segmenters(request.segmenters, request.note)
    paired, intervals = _asked(request.statistics)
    check_statistics((), paired, intervals, len(specs))
    if request.statistics is not None:
        request.statistics.check_baseline([spec.label for spec in specs])
        request.statistics.check_family(len(specs))
    if request.sighan:
        refused = [flag for flag, given in (("--ci", intervals), ("--paired", paired))
                   if given]
        if refused or request.files_asked:
            raise UsageError(f"{', '.join([*refused, *request.files_asked])} work(s) on "
                             "exact span scoring; drop --sighan to use them")
    fetch = _fetch_options(request.note, request.progress) if request.gold else None
    sources = read_sources(request.gold, request.raw, request.lexicon, train=request.train,
                           fmt=request.format, encoding=request.encoding, fetch=fetch,
                           note=request.note, raw_encoding=request.raw_encoding)
    settings = Settings(read_vocabulary(None, request.train, request.encoding),
                        request.normalize)
    _check_vocabularies(sources, settings, request.warn)
    return specs, sources, settings


def _check_vocabularies(sources: list[Loaded], settings: Settings, warn: Note) -> None:
    """Each corpus against the vocabulary it is scored with (coverage.check_vocabulary)."""
    from evalkit.coverage import check_vocabulary
    from evalkit.pipeline import corpus_settings
    from evalkit.scoring import gold_view

    for source in sources:
        each = corpus_settings(source, settings)
        check_vocabulary(source.gold.name, source.gold.sha256,
                         gold_view(source.gold, each), each, warn)


def _compare_exact(request: CompareRequest, specs: list[Spec], sources: list[Loaded],
                   settings: Settings, prepare: Callable[[], None]) -> Results:
    from evalkit.pipeline import compare as run_pipeline

    prepare()
    _import_in_background("numpy", "tabulate")
    return _with_statistics(run_pipeline(sources, specs, settings, request.run, request.note),
                            request.statistics)


def run_compare(request: CompareRequest,
                prepare: Callable[[], None] = lambda: None) -> Results | BakeoffResults:
    """Every segmenter on every corpus, scored exactly (Results, with the statistics
    asked for) or, with ``sighan``, the bakeoff script's way (BakeoffResults).
    ``prepare`` runs once the inputs are read and before any segmenter starts (the
    command line checks its output folders there)."""
    if request.sighan:
        from dataclasses import replace

        from evalkit.bakeoff import compare_sighan

        found: list[str] = []  # kept with the script's warnings, which the results carry
        specs, sources, settings = _compare_inputs(replace(request, warn=found.append))
        _import_in_background("numpy", "tabulate")
        bakeoff = compare_sighan(sources, specs, settings, request.run, request.note)
        bakeoff.warnings.extend(found)
        return bakeoff
    specs, sources, settings = _compare_inputs(request)
    return _compare_exact(request, specs, sources, settings, prepare)


def _gold_encoding(source: GoldSource, given: str | None) -> str | None:
    """The encoding the gold is read in: a registered corpus's own, else ``given``.
    A prediction that is not UTF-8 is tried in it."""
    return source.encoding if source.dataset is not None else given


def _score_inputs(request: ScoreRequest) -> tuple[GoldSource, Settings]:
    """The gold source and the settings: --lexicon or --train, else the corpus's own list."""
    from evalkit.lexicon import read_vocabulary, read_word_list
    from evalkit.settings import Settings
    from evalkit.sources import one_gold, replaced_note
    from evalkit.usage import check_gold_format, check_statistics

    check_gold_format(request.format)
    check_statistics((), *_asked(request.statistics), 1)
    lexicon = read_vocabulary(request.lexicon, request.train, request.lexicon_encoding,
                              option="--lexicon-encoding", fallback=request.encoding)
    source = one_gold(request.gold, _fetch_options(request.note, request.progress))
    if lexicon is None and source.lexicon is not None:  # the corpus's own list
        lexicon = read_word_list(source.lexicon, source.encoding)
    elif lexicon is not None and source.lexicon is not None:
        request.note(replaced_note(source, source.lexicon, *(
            ("--lexicon", request.lexicon) if request.lexicon else ("--train", lexicon.path))))
    return source, Settings(lexicon, request.normalize)


def _score_sighan(request: ScoreRequest, source: GoldSource, settings: Settings) -> SighanScore:
    from evalkit.coverage import coverage_warning, refuse_the_gold_itself
    from evalkit.flat import flatten
    from evalkit.predictions import as_prediction, check_unit_counts
    from evalkit.sighan import read_lines, score_sighan, without_extra_blank_lines

    if request.details or _asked(request.statistics)[1]:
        raise UsageError("--details and --ci work on exact span scoring; drop --sighan to "
                         "use them")
    if request.raw is not None:
        raise UsageError("--raw has no use with --sighan: the bakeoff script pairs prediction "
                         "line n with gold line n whatever text they hold")
    registered = source.dataset is not None
    gold = read_lines(str(source.gold), source.format if registered else request.format,
                      source.encoding if registered else request.encoding)
    predicted = as_prediction(lambda: read_lines(
        request.pred, request.format, request.pred_encoding, option="--pred-encoding",
        fallback=_gold_encoding(source, request.encoding)))
    gold, predicted = without_extra_blank_lines(gold, predicted)
    check_unit_counts(str(source.gold), gold.units, request.pred, predicted.units,
                      gold_lines=gold.unit_lines, predicted_lines=predicted.unit_lines)
    name = source.dataset or gold.path
    refuse_the_gold_itself(name, gold.sha256, lambda: flatten(gold.units).words, settings)
    score = score_sighan(gold, predicted, settings)
    if settings.lexicon is not None:  # the coverage of the words the script counts
        counts = score.totals()
        message = coverage_warning(name, settings.lexicon.path, counts["gold_words"],
                                   counts["gold_oov_words"])
        if message is not None:
            request.warn(message)
    return score


def _score_exact(request: ScoreRequest, source: GoldSource, settings: Settings) -> Scored:
    from evalkit.corpus import read_corpus
    from evalkit.coverage import check_vocabulary
    from evalkit.datasets import read_source
    from evalkit.predictions import read_prediction, score_files
    from evalkit.scoring import gold_view

    gold = read_source(source, request.format, request.encoding)
    check_vocabulary(gold.name, gold.sha256, gold_view(gold, settings), settings,
                     request.warn)
    predicted = read_prediction(request.pred, request.format, request.pred_encoding,
                                _gold_encoding(source, request.encoding))
    raw = None
    if request.raw is not None:
        if request.details:
            raise UsageError("--details shows gold and prediction line by line; it does not "
                             "work with --raw")
        raw = read_corpus(request.raw, "raw", request.raw_encoding, name=gold.name,
                          option="--raw-encoding",  # as the prediction
                          fallback=_gold_encoding(source, request.encoding))
    if raw is None and source.dataset is not None and source.raw is not None:
        from evalkit.predictions import score_registered

        scored = score_registered(gold, predicted, settings, source.raw,
                                  encoding=source.encoding, note=request.note)
        if request.details and scored.corpora[0].raw is not None:
            raise UsageError(f"--details shows gold and prediction line by line; it does "
                             f"not work with a prediction of {gold.name}'s raw text")
    else:
        scored = score_files(gold, predicted, settings, raw)
    results = _with_statistics(scored, request.statistics)
    if not request.details:
        return Scored(results)
    from evalkit.report.details import details

    return Scored(results, details([settings.normalise(u.tokens) for u in gold.units],
                                   [settings.normalise(u.tokens) for u in predicted.units],
                                   [u.line for u in gold.units],
                                   results.rows[0].per_unit.tolist()))


def run_score(request: ScoreRequest) -> Scored | SighanScore:
    """The prediction scored exactly (Scored) or, with ``sighan``, as the bakeoff
    script scores it (SighanScore)."""
    source, settings = _score_inputs(request)
    if request.sighan:
        return _score_sighan(request, source, settings)
    return _score_exact(request, source, settings)


def _segment_outputs(labels: Sequence[str], output: str | None) -> list[str | None]:
    """Where each segmenter's output goes: one segmenter writes to ``output`` (None:
    stdout; a {segmenter} in it is filled in too); several need a pattern with
    {segmenter}, never one output for all."""
    if len(labels) == 1:
        return [output if output is None else output.replace("{segmenter}", labels[0])]
    if output is None or "{segmenter}" not in output:
        raise UsageError(f"{len(labels)} segmenters given ({', '.join(labels)}) but one "
                         "output: give one -s, or -o with a pattern holding {segmenter}, "
                         "e.g. -o 'out/{segmenter}.txt', for one file each")
    for label in labels:
        if "/" in label:
            raise UsageError(f"segmenter {label!r} cannot name a file; give it an alias, "
                             "e.g. -s mine=...")
    return [output.replace("{segmenter}", label) for label in labels]


def run_segment(request: SegmentRequest) -> list[Segmented]:
    """Each segmenter's tokens for the input's text (one failing does not stop the
    others), with the file each goes to (its folder created, as --save-baseline's is)."""
    from evalkit.corpus import corpus_from_text, read_text, refuse_unwritable, segment_input_format
    from evalkit.fileio import ensure_writable_dir
    from evalkit.pipeline import RunOptions, segment_all
    from evalkit.segmenters.choice import choose_segmenters

    specs = choose_segmenters(request.segmenters)
    outputs = _segment_outputs([spec.label for spec in specs], request.output)
    for output in outputs:  # folders made and checked before any segmenter runs
        if output is not None:
            ensure_writable_dir(Path(output).parent, "-o/--output")
    content = read_text(request.input, request.encoding)
    fmt = request.format or segment_input_format(request.input, content[0])
    corpus = corpus_from_text(content, request.input, fmt)
    try:
        refuse_unwritable(corpus, request.format_out)
    except InputError as error:  # the input is fine; the output format chosen cannot hold it
        raise UsageError(str(error)) from None
    produced = segment_all(corpus, specs, request.run or RunOptions())
    return [Segmented(spec.label, output, None, units) if isinstance(units, str)
            else Segmented(spec.label, output, units)
            for spec, output, units in zip(specs, outputs, produced, strict=True)]


def _names(value: PathLike | Sequence[PathLike] | None) -> tuple[str, ...]:
    """One path or name, several, or none, as a tuple of strings."""
    if value is None:
        return ()
    if isinstance(value, str | Path):
        return (str(value),)
    return tuple(str(item) for item in value)


def compare(gold: PathLike | Sequence[PathLike] | None = None,
            segmenters: str | Sequence[str] | None = None, *,
            raw: PathLike | Sequence[PathLike] | None = None,
            lexicon: PathLike | Sequence[PathLike] | None = None,
            train: PathLike | None = None, normalize: str = "none",
            format: str | None = None, encoding: str | None = None,
            statistics: StatsOptions | None = None, run: RunOptions | None = None,
            note: Note | None = None) -> Results:
    """Run segmenters on gold corpora and score them, as ``evalkit compare`` does.

    ``gold``: gold files or registered corpus and suite names (``"sighan2005/pku"``,
    fetched and verified on first use); None: the seeds. ``segmenters``: specs as
    for ``-s`` (``"jieba"``, ``"mine=cmd:./seg"``); None: every installed one.
    ``raw`` and ``lexicon`` are one value for every corpus or one per ``gold``;
    ``statistics`` (evalkit.stats.StatsOptions) asks for intervals and paired
    tests; ``run`` (evalkit.pipeline.RunOptions) sets workers, limits and the
    cache (default: no cache). Each segmenter runs in its own process; one that
    fails is listed in ``Results.failures`` and the others go on.
    """
    request = CompareRequest(
        gold=_names(gold), segmenters=_names(segmenters), raw=_names(raw),
        lexicon=_names(lexicon), train=None if train is None else str(train),
        normalize=normalize, format=format, encoding=encoding,
        statistics=statistics, run=run, note=note or _silent)
    specs, sources, settings = _compare_inputs(request)
    return _compare_exact(request, specs, sources, settings, lambda: None)


def score(gold: PathLike, pred: PathLike, *, raw: PathLike | None = None,
          lexicon: PathLike | None = None, train: PathLike | None = None,
          normalize: str = "none", format: str | None = None, encoding: str | None = None,
          pred_encoding: str | None = None, lexicon_encoding: str | None = None,
          statistics: StatsOptions | None = None) -> Results:
    """Score a prediction file against its gold exactly, as ``evalkit score`` does.

    ``gold``: a gold file or a registered corpus name; ``pred``: a segmentation of
    the same text, unit by unit (or of ``raw``, a raw text file, line by line).
    ``lexicon`` (a word list) or ``train`` (a segmented corpus) adds the OOV and
    IV columns; ``normalize`` is ``none``, ``width`` or ``nfkc``; ``format`` is
    one of evalkit.formats.INPUT_FORMATS (None: detected); ``encoding`` is the
    gold's, ``pred_encoding`` and ``lexicon_encoding`` the other files' (None:
    UTF-8 when they decode as UTF-8, else ``encoding``). ``statistics``
    (evalkit.stats.StatsOptions) asks for confidence intervals. A prediction that
    does not pair up with the gold raises evalkit.errors.PredictionError.
    """
    request = ScoreRequest(
        gold=str(gold), pred=str(pred), raw=None if raw is None else str(raw),
        lexicon=None if lexicon is None else str(lexicon),
        train=None if train is None else str(train), lexicon_encoding=lexicon_encoding,
        normalize=normalize, format=format, encoding=encoding, pred_encoding=pred_encoding,
        statistics=statistics)
    return _score_exact(request, *_score_inputs(request)).results


def read_corpus(path: PathLike, format: str | None = None, encoding: str | None = None,
                name: str | None = None) -> Corpus:
    """Read a gold or prediction file: ``format`` is one of evalkit.formats.INPUT_FORMATS
    (None: detected from the extension and content), ``encoding`` None means UTF-8
    (with or without BOM). Anything that makes the file unusable is an
    evalkit.errors.InputError naming the file, line and column."""
    from evalkit.corpus import read_corpus as read

    return read(path, format, encoding, name)
