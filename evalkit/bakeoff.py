"""``compare --sighan``: segmenter outputs scored exactly as the bakeoff script scores them.

The segmenters run as in ``compare`` (same workers, cache, raw text); each
output is then what the segmenter's prediction file would hold (one line per
input line, words separated by spaces) and is scored line by line against
the gold by sighan.py, the code behind ``score --sighan``. Like the script,
this pairs prediction line n with gold line n, so a corpus with its own raw
text needs as many raw lines as gold lines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from evalkit import __version__
from evalkit.align import check_same_text
from evalkit.errors import InputError, SegmenterError
from evalkit.pipeline import (
    Note,
    RunOptions,
    corpus_settings,
    run_specs,
    status_of,
    system_version,
)
from evalkit.records import LexiconRecord, lexicon_document
from evalkit.results import Failure, SystemInfo, raw_digest, run_lexicon, signature
from evalkit.segmenters import resolve
from evalkit.segmenters.spec import Spec
from evalkit.settings import Settings
from evalkit.sighan import Lines, SighanScore, read_lines, score_sighan, split_like_the_script
from evalkit.sources import Loaded


@dataclass(frozen=True)
class BakeoffRow:
    corpus: str
    segmenter: str
    score: SighanScore


@dataclass(frozen=True)
class BakeoffResults:
    """Every corpus × segmenter scored the script's way, and what to tell about it."""

    rows: list[BakeoffRow]
    systems: list[SystemInfo]
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lexicon: LexiconRecord | None = None
    normalisation: str = "none"
    raws: dict[str, str] = field(default_factory=dict)
    """The SHA-256 of the raw text each corpus that ships one was segmented from."""

    def signature(self) -> str:
        return signature("sighan", self.normalisation, self.lexicon, self.systems,
                         raw=raw_digest(list(self.raws.items())))

    def to_document(self) -> dict[str, Any]:
        return {"evalkit": {"version": __version__}, "signature": self.signature(),
                "settings": {"metric": "sighan", "normalisation": self.normalisation},
                "lexicon": lexicon_document(self.lexicon),
                "results": [{"corpus": row.corpus, "segmenter": row.segmenter,
                             **row.score.to_document(), "signature": self.row_signature(row)}
                            for row in self.rows],
                "failures": [vars(f) for f in self.failures], "warnings": self.warnings}

    def row_signature(self, row: BakeoffRow) -> str:
        """One row's signature: its segmenter as it ran (a SighanScore alone would name
        the prediction file, which a segmenter's output does not have)."""
        system = next(s for s in self.systems if s.name == row.segmenter)
        raw = [(row.corpus, self.raws[row.corpus])] if row.corpus in self.raws else []
        return signature("sighan", self.normalisation, row.score.lexicon, [system],
                         raw=raw_digest(raw))


def prediction_lines(name: str, units: Sequence[Sequence[str]]) -> Lines:
    """A segmenter's output as its prediction file would be read back by the script."""
    lines = [" ".join(tokens) for tokens in units]
    text = "".join(line + "\n" for line in lines)
    return Lines(name, split_like_the_script(lines, text),
                 hashlib.sha256(text.encode()).hexdigest())


def _gold_lines(source: Loaded) -> Lines:
    gold = read_lines(source.gold.path, source.gold.format, source.encoding)
    given = source.raw or source.gold
    if len(given.units) != len(gold.units):
        raise InputError(given.path, f"has {len(given.units)} lines but the gold "
                         f"{source.gold.path} has {len(gold.units)}; --sighan pairs "
                         "prediction line n with gold line n, as the bakeoff script does")
    return gold


def compare_sighan(sources: Sequence[Loaded], specs: Sequence[Spec],
                   settings: Settings, options: RunOptions | None = None,
                   note: Note = lambda message: None) -> BakeoffResults:
    """Run every spec on every corpus and score each output as the bakeoff script does."""
    golds = [_gold_lines(source) for source in sources]  # before any segmenter runs
    inputs = [source.raw or source.gold for source in sources]
    each = [corpus_settings(source, settings) for source in sources]
    resolved = [resolve(spec) for spec in specs]
    outputs = run_specs(inputs, resolved, options or RunOptions(), note)
    rows: list[BakeoffRow] = []
    systems: list[SystemInfo] = []
    failures: list[Failure] = []
    for spec, result in zip(resolved, outputs, strict=True):
        if result.identity is None:
            failures.append(Failure(spec.label, None, result.failure or "failed",
                                    status_of(result)))
            continue
        identity = result.identity
        systems.append(SystemInfo(spec.label, identity.package,
                                  system_version(identity.version, result,
                                                 [s.gold.name for s in sources]),
                                  identity.options, result.load_seconds,
                                  result.peak_rss_mb, result.cached, files=spec.files))
        for c, source in enumerate(sources):
            name = source.gold.name
            output = result.corpora[c]
            if output.units is None:
                failures.append(Failure(spec.label, name, output.failure or "failed",
                                        status_of(result)))
                continue
            try:
                for number, (unit, tokens) in enumerate(
                        zip(inputs[c].units, output.units, strict=True), 1):
                    check_same_text(unit.tokens, tokens, spec.label, number, unit.line,
                                    reference="raw" if source.raw else "gold")
            except SegmenterError as error:
                failures.append(Failure(spec.label, name, error.reason))
                continue
            predicted = prediction_lines(f"{name}.{spec.label}", output.units)
            rows.append(BakeoffRow(name, spec.label,
                                   score_sighan(golds[c], predicted, each[c])))
    order = {source.gold.name: index for index, source in enumerate(sources)}
    rows.sort(key=lambda row: order[row.corpus])
    return BakeoffResults(rows, systems, failures, _warnings(rows),
                          run_lexicon({s.gold.name: c.describe_lexicon()
                                       for s, c in zip(sources, each, strict=True)}),
                          settings.normalisation,
                          {s.gold.name: s.raw.sha256 for s in sources if s.raw is not None})


def _warnings(rows: Sequence[BakeoffRow]) -> list[str]:
    """Each corpus's warnings once (they are the same for every segmenter that
    reproduced the text), then any that only some segmenters have."""
    from evalkit.sighan import warnings

    found: list[str] = []
    for row in rows:
        for message in warnings(row.score):
            line = f"{row.corpus}: {message}"
            if line not in found:
                found.append(line)
    return found


HEADERS = ("corpus", "segmenter", "ins", "del", "sub", "nchange", "true words",
           "test words", "R", "P", "F", "OOV", "R-OOV", "R-IV")


def render_bakeoff(results: BakeoffResults, tablefmt: str = "simple", digits: int = 3) -> str:
    """The table (the script's figures, with ``digits`` decimals: --digits), then each
    row's ``###`` line exactly as the script prints it (three decimals), then the
    signature."""
    from tabulate import tabulate

    from evalkit.sighan import summary_fields

    table, hashes = [], []
    for row in results.rows:
        table.append([row.corpus, row.segmenter, *summary_fields(row.score, digits)[1:]])
        hashes.append("\t".join(["###", *summary_fields(row.score)]))
    lines = [tabulate(table, headers=HEADERS, tablefmt=tablefmt, disable_numparse=True,
                      colalign=["left", "left"] + ["right"] * (len(HEADERS) - 2)), ""]
    lines += hashes
    lines += [""] + [f"failed: {f.segmenter}" + (f" on {f.corpus}" if f.corpus else "") +
                     f": {f.reason}" for f in results.failures]
    lines += [f"warning: {warning}" for warning in results.warnings]
    lines.append("mode: SIGHAN bakeoff-compatible scoring (words matched by GNU diff's "
                 "alignment per line, as the bakeoff script; not exact spans)")
    lines.append(f"signature: {results.signature()}")
    return "\n".join(lines) + "\n"
