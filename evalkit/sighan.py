"""Bakeoff-compatible scoring: the SIGHAN 2003/2005 ``score`` script's numbers.

The script reads gold and prediction line by line, splits lines on runs of
whitespace (after turning U+3000 into a space), skips lines whose gold side is
empty, and credits the words GNU diff leaves unchanged when it compares the
two word lists (one word per line). Its figures can differ from exact span
scoring either way; this mode exists to reproduce published tables, never as
the default. Like the script, it scores lines whose characters differ, but it
warns about them. The rules: docs/scoring.md §Bakeoff compatibility.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalkit import __version__
from evalkit.corpus import corpus_from_text, detect_format, read_text, split_lines
from evalkit.gcpause import paused_gc
from evalkit.gnudiff import middle_kept
from evalkit.normalize import normaliser
from evalkit.records import LexiconRecord, lexicon_document
from evalkit.results import SystemInfo, signature
from evalkit.settings import Settings

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_ASCII_WHITESPACE = " \t\n\r\f\v"
_SCRIPT_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
_NOT_LIKE_STR_SPLIT = re.compile(r"[^\S \t\n\r\f\v\u3000]|\r(?!\n)")
"""Where ``str.split`` cuts otherwise than the script: whitespace to Python
(``str.isspace``) that the script keeps inside words, and a CR inside a line, which
the script deletes."""
_IDEOGRAPHIC_START = re.compile(r"^[ \t\r\f\v]*\u3000", re.MULTILINE)
"""A line that starts with U+3000 (after ASCII whitespace): there the script's words
begin with an empty one (see script_words)."""

SIGHAN_COLUMNS = ("gold_words", "predicted_words", "matched_words", "gold_oov_words",
                  "matched_oov_words", "insertions", "deletions", "substitutions")


def script_words(line: str) -> list[str]:
    """A line split the script's way: ASCII whitespace stripped from its ends, U+3000
    turned into a space, every CR deleted, then cut at runs of ASCII whitespace.

    The script works on bytes, so other Unicode spaces stay inside words. One step is
    not copied: it strips the line before turning U+3000 into a space, so Perl's
    ``split`` gives a line that starts with U+3000 an empty first word, which it counts
    (as a word of the line, never as OOV or missed); evalkit gives no such word and
    warns where it happens (ideographic_starts).
    """
    cleaned = line.strip(_ASCII_WHITESPACE).replace("\u3000", " ").replace("\r", "")
    cleaned = cleaned.strip(_ASCII_WHITESPACE)
    return _SCRIPT_WHITESPACE.split(cleaned) if cleaned else []


def split_like_the_script(lines: list[str], text: str) -> list[list[str]]:
    """``script_words`` of each line of ``text``; where nothing in the text is cut
    otherwise by ``str.split`` (_NOT_LIKE_STR_SPLIT), that, faster."""
    if _NOT_LIKE_STR_SPLIT.search(text) is None:
        return list(map(str.split, lines))
    return list(map(script_words, lines))


def ideographic_starts(text: str) -> list[int]:
    """The lines of ``text`` that start with U+3000 (after ASCII whitespace)."""
    found, line, scanned = [], 1, 0
    for match in _IDEOGRAPHIC_START.finditer(text):
        line += text.count("\n", scanned, match.start())
        scanned = match.start()
        found.append(line)
    return found


BOM = "\ufeff"
"""A UTF-8 byte order mark, as the text it decodes to."""


@dataclass(frozen=True)
class Lines:
    """A file read for bakeoff scoring: one word list per unit, and the file's digest.

    ``bom``: the file starts with a UTF-8 byte order mark, kept (as the script,
    which reads bytes, keeps it) as part of the first word.
    """

    path: str
    units: list[list[str]]
    sha256: str
    bom: bool = False
    lines: Sequence[int] | None = None
    """The line each unit starts on (None: unit n is line n, as in the whitespace format),
    so that messages name lines."""
    ideographic_starts: list[int] = field(default_factory=list)
    """Lines that start with U+3000, where the script counts an empty first word."""

    @property
    def unit_lines(self) -> Sequence[int]:
        return range(1, len(self.units) + 1) if self.lines is None else self.lines


def starts_with_bom(path: str | Path, encoding: str | None) -> bool:
    """Does a UTF-8 file start with a byte order mark? (evalkit's readers drop it.)"""
    if encoding is not None and encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(3) == BOM.encode()
    except OSError:
        return False


def read_lines(path: str, fmt: str | None, encoding: str | None, *,
               option: str = "--encoding", fallback: str | None = None) -> Lines:
    """Whitespace files are split as the script does, the byte order mark kept in the
    first word; other formats go through evalkit's readers. ``encoding``, ``option``
    and ``fallback`` as for corpus.decode."""
    content = read_text(path, encoding, option=option, fallback=fallback)
    chosen = fmt or detect_format(path, content[0])
    bom = chosen == "whitespace" and starts_with_bom(path, encoding)
    with paused_gc():
        return _read_lines(path, chosen, content, bom)


def _read_lines(path: str, chosen: str, content: tuple[str, str], bom: bool) -> Lines:
    if chosen == "whitespace":
        text = BOM + content[0] if bom else content[0]
        # both splits in split_like_the_script drop a CR before the LF
        lines = split_lines(text, drop_cr=False)
        return Lines(path, split_like_the_script(lines, text), content[1], bom,
                     ideographic_starts=ideographic_starts(text))
    corpus = corpus_from_text(content, path, chosen)
    return Lines(path, [list(unit.words) for unit in corpus.units], content[1],
                 lines=[unit.line for unit in corpus.units])


def without_extra_blank_lines(gold: Lines, predicted: Lines) -> tuple[Lines, Lines]:
    """Both files as the script pairs them when one has extra lines that are all blank.

    The script reads a line from each file until either ends (``while (defined($truth =
    <TRUTH>) && defined($test = <TEST>))``), so the longer file's extra lines are never
    read. Extra lines without words change nothing, and are dropped here as there;
    extra lines with words would be dropped by the script too, silently, so the files
    are returned as they are and the unit-count check refuses them with the line where
    they part ways."""
    paired = min(len(gold.units), len(predicted.units))
    longer = gold if len(gold.units) > paired else predicted
    if any(longer.units[paired:]):
        return gold, predicted
    return _first_units(gold, paired), _first_units(predicted, paired)


def _first_units(lines: Lines, count: int) -> Lines:
    if len(lines.units) == count:
        return lines
    kept = None if lines.lines is None else lines.lines[:count]
    return replace(lines, units=lines.units[:count], lines=kept)


def script_file_name(path: str) -> str:
    """The prediction's name as the script prints it: an absolute path loses its
    directories (its ``s=^/.*/==``), a relative one is kept."""
    return re.sub(r"^/.*/", "", path)


def script_vocabulary(settings: Settings) -> frozenset[str] | None:
    """The lexicon as the script reads it: a byte order mark belongs to the first word."""
    vocabulary = settings.vocabulary
    lexicon = settings.lexicon
    if vocabulary is None or lexicon is None or lexicon.kind != "lexicon" or \
            not starts_with_bom(lexicon.path, None):
        return vocabulary
    convert = normaliser(settings.normalisation)
    text, _ = read_text(lexicon.path)
    words = [convert("".join(line.split())) for line in split_lines(text)]
    first = next((word for word in words if word), None)
    if first is None:
        return vocabulary
    rest = frozenset(words[words.index(first) + 1:])
    return (vocabulary - ({first} - rest)) | {BOM + first}


@dataclass
class SighanScore:
    """Per-line counts (SIGHAN_COLUMNS) and what the script would not have told you."""

    gold_path: str
    predicted_path: str
    predicted_sha256: str
    rows: list[tuple[int, ...]]
    """One row per scored line: its counts in SIGHAN_COLUMNS order."""
    skipped_lines: int = 0
    skipped_with_prediction: list[int] = field(default_factory=list)
    text_mismatches: list[int] = field(default_factory=list)
    ideographic_starts: list[int] = field(default_factory=list)
    """Scored lines that start with U+3000 in gold or prediction (script_words)."""
    lexicon: LexiconRecord | None = None
    normalisation: str = "none"
    gold_bom: bool = False

    @property
    def per_line(self) -> npt.NDArray[np.int64]:
        """The rows as an array (lines × SIGHAN_COLUMNS); scoring itself needs no numpy."""
        import numpy as np

        return np.array(self.rows, dtype=np.int64).reshape(len(self.rows), len(SIGHAN_COLUMNS))

    def totals(self) -> dict[str, int]:
        return dict(zip(SIGHAN_COLUMNS, self._sums, strict=True))

    @cached_property
    def _sums(self) -> list[int]:
        """Column sums, taken once (the summary asks for them four times); the rows are
        complete when score_sighan returns the score."""
        return [sum(map(itemgetter(column), self.rows)) for column in range(len(SIGHAN_COLUMNS))]

    def figures(self) -> dict[str, float | None]:
        """Recall, precision, F and the vocabulary rates, unrounded (None: 0/0)."""
        t = self.totals()
        recall = _ratio(t["matched_words"], t["gold_words"])
        precision = _ratio(t["matched_words"], t["predicted_words"])
        f = None if recall is None or precision is None or recall + precision == 0 \
            else 2 * recall * precision / (recall + precision)
        figures: dict[str, float | None] = {"recall": recall, "precision": precision, "f": f}
        if self.lexicon is not None:
            iv = t["gold_words"] - t["gold_oov_words"]
            figures.update(
                oov_rate=_ratio(t["gold_oov_words"], t["gold_words"]),
                oov_recall=_ratio(t["matched_oov_words"], t["gold_oov_words"]),
                iv_recall=_ratio(t["matched_words"] - t["matched_oov_words"], iv))
        return figures

    def signature(self) -> str:
        name = Path(self.predicted_path).stem
        return signature("sighan", self.normalisation, self.lexicon,
                         [SystemInfo(name, "file", self.predicted_sha256[:16], {}, 0.0)])

    def to_document(self) -> dict[str, Any]:
        return {
            "evalkit": {"version": __version__},
            "signature": self.signature(),
            "settings": {"metric": "sighan", "normalisation": self.normalisation},
            "lexicon": lexicon_document(self.lexicon),
            "gold": self.gold_path, "prediction": self.predicted_path,
            "counts": self.totals(), "figures": self.figures(),
            "skipped_lines": self.skipped_lines,
            "text_mismatch_lines": self.text_mismatches,
            "per_unit": {"columns": list(SIGHAN_COLUMNS),
                         "rows": [list(row) for row in self.rows]},
        }


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def score_sighan(gold: Lines, predicted: Lines, settings: Settings) -> SighanScore:
    """Score line by line as the bakeoff script does (units must correspond one to one)."""
    with paused_gc():
        return _score_sighan(gold, predicted, settings)


def _score_sighan(gold: Lines, predicted: Lines, settings: Settings) -> SighanScore:
    convert = normaliser(settings.normalisation)
    vocabulary = script_vocabulary(settings)
    result = SighanScore(gold.path, predicted.path, predicted.sha256, [],
                         lexicon=settings.describe_lexicon(),
                         normalisation=settings.normalisation, gold_bom=gold.bom)
    rows = result.rows
    known = vocabulary.__contains__ if vocabulary is not None else None
    for number, (gold_words, predicted_words) in enumerate(
            zip(gold.units, predicted.units, strict=True), start=1):
        if not gold_words:
            result.skipped_lines += 1
            if predicted_words:
                result.skipped_with_prediction.append(number)
            continue
        g, p = gold_words, predicted_words
        if settings.normalisation != "none":
            g, p = list(map(convert, g)), list(map(convert, p))
        if g == p:  # every word kept, no change
            n = len(g)
            oov = 0 if known is None else n - sum(map(known, g))
            rows.append((n, n, n, oov, oov, 0, 0, 0))
            continue
        if "".join(g).removeprefix(BOM) != "".join(p).removeprefix(BOM):
            result.text_mismatches.append(number)
        rows.append(_row(g, p, known))
    result.ideographic_starts = [
        n for n in sorted({*gold.ideographic_starts, *predicted.ideographic_starts})
        if n <= len(gold.units) and gold.units[n - 1]]
    return result


def _row(gold: list[str], predicted: list[str],
         known: Callable[[str], bool] | None) -> tuple[int, ...]:
    """One line's counts (SIGHAN_COLUMNS) from the words diff keeps.

    Between two consecutive kept words (and the line's edges), k gold and m
    predicted words are left: min(k, m) substitutions, the rest deletions or
    insertions, so only the substitutions need the gaps; the common ends have
    none."""
    prefix, suffix, kept_gold, kept_predicted = middle_kept(gold, predicted)
    n_gold, n_predicted = len(gold), len(predicted)
    matched = prefix + suffix + len(kept_gold)
    substitutions = 0
    previous_gold = previous_predicted = -1
    for i, j in zip(kept_gold, kept_predicted, strict=True):
        substitutions += min(i - previous_gold, j - previous_predicted) - 1
        previous_gold, previous_predicted = i, j
    substitutions += min(n_gold - prefix - suffix - previous_gold,
                         n_predicted - prefix - suffix - previous_predicted) - 1
    gold_oov = matched_oov = 0
    if known is not None:
        gold_oov = n_gold - sum(map(known, gold))
        if gold_oov:
            kept = [*gold[:prefix], *(gold[prefix + i] for i in kept_gold),
                    *gold[n_gold - suffix:]]
            matched_oov = len(kept) - sum(map(known, kept))
    return (n_gold, n_predicted, matched, gold_oov, matched_oov,
            n_predicted - matched - substitutions, n_gold - matched - substitutions,
            substitutions)


def _three(value: float | None, digits: int = 3) -> str:
    """The script's ``%1.3f`` (other ``digits`` for compare --sighan's table); n/a
    where it would divide by zero."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def _summary(score: SighanScore) -> tuple[list[tuple[str, int]], list[tuple[str, float | None]]]:
    t = score.totals()
    f = score.figures()
    nchange = t["insertions"] + t["deletions"] + t["substitutions"]
    counts = [("TOTAL INSERTIONS", t["insertions"]), ("TOTAL DELETIONS", t["deletions"]),
              ("TOTAL SUBSTITUTIONS", t["substitutions"]), ("TOTAL NCHANGE", nchange),
              ("TOTAL TRUE WORD COUNT", t["gold_words"]),
              ("TOTAL TEST WORD COUNT", t["predicted_words"])]
    rates = [("TOTAL TRUE WORDS RECALL", f["recall"]),
             ("TOTAL TEST WORDS PRECISION", f["precision"]), ("F MEASURE", f["f"]),
             ("OOV Rate", f.get("oov_rate")), ("OOV Recall Rate", f.get("oov_recall")),
             ("IV Recall Rate", f.get("iv_recall"))]
    return counts, rates


def summary_fields(score: SighanScore, digits: int = 3) -> list[str]:
    """The fields of the script's ``###`` line after ``###``: the prediction's name,
    six counts, six figures with three decimals (the script's) or ``digits``."""
    counts, rates = _summary(score)
    return [script_file_name(score.predicted_path), *(str(v) for _, v in counts),
            *(_three(v, digits) for _, v in rates)]


def render_summary(score: SighanScore) -> str:
    """The script's closing block: the ``===`` lines, then the tab-separated ``###`` line."""
    counts, rates = _summary(score)
    lines = [f"evalkit {__version__}: SIGHAN bakeoff-compatible scoring (words matched by "
             "GNU diff's alignment per line, not exact spans)",
             f"signature: {score.signature()}", "=== SUMMARY:"]
    lines += [f"=== {label}:\t{value}" for label, value in counts]
    lines += [f"=== {label}:\t{_three(value)}" for label, value in rates]
    lines.append("\t".join(["###", *summary_fields(score)]))
    return "\n".join(lines) + "\n"


def warnings(score: SighanScore) -> list[str]:
    """What the script would score silently: lines whose characters differ, and
    predictions on lines the gold leaves empty."""
    found = []
    if score.gold_bom:
        found.append(f"{score.gold_path} starts with a UTF-8 byte order mark: kept as part "
                     "of its first word, as the bakeoff script (which reads bytes) keeps it, "
                     "so that word never matches (the default mode drops the mark)")
    if score.ideographic_starts:
        found.append(f"{len(score.ideographic_starts)} scored line(s) start with U+3000 "
                     f"(first: line {score.ideographic_starts[0]}); the bakeoff script counts "
                     "an empty first word there (it strips a line before turning U+3000 into a "
                     "space), evalkit does not, so the script's counts differ on those lines")
    if score.text_mismatches:
        found.append(f"{len(score.text_mismatches)} line(s) hold different characters in "
                     f"gold and prediction (first: line {score.text_mismatches[0]}); scored "
                     "anyway, as the bakeoff script does")
    if score.skipped_with_prediction:
        found.append(f"{len(score.skipped_with_prediction)} line(s) are empty in the gold "
                     f"but not in the prediction (first: line "
                     f"{score.skipped_with_prediction[0]}); skipped, as the script does")
    return found
