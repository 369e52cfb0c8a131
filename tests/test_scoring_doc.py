"""docs/scoring.md stays true: its citations resolve and its worked examples hold.

Every ``example`` block of the document is recomputed with evalkit and every
figure written in it compared with what evalkit gives; a result line this
test does not know fails, so nothing in a block goes unchecked. Citations of
the form ``docs/scoring.md <section sign>Heading`` in the code, the tests, the
benchmarks and the README must name a heading of the document, and the
README's links into it must reach a heading.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from evalkit import (
    __version__,
    check,
    stats,
    stats_choices,
    stats_corrections,
    stats_options,
    usage,
)
from evalkit.corpus import Corpus, Unit
from evalkit.errors import TextMismatchError
from evalkit.gnudiff import _many
from evalkit.lexicon import Lexicon
from evalkit.metrics import SENTENCE_FINAL, Counts
from evalkit.records import LexiconRecord
from evalkit.report.markers import marked_best
from evalkit.results import RowResult, SystemInfo, signature, signature_fields
from evalkit.scoring import raw_side, score_prediction
from evalkit.settings import Settings
from evalkit.sighan import Lines, score_sighan, script_words
from evalkit.stats_records import StatsSettings
from tests.conftest import REPO

DOC = REPO / "docs" / "scoring.md"
SECTION = "\u00a7"
CITATION = re.compile(SECTION + r"([A-Za-z0-9 -]*)")
"""A cited heading: letters, digits, spaces and hyphens, ended by anything else."""
CITING = [*sorted((REPO / "evalkit").rglob("*.py")), *sorted((REPO / "tests").rglob("*.py")),
          *sorted((REPO / "benchmarks").rglob("*.py")), REPO / "README.md"]


def headings() -> list[str]:
    return [line.lstrip("#").strip() for line in DOC.read_text(encoding="utf-8").splitlines()
            if line.startswith("## ")]


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


# --- citations ---------------------------------------------------------------------------

def citations(text: str) -> list[tuple[int, str]]:
    """(line, heading) of every section sign in a text."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        found += [(number, match.group(1).strip()) for match in CITATION.finditer(line)]
    return found


def test_headings_are_citable() -> None:
    """Headings stay unique and made of what a citation can hold."""
    names = headings()
    assert len(names) == len(set(names))
    for name in names:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 -]*[A-Za-z0-9]", name), name


def test_every_citation_names_a_heading() -> None:
    names = set(headings())
    wrong = []
    count = 0
    for path in CITING:
        if path == Path(__file__):
            continue
        for line, cited in citations(path.read_text(encoding="utf-8")):
            count += 1
            if cited not in names:
                wrong.append(f"{path.relative_to(REPO)}:{line}: {SECTION}{cited!r}")
    assert not wrong, "citations of docs/scoring.md that name no heading (end a citation " \
        "with punctuation or the line):\n" + "\n".join(wrong)
    assert count >= 16  # the code and tests do cite the document


def test_a_broken_citation_is_caught() -> None:
    names = set(headings())
    cited = [name for _, name in citations(
        f"# docs/scoring.md {SECTION}Word scores, {SECTION}Ranks.\n"
        f"# docs/scoring.md {SECTION}Word scorez and more\n")]
    assert [name in names for name in cited] == [True, True, False]


def test_nothing_cites_the_old_file() -> None:
    old = "SCORING" + ".md"
    offenders = [str(path.relative_to(REPO)) for path in CITING
                 if old in path.read_text(encoding="utf-8")]
    assert not offenders


def test_readme_links_reach_headings() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((docs/scoring\.md)(?:#([^)]*))?\)", readme)
    assert links, "the README links to docs/scoring.md"
    anchors = {anchor(name) for name in headings()}
    for target, fragment in links:
        assert (REPO / target).is_file()
        assert not fragment or fragment in anchors, f"README: {target}#{fragment}"


def test_the_code_the_document_names_exists() -> None:
    """Module paths and dotted names in the document still exist (a refactor that moves
    them must move the document's words too)."""
    text = DOC.read_text(encoding="utf-8")
    paths = re.findall(r"`(evalkit/[\w/]+\.py)`", text)
    names = re.findall(r"`(evalkit(?:\.\w+)+)`", text)
    assert paths and names
    for path in paths:
        assert (REPO / path).is_file(), path
    for dotted in names:
        module, _, name = dotted.rpartition(".")
        assert hasattr(importlib.import_module(module), name), dotted


def test_the_documents_own_links_reach_headings() -> None:
    anchors = {anchor(name) for name in headings()}
    for fragment in re.findall(r"\]\(#([^)]*)\)", DOC.read_text(encoding="utf-8")):
        assert fragment in anchors, fragment


# --- worked examples ---------------------------------------------------------------------

INPUTS = ("gold", "pred", "raw", "lexicon", "normalize", "mode", "p", "f1", "significant",
          "segmenters", "resamples")
EXACT = ("words", "boundaries", "edits", "gold classes", "predicted classes", "vocabulary",
         "sentences", "moved line breaks", "differences")
"""Result lines computed by exact span scoring (a sighan example may have none)."""


@dataclass
class Example:
    line: int
    inputs: dict[str, list[str]] = field(default_factory=dict)
    results: list[tuple[str, str]] = field(default_factory=list)


def decode(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def examples() -> list[Example]:
    found: list[Example] = []
    current: Example | None = None
    for number, line in enumerate(DOC.read_text(encoding="utf-8").splitlines(), 1):
        if current is not None and line.startswith("```"):
            assert line == "```", f"docs/scoring.md line {number}: the example of line " \
                f"{current.line} is not closed by a line of three backquotes alone"
        if line == "```example":
            current = Example(number)
        elif line == "```" and current is not None:
            found.append(current)
            current = None
        elif current is not None:
            key, _, value = line.partition(": ")
            if key in INPUTS:
                current.inputs.setdefault(key, []).append(decode(value))
            else:
                current.results.append((key, value))
    assert current is None, f"docs/scoring.md: the example of line {current.line} is not closed"
    return found


def corpus(lines: list[str], fmt: str = "whitespace") -> Corpus:
    units = tuple(Unit(tuple(line.split()) if fmt == "whitespace" else (line,), number)
                  for number, line in enumerate(lines, 1))
    return Corpus("doc", "doc", fmt, units, "0" * 64)


def settings_of(example: Example) -> Settings:
    words = example.inputs.get("lexicon")
    lexicon = None if words is None else \
        Lexicon(frozenset(" ".join(words).split()), "doc", "lexicon", "0" * 64)
    return Settings(lexicon, example.inputs.get("normalize", ["none"])[0])


def scored(example: Example) -> tuple[RowResult, dict[str, object]]:
    gold = corpus(example.inputs["gold"])
    predicted = [line.split() for line in example.inputs["pred"]]
    settings = settings_of(example)
    if "raw" in example.inputs:
        side = raw_side(corpus(example.inputs["raw"], "raw"),
                        [settings.normalise(u.tokens) for u in gold.units], settings)
        return (score_prediction(gold, predicted, "doc", settings, raw=side),
                side.describe(gold))
    return score_prediction(gold, predicted, "doc", settings), {}


def prf_items(counts: Counts) -> dict[str, dict[str, object]]:
    words, cuts = counts.words, counts.boundaries
    vocabulary = counts.vocabulary()
    return {
        "words": {"gold": counts.gold_words, "predicted": counts.predicted_words,
                  "correct": counts.correct_words, "P": words.precision,
                  "R": words.recall, "F1": words.f1},
        "boundaries": {"gold": counts.gold_boundaries,
                       "predicted": counts.predicted_boundaries,
                       "correct": counts.correct_boundaries, "P": cuts.precision,
                       "R": cuts.recall, "F1": cuts.f1},
        "edits": {"insertions": counts.insertions, "deletions": counts.deletions,
                  "substitutions": counts.substitutions},
        "gold classes": {"split": counts.gold_split, "merged": counts.gold_merged,
                         "crossing": counts.gold_crossing},
        "predicted classes": {"split": counts.predicted_split,
                              "merged": counts.predicted_merged,
                              "crossing": counts.predicted_crossing},
        "vocabulary": {"OOV rate": vocabulary.oov_rate,
                       "OOV recall": vocabulary.oov_recall,
                       "IV recall": vocabulary.iv_recall},
    }


def sighan_items(example: Example) -> dict[str, float | None]:
    def lines(key: str) -> Lines:
        return Lines(key, [script_words(line) for line in example.inputs[key]], "0" * 64)

    score = score_sighan(lines("gold"), lines("pred"), settings_of(example))
    totals, figures = score.totals(), score.figures()
    return {"gold": totals["gold_words"], "predicted": totals["predicted_words"],
            "matched": totals["matched_words"], "R": figures["recall"],
            "P": figures["precision"], "F": figures["f"]}


def longest_common(gold: list[str], predicted: list[str]) -> int:
    """Words a longest common subsequence matches (what diff does not always find)."""
    lengths = [[0] * (len(predicted) + 1) for _ in range(len(gold) + 1)]
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            lengths[i + 1][j + 1] = lengths[i][j] + 1 if g == p else \
                max(lengths[i][j + 1], lengths[i + 1][j])
    return lengths[-1][-1]


def pairs_items(example: Example) -> dict[str, dict[str, object]]:
    """Ranks from F1 values and the significant pairs written as ``A>B``, and the
    best markers of that F1 column (shown with three decimals); without
    ``significant:`` no paired test was run, so there are no ranks."""
    f1 = dict(item.rsplit(" ", 1) for item in example.inputs["f1"][0].split(", "))
    names = list(f1)
    scores = [float(f1[name]) for name in names]
    if "significant" not in example.inputs:
        return {"best": {name: 1 for name in marked_best(dict(zip(names, scores,
                                                                  strict=True)), 3)}}
    significant = {tuple(pair.split(">")) for pair in example.inputs["significant"][0]
                   .split(", ")}
    pairs = []
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            hit = (names[a], names[b]) in significant or (names[b], names[a]) in significant
            pairs.append(stats.ComparedPair(a, b, 0.0, 0.0, 0.0, hit))
    ranks = stats.wmt_ranks(scores, pairs)
    conflicts = stats.unordered(scores, ranks, pairs)
    ranked = dict(zip(names, ranks, strict=True))
    best = marked_best(dict(zip(names, scores, strict=True)), 3, ranks=ranked)
    return {"ranks": dict(ranked),
            "conflicts": {f"{names[good]}>{names[bad]}": 1 for good, bad in conflicts},
            "best": {name: 1 for name in best}}


def family_items(example: Example) -> dict[str, dict[str, object]]:
    """The smallest adjusted p-value each correction allows for this many segmenters
    and resamples, and the resamples each needs to reach alpha (0.05)."""
    segmenters, resamples = (int(example.inputs[key][0]) for key in ("segmenters",
                                                                     "resamples"))
    pairs = stats_corrections.pairs_among(segmenters)
    floor = usage.smallest_p_value(resamples)
    alpha = stats_options.StatsOptions().alpha
    return {"floor": {"pairs": pairs, **{method: stats_corrections.smallest_adjusted(
                floor, pairs, method) for method in stats_choices.CORRECTIONS}},
            "needed": {method: usage.resamples_for_family(alpha, pairs, method)
                       for method in stats_choices.CORRECTIONS}}


def signature_of(written: str) -> str:
    """The signature evalkit makes from the fields written in the document."""
    fields = signature_fields(written)
    systems = []
    for entry in re.findall(r"([^,=]+)=([^\[]+)\[([^\]]*)\]", fields["systems"]):
        options = dict(item.split("=", 1) for item in entry[2].split(";") if item)
        systems.append(SystemInfo(entry[0], entry[0], entry[1], options, 0.0))
    settings = None
    if "resamples" in fields:
        level = fields.get("ci")
        settings = StatsSettings(
            level=None if level is None else float(level.rstrip("%")) / 100,
            paired="test" in fields, test=fields.get("test", ""),
            resamples=int(fields["resamples"]), seed=int(fields["seed"]),
            correction=fields.get("correction", ""),
            alpha=float(fields.get("alpha", "0.05")), metric_tested="word_f1",
            baseline=fields.get("baseline", ""), resampling_unit=fields["resample"])
    lexicon = None if fields["lexicon"] == "none" else \
        LexiconRecord("", "lexicon", fields["lexicon"], 0)
    return signature(fields["metric"], fields["norm"], lexicon, systems, settings,
                     raw=fields.get("raw"))


def check_items(values: dict[str, object], written: str, where: str) -> None:
    """Every ``name value`` item of a result line equals evalkit's figure."""
    for item in written.split(", "):
        name, _, shown = item.rpartition(" ")
        if not name:  # a bare name: a member of a set
            name, shown = shown, "1"
        assert name in values, f"{where}: evalkit gives no {name!r}"
        value = values[name]
        if shown == "n/a":  # what the script prints where it would divide by zero
            assert value is None, f"{where}: {name} is {value}"
            continue
        assert isinstance(value, int | float), f"{where}: {name} is {value}"
        if "." in shown:
            decimals = len(shown.split(".")[1])
            assert f"{value:.{decimals}f}" == shown, f"{where}: {name} is {value}"
        else:
            assert value == int(shown), f"{where}: {name} is {value}"
    assert len(written.split(", ")) == len(values) or not written, \
        f"{where}: the line leaves out some of {sorted(values)}"


def constants() -> dict[str, Callable[[], dict[str, object]]]:
    options = stats_options.StatsOptions()
    return {
        "defaults": lambda: {"resamples": options.resamples, "seed": options.seed,
                             "alpha": options.alpha},
        "gate": lambda: {"resamples": check.RESAMPLES, "seed": check.SEED},
    }


def verify(example: Example) -> None:  # noqa: PLR0912 (one branch per kind of line)
    where = f"docs/scoring.md line {example.line}"
    items: dict[str, dict[str, object]] = {}
    if any(key in EXACT for key, _ in example.results):
        row, described = scored(example)
        items.update(prf_items(row.counts))
        items["raw"] = dict(described)
        items["sentences"] = {"": len(row.per_sentence)}
    if example.inputs.get("mode") == ["sighan"]:
        items["sighan"] = dict(sighan_items(example))
    if "f1" in example.inputs:
        items.update(pairs_items(example))
    if "segmenters" in example.inputs:
        items.update(family_items(example))
    items.update({key: make() for key, make in constants().items()})
    checked = 0
    for key, written in example.results:
        checked += 1
        if key == "error":
            with pytest.raises(TextMismatchError) as raised:
                scored(example)
            assert written in str(raised.value), f"{where}: {raised.value}"
        elif key in ("holm", "bh"):
            given = [float(p) for p in example.inputs["p"][0].split()]
            adjusted = stats_corrections.adjust(given, key)
            assert " ".join(f"{p:.3f}" for p in adjusted) == written, where
        elif key in ("moved line breaks", "differences"):
            field_name = "moved_line_breaks" if key == "moved line breaks" else "differences"
            assert items["raw"][field_name] == int(written), where
        elif key == "sentences":
            assert items["sentences"][""] == int(written), where
        elif key == "sentence-final":
            assert set(written) == set(SENTENCE_FINAL) and len(written) == len(SENTENCE_FINAL)
        elif key == "longest common subsequence":
            pairs = zip(example.inputs["gold"], example.inputs["pred"], strict=True)
            assert sum(longest_common(script_words(g), script_words(p))
                       for g, p in pairs) == int(written), where
        elif key == "many":
            check_items({n: _many(int(n)) for n in re.findall(r"(\d+) \d+", written)},
                        written, where)
        elif key == "verdicts":
            assert tuple(written.split(", ")) == check.VERDICTS, where
        elif key == "failing":
            assert tuple(written.split(", ")) == check.FAILING, where
        elif key == "signature":
            assert written.startswith(f"evalkit:{__version__}|"), where
            assert signature_of(written) == written, where
        else:
            assert key in items, f"{where}: unknown result line {key!r}"
            check_items(items[key], written, where)
    assert checked, f"{where}: an example with nothing to check"


@pytest.mark.parametrize("example", examples(), ids=lambda e: f"line{e.line}")
def test_worked_example(example: Example) -> None:
    verify(example)


def test_the_examples_cover_the_rules() -> None:
    """The document keeps worked examples for the rules that have numbers."""
    kinds = {key for example in examples() for key, _ in example.results}
    assert {"words", "boundaries", "edits", "gold classes", "vocabulary", "error", "sighan",
            "sentences", "holm", "bh", "ranks", "conflicts", "signature", "verdicts", "best",
            "floor", "needed",
            "moved line breaks", "differences", "longest common subsequence"} <= kinds


def test_a_wrong_figure_in_an_example_fails() -> None:
    example = Example(0, {"gold": ["中国 人民"], "pred": ["中国 人 民"]},
                      [("words", "gold 2, predicted 3, correct 1, P 0.333, R 0.500, F1 0.400")])
    verify(example)
    example.results = [("words", "gold 2, predicted 3, correct 1, P 0.333, R 0.500, F1 0.401")]
    with pytest.raises(AssertionError):
        verify(example)


def test_unicode_escapes_are_read() -> None:
    assert unicodedata.name(decode("\\u0301")) == "COMBINING ACUTE ACCENT"
