"""The regression gate: today's results against a recorded baseline.

A baseline is a results document (per-unit and per-sentence counts included)
with a small header. ``evalkit check`` re-runs the baseline's segmenters on
the baseline's corpora with the baseline's settings, and gives every
corpus × segmenter a verdict. A drop is a regression only when it crosses
every threshold asked for: more than ``max_drop`` F1 points and, with
``significance``, a paired bootstrap p-value (on the stored per-sentence
counts) below it; a drop that passes is named by the threshold it stays
within. Every baseline row is checked or reported ``missing`` (a failure),
unless the user leaves its segmenter out by name (``only``), and those are
listed. The run refuses a baseline whose corpora or settings differ from
what the check would use, saying which.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalkit import __version__
from evalkit.errors import BaselineMismatchError, InputError
from evalkit.results import CorpusInfo, Results, RowResult, dumps, from_document
from evalkit.stored_paths import StoredPaths

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from evalkit.metrics import Counts

SCHEMA = 2
"""2: each corpus records the encoding its gold was read with (schema 1 had none,
and is read as UTF-8)."""
READABLE_SCHEMAS = (1, 2)
SEED = 12345
RESAMPLES = 1000

VERDICTS = ("better", "unchanged", "within tolerance", "not significant", "worse", "new",
            "missing", "failed", "not run")
FAILING = ("worse", "missing", "failed", "not run")
"""``not run``: --fail-fast stopped the check before the segmenter ran; the row was
not checked, so, like ``missing``, it fails the gate, though the segmenter did not fail."""


def baseline_document(results: Results) -> dict[str, Any]:
    """What ``--save-baseline`` writes: the results document with a versioned header.

    The header is where later fields go (a new key, a new schema number and a
    line in READABLE_SCHEMAS), so older baselines stay readable.
    """
    return {"evalkit_baseline": {"schema": SCHEMA, "evalkit": __version__},
            **results.to_document()}


def write_baseline(results: Results, path: Path, option: str = "--save-baseline") -> None:
    """Write the baseline atomically, creating its folder as --out does."""
    from evalkit.fileio import ensure_writable_dir, write_atomic

    ensure_writable_dir(path.parent, option)
    write_atomic(path, dumps(baseline_document(results)), option)


def read_baseline(path: Path) -> Results:
    """Load a baseline; anything that is not one is an InputError naming the file."""
    from evalkit.documents import read_json

    document = read_json(path, "no such baseline; record one with 'evalkit compare "
                         "--save-baseline FILE'", "not a readable baseline")
    header = document.get("evalkit_baseline") if isinstance(document, dict) else None
    if not isinstance(header, dict):
        raise InputError(str(path), "not an evalkit baseline (no 'evalkit_baseline' header); "
                         "record one with 'evalkit compare --save-baseline FILE'")
    if header.get("schema") not in READABLE_SCHEMAS:
        raise InputError(str(path), f"baseline schema {header.get('schema')} is not one "
                         f"this evalkit reads ({', '.join(map(str, READABLE_SCHEMAS))}); "
                         "re-record it with this evalkit")
    from evalkit.packing import PackingError

    try:
        return from_document(document)
    except PackingError as error:  # names the row (or corpus) and the field
        raise InputError(str(path), f"{error}; the baseline is damaged: re-record it with "
                         "'evalkit compare --save-baseline FILE'") from None
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(str(path), f"baseline is incomplete ({error}); re-record it") \
            from None


def require_same(setting: str, recorded: object, current: object) -> None:
    """Refuse a baseline recorded with another value of ``setting``."""
    if recorded != current:
        raise BaselineMismatchError(
            f"baseline mismatch: {setting} differs (baseline: {recorded}, now: {current}); "
            "check with the baseline's settings, or re-record it with "
            "'evalkit compare --save-baseline'")


@dataclass(frozen=True)
class Verdict:
    """One corpus × segmenter: the two F1 values, the change and what it means."""

    corpus: str
    segmenter: str
    baseline_f1: float | None
    current_f1: float | None
    delta_points: float | None
    p: float | None
    verdict: str
    message: str

    @property
    def failed(self) -> bool:
        return self.verdict in FAILING


def _p_value(baseline: npt.NDArray[np.int64], current: npt.NDArray[np.int64]) -> float | None:
    import numpy as np

    from evalkit.stats import bootstrap_weights, paired_bootstrap

    if baseline.shape != current.shape or len(baseline) == 0:
        return None
    weights = bootstrap_weights(len(baseline), RESAMPLES, np.random.default_rng(SEED))
    _, p = paired_bootstrap(baseline.astype(np.float64), current.astype(np.float64), weights)
    return p


def judge(baseline: Results, current: Results, max_drop: float,
          significance: float | None, *, left_out: frozenset[str] = frozenset(),
          hints: dict[str, str] | None = None) -> list[Verdict]:
    """A verdict for every corpus × segmenter in either run, in baseline order.

    A baseline row that was not run now is ``missing``, which fails the gate,
    unless its segmenter is in ``left_out`` (the user said so; the caller
    lists them). ``hints`` add to a missing row's message, by segmenter.
    """
    old = {(r.corpus, r.segmenter): r for r in baseline.rows if r.segmenter not in left_out}
    new = {(r.corpus, r.segmenter): r for r in current.rows}
    failed = {(f.corpus, f.segmenter): f for f in current.failures}
    failed_everywhere = {f.segmenter: f for f in current.failures if f.corpus is None}
    keys = list(old) + [key for key in new if key not in old]
    verdicts = []
    for key in keys:
        corpus, segmenter = key
        before, after = old.get(key), new.get(key)
        failure = failed.get(key) or failed_everywhere.get(segmenter)
        if after is None:
            verdict = "missing" if failure is None else failure.status  # failed or not run
            message = failure.reason if failure else (
                "in the baseline but not checked now: run it under the same name, or leave "
                "it out with --only")
            if verdict == "missing" and hints and segmenter in hints:
                message += f" ({hints[segmenter]})"
            verdicts.append(Verdict(corpus, segmenter, before.counts.words.f1 if before
                                    else None, None, None, None, verdict, message))
            continue
        f1 = after.counts.words.f1
        if before is None:
            verdicts.append(Verdict(corpus, segmenter, None, f1, None, None, "new",
                                    "not in the baseline"))
            continue
        verdicts.append(_compare_rows(before, after, max_drop, significance))
    return verdicts


def exact_f1(counts: Counts) -> Fraction:
    """Word F1 as an exact fraction of the counts (metrics.prf's rule without rounding),
    so a drop of exactly --max-drop points compares equal to it, not a hair above."""
    from evalkit.metrics import prf_in

    return prf_in(Fraction, counts.correct_words, counts.predicted_words,
                  counts.gold_words)[2]


def drop_points(before: Counts, after: Counts) -> Fraction:
    """The F1 drop in points, exactly (negative when F1 went up)."""
    return (exact_f1(before) - exact_f1(after)) * 100


def _compare_rows(before: RowResult, after: RowResult, max_drop: float,
                  significance: float | None) -> Verdict:
    corpus, segmenter = before.corpus, before.segmenter
    old_f1, new_f1 = before.counts.words.f1, after.counts.words.f1
    delta = (new_f1 - old_f1) * 100
    drop = drop_points(before.counts, after.counts)
    # the threshold as typed (0.1 is 1/10, not the float nearest it)
    tolerance = Fraction(repr(max_drop))
    p = _p_value(before.per_sentence, after.per_sentence)
    if before.per_unit.shape == after.per_unit.shape and \
            (before.per_unit == after.per_unit).all():
        verdict, message = "unchanged", "identical counts"
    elif drop < 0:
        verdict, message = "better", f"F1 up {delta:.2f} points"
    elif drop <= tolerance:
        verdict = "within tolerance"
        message = f"F1 down {-delta:.2f} points, not more than --max-drop {max_drop:g}"
        if p is not None:
            message += f" (p = {p:.4f}{', a significant drop' if p < 0.05 else ''})"
    elif significance is not None and (p is None or p >= significance):
        verdict = "not significant"
        shown = "n/a" if p is None else f"{p:.4f}"
        message = (f"F1 down {-delta:.2f} points, more than --max-drop {max_drop:g}, but "
                   f"not significant (p = {shown}, not below --significance "
                   f"{significance:g})")
    else:
        verdict = "worse"
        message = (f"F1 dropped {-delta:.2f} points (from {old_f1:.4f} to {new_f1:.4f}), "
                   f"more than --max-drop {max_drop:g}")
        if significance is not None:
            message += f", and significantly (p = {p:.4f} < {significance:g})"
    return Verdict(corpus, segmenter, old_f1, new_f1, delta, p, verdict, message)


def render_verdicts(verdicts: list[Verdict], tablefmt: str = "simple", digits: int = 3) -> str:
    from tabulate import tabulate

    def number(value: float | None, fmt: str) -> str:
        return "" if value is None else format(value, fmt)

    rows = [[v.corpus, v.segmenter, number(v.baseline_f1, f".{digits}f"),
             number(v.current_f1, f".{digits}f"), number(v.delta_points, "+.2f"),
             number(v.p, ".4f"), v.verdict] for v in verdicts]
    return tabulate(rows, headers=["corpus", "segmenter", "baseline F1", "current F1",
                                   "Δ points", "p", "verdict"], tablefmt=tablefmt,
                    disable_numparse=True,
                    colalign=["left", "left", "right", "right", "right", "right", "left"])


VERDICT_HEADER = ("corpus", "segmenter", "baseline_f1", "current_f1", "delta_points", "p",
                  "verdict", "message")


def verdict_records(verdicts: list[Verdict], delimiter: str = ",") -> str:
    """``--format csv|tsv``: one record per verdict, full precision, the message
    included; a value that does not exist (no baseline row, no p-value) is empty."""
    from evalkit.report.csvfile import render_records

    def cell(value: float | None) -> str:
        return "" if value is None else repr(value)

    return render_records(VERDICT_HEADER, [
        [v.corpus, v.segmenter, cell(v.baseline_f1), cell(v.current_f1),
         cell(v.delta_points), cell(v.p), v.verdict, v.message] for v in verdicts],
        delimiter)


def junit_xml(verdicts: list[Verdict]) -> str:
    """One JUnit test case per corpus × segmenter, failing where the gate fails."""
    from xml.etree import ElementTree

    suite = ElementTree.Element("testsuite", name="evalkit", tests=str(len(verdicts)),
                                failures=str(sum(v.failed for v in verdicts)))
    for v in verdicts:
        case = ElementTree.SubElement(suite, "testcase", classname="evalkit",
                                      name=f"evalkit[{v.corpus}:{v.segmenter}]")
        if v.failed:
            failure = ElementTree.SubElement(case, "failure", message=f"{v.verdict}: "
                                             f"{v.message}", type=v.verdict)
            failure.text = f"{v.corpus} × {v.segmenter}: {v.verdict}: {v.message}"
    text: str = ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)
    return text + "\n"


def github_annotations(verdicts: list[Verdict]) -> list[str]:
    """GitHub Actions ``::error`` workflow commands for the failing rows.

    GitHub reads ``%``, CR and LF as escapes in the message, and ``:`` and ``,``
    too in a property value (the title), where they would end it.
    """
    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def escape_property(text: str) -> str:
        return escape(text).replace(":", "%3A").replace(",", "%2C")

    return [f"::error title={escape_property(f'evalkit {v.verdict}: {v.corpus} × ')}"
            f"{escape_property(v.segmenter)}::{escape(v.message)}"
            for v in verdicts if v.failed]


def changes(baseline: Results, current: Results) -> list[str]:
    """What --update changes in the baseline, a line per row that differs."""
    old = {(r.corpus, r.segmenter): r.counts.words.f1 for r in baseline.rows}
    new = {(r.corpus, r.segmenter): r.counts.words.f1 for r in current.rows}
    lines = []
    for key in list(old) + [k for k in new if k not in old]:
        before, after = old.get(key), new.get(key)
        if before != after:
            was = "absent" if before is None else f"{before:.4f}"
            now = "absent" if after is None else f"{after:.4f}"
            lines.append(f"{key[0]} × {key[1]}: F1 {was} -> {now}")
    return lines


@dataclass(frozen=True)
class GateRun:
    """Everything one gate run produced."""

    baseline: Results
    current: Results
    verdicts: list[Verdict]
    left_out: list[str] = field(default_factory=list)
    """Baseline segmenters the user left out (``--only``): not checked, not failing."""

    @property
    def missing(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.verdict == "missing"]


def _corpora_of(baseline: Results, gold: list[str] | None, encoding: str | None,
                fetch: Any, stored: StoredPaths) -> list[Any]:
    """The baseline's corpora, read again with their raw texts and word lists: a
    registered one by its name (fetched into this machine's store when needed), a
    file by its path; each file must have the recorded SHA-256."""
    from evalkit.datasets import resolve_gold
    from evalkit.sources import GoldSource, load_source

    per_corpus = baseline.lexicon is not None and baseline.lexicon.per_corpus
    if gold:
        encodings = {c.encoding for c in baseline.corpora}
        if encoding is None and len(encodings) == 1:
            encoding = encodings.pop()  # the encoding the baseline's gold was read with
        loaded = [load_source(source, None, encoding) for text in gold
                  for source in resolve_gold(text, options=fetch)]
        require_same("the gold corpora (SHA-256)", sorted(c.sha256 for c in baseline.corpora),
                     sorted(item.gold.sha256 for item in loaded))
        # a corpus is known by its content: a copy under another file name is the
        # baseline's corpus, and keeps the baseline's name so its rows still match
        by_digest = {item.gold.sha256: item for item in loaded}
        return [_with_recorded_files(_renamed(by_digest[info.sha256], info.name), info,
                                     encoding, per_corpus, stored)
                for info in baseline.corpora]
    corpora = []
    for info in baseline.corpora:
        if info.dataset:
            item = load_source(resolve_gold(info.dataset, options=fetch)[0])
        else:
            path = stored.find(info.path, f"the gold of corpus {info.name}",
                               "give the gold's new place with --gold FILE")
            item = load_source(GoldSource(path, format=info.format), None,
                               encoding or info.encoding, name=info.name)
        require_same(f"corpus {info.name} ({info.dataset or info.path}) SHA-256",
                     info.sha256, item.gold.sha256)
        corpora.append(_with_recorded_files(item, info, encoding, per_corpus, stored))
    return corpora


def _renamed(item: Any, name: str) -> Any:
    """A loaded corpus under the name the baseline knows it by."""
    if item.gold.name == name:
        return item
    return replace(item, gold=replace(item.gold, name=name))


def _with_recorded_files(item: Any, info: Any, encoding: str | None, per_corpus: bool,
                         stored: StoredPaths) -> Any:
    """A corpus with the raw text and (when corpora had their own) the word list the
    baseline recorded for it (a user's files, by path); the raw text is checked
    against its recorded SHA-256, the word lists in _settings_of."""
    from dataclasses import replace

    from evalkit.corpus import read_corpus
    from evalkit.lexicon import read_word_list

    if info.raw is not None:
        if item.raw is None:
            path = stored.find(info.raw["path"], f"the raw text of corpus {info.name}",
                               "put it back where compare read it")
            item = replace(item, raw=read_corpus(str(path), "raw", encoding,
                                                 name=item.gold.name))
        require_same(f"raw text of {info.name} (SHA-256)", info.raw["sha256"],
                     item.raw.sha256)
    if per_corpus and info.lexicon is not None and item.lexicon is None:
        path = stored.find(info.lexicon.path, f"the word list of corpus {info.name}",
                           "put it back where compare read it")
        item = replace(item, lexicon=read_word_list(str(path), encoding))
    return item


def _settings_of(baseline: Results, lexicon: Any, normalisation: str | None,
                 corpora: list[Any], stored: StoredPaths) -> Any:
    from evalkit.lexicon import read_training_corpus, read_word_list
    from evalkit.settings import Settings

    recorded = baseline.lexicon
    if recorded is not None and recorded.per_corpus and lexicon is None:
        # each corpus carries its own word list: compare them one by one
        for info, item in zip(baseline.corpora, corpora, strict=True):
            require_same(f"word list of {info.name} (SHA-256)",
                         None if info.lexicon is None else info.lexicon.sha256,
                         None if item.lexicon is None else item.lexicon.sha256)
    else:
        if lexicon is None and recorded is not None:
            kind = recorded.kind
            option = "--lexicon" if kind == "lexicon" else "--train"
            path = str(stored.find(recorded.path, f"the word list ({option})",
                                   f"give its new place with {option} FILE"))
            lexicon = read_word_list(path) if kind == "lexicon" else read_training_corpus(path)
        require_same("lexicon (SHA-256)", None if recorded is None else recorded.sha256,
                     None if lexicon is None else lexicon.sha256)
    # every other setting is checked whatever the vocabulary is
    if normalisation is not None:
        require_same("normalisation", baseline.normalisation, normalisation)
    require_same("metric", baseline.metric, "exact")
    return Settings(lexicon, baseline.normalisation)


def relocated(spec: Any, stored: StoredPaths) -> Any:
    """A baseline's spec with each file it names (a ``file:`` prediction, a file or
    folder option) found as a stored path is: from the current folder, else from the
    baseline's folder or its parent; the row name stays the spec's. A path found
    nowhere is the InputError that says where it was looked for."""
    from evalkit.segmenters import check_options
    from evalkit.segmenters.base import names_file

    def found(path: str, what: str) -> str:
        if Path(path).exists():
            return path
        return str(stored.find(path, what, f"give the segmenter again with -s {spec.label}=..."))

    if spec.kind == "file":
        return replace(spec, target=found(spec.target, f"the prediction file of {spec.label}"))
    if spec.kind != "registered" or not spec.options:
        return spec
    declared = check_options(replace(spec, options=()))
    return replace(spec, options=tuple(
        (key, found(value, f"option {key} of {spec.label}")
         if key in declared and names_file(declared[key], value) else value)
        for key, value in spec.options))


def keep_stored_paths(baseline: Results, current: Results, stored: StoredPaths) -> Results:
    """``current`` with each path of a gold, raw text or word list put back as the
    baseline stored it wherever that still leads to the same file, for ``--update``:
    a check run from another folder finds a relative path from the baseline's folder,
    and writing the place it found would tie the baseline to that folder. A file the
    stored path no longer reaches (moved, given with --gold) keeps the path it was
    read from."""
    from evalkit.results import run_lexicon
    from evalkit.segmenters.spec import parse_spec

    def kept(recorded: str, found: str) -> str:
        return recorded if recorded != found and stored.still_finds(recorded, found) \
            else found

    recorded = {info.name: info for info in baseline.corpora}

    def corpus(info: CorpusInfo) -> CorpusInfo:
        old = recorded.get(info.name)
        if old is None:
            return info
        raw, lexicon = info.raw, info.lexicon
        if raw is not None and old.raw is not None:
            raw = {**raw, "path": kept(str(old.raw["path"]), str(raw["path"]))}
        if lexicon is not None and old.lexicon is not None:
            lexicon = replace(lexicon, path=kept(old.lexicon.path, lexicon.path))
        return replace(info, path=kept(old.path, info.path), raw=raw, lexicon=lexicon)

    corpora = [corpus(info) for info in current.corpora]
    # a baseline spec whose files were found elsewhere (relocated) is kept as stored,
    # and so are the option paths of its segmenter's record
    specs, systems = list(current.specs), list(current.systems)
    for old in baseline.specs:
        spec = parse_spec(old)
        try:
            moved = relocated(spec, stored).text()
        except InputError:
            continue
        if moved != old and moved in specs:
            specs[specs.index(moved)] = old
            before = next((s for s in baseline.systems if s.name == spec.label), None)
            systems = [replace(s, options=before.options)
                       if before is not None and s.name == spec.label else s
                       for s in systems]
    # the run's record is made from the corpora's, as compare makes it
    return replace(current, corpora=corpora, specs=specs, systems=systems,
                   lexicon=run_lexicon({info.name: info.lexicon for info in corpora}))


def update_refusal(run: GateRun) -> str | None:
    """Why ``--update`` must not rewrite the baseline from this run, or None.

    A baseline holds every row of a complete run: a failed segmenter or a row
    not checked would drop rows from it silently.
    """
    if run.current.failures:
        failed = "; ".join(f"{f.segmenter}" + (f" on {f.corpus}" if f.corpus else "") +
                           f" ({f.reason})" for f in run.current.failures)
        return f"a segmenter failed: {failed}; fix it, then update again"
    if run.missing or run.left_out:
        rows = [f"{v.corpus} × {v.segmenter}" for v in run.missing] + run.left_out
        return (f"rows not checked: {', '.join(rows)}; --update rewrites the whole "
                "baseline, so check every row")
    return None


def _names(baseline: Results) -> list[str]:
    return list(dict.fromkeys(baseline.requested + [r.segmenter for r in baseline.rows]))


def choose(baseline: Results, specs: list[str] | None, only: list[str] | None,
           stored: StoredPaths | None = None) -> tuple[list[Any], list[str], dict[str, str]]:
    """The specs to run, the baseline segmenters left out (``only``), and a hint for a
    baseline row that a spec seems meant for but names differently. The baseline's
    own specs have the files they name (``file:`` predictions, dictionaries, model
    folders) found as ``stored`` finds a baseline's paths."""
    from evalkit.errors import UsageError
    from evalkit.segmenters.spec import parse_spec

    names = _names(baseline)
    for name in only or []:
        if name not in names:
            raise UsageError(f"--only {name!r} is not a segmenter of the baseline "
                             f"({', '.join(names)})")
    left_out = [name for name in names if only and name not in only]
    if specs:
        chosen = [parse_spec(text) for text in specs]
    else:
        recorded = [parse_spec(text) for text in baseline.specs]
        chosen = [spec if stored is None else relocated(spec, stored)
                  for spec in recorded if spec.label not in left_out]
    hints = {}
    for spec in chosen:
        if spec.label not in names and spec.kind == "registered" and spec.target in names:
            renamed = replace(spec, label=spec.target).text()
            hints[spec.target] = (f"-s {spec.text()} runs as a new row named "
                                  f"{spec.label!r}; to check it against this row, give it "
                                  f"the row's name: -s {renamed}")
    return chosen, left_out, hints


def run_gate(baseline_path: Path, *, specs: list[str] | None = None,
             gold: list[str] | None = None, lexicon: Any = None,
             normalisation: str | None = None, encoding: str | None = None,
             run_options: Any = None, max_drop: float = 0.5,
             significance: float | None = None, fetch: Any = None,
             only: list[str] | None = None) -> GateRun:
    """Re-run the baseline's (or the given) segmenters and judge every row.

    ``fetch`` (FetchOptions) says where registered corpora are stored and
    fetched from; None reads it from the environment. ``only`` names the
    baseline segmenters to check; the others are left out (and listed).
    """
    from evalkit.pipeline import compare
    from evalkit.usage import check_gate_thresholds

    check_gate_thresholds(max_drop, significance, RESAMPLES)
    baseline = read_baseline(baseline_path)
    stored = StoredPaths(baseline_path)
    chosen, left_out, hints = choose(baseline, specs, only, stored)
    corpora = _corpora_of(baseline, gold, encoding, fetch, stored)
    if lexicon is not None:  # an explicit --lexicon serves every corpus
        corpora = [replace(item, lexicon=None) for item in corpora]
    settings = _settings_of(baseline, lexicon, normalisation, corpora, stored)
    # the baseline's decimals stay with it when --update rewrites it
    current = replace(compare(corpora, chosen, settings, run_options), digits=baseline.digits)
    verdicts = judge(baseline, current, max_drop, significance, left_out=frozenset(left_out),
                     hints=hints)
    return GateRun(baseline, current, verdicts, left_out)
