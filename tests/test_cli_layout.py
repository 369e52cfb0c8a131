"""The command line only parses and renders: choices come from the registries,
and what used to be decided in cli.py is the library's (issue 16)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evalkit import formats, normalize, report, stats_choices
from evalkit.cli import Exit, build_parser, main
from evalkit.errors import BaselineRefusedError
from evalkit.results_files import ResultsFiles
from tests.conftest import SEED


def test_choices_follow_the_registries(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name added to a registry is offered by the parser, with no second list."""
    monkeypatch.setitem(normalize.NORMALISERS, "casefold", str.casefold)
    monkeypatch.setitem(report.EXTENSIONS, "text", "txt")
    monkeypatch.setattr(formats, "INPUT_FORMATS", (*formats.INPUT_FORMATS, "bies"))
    monkeypatch.setattr(formats, "OUTPUT_FORMATS", (*formats.OUTPUT_FORMATS, "bies"))
    monkeypatch.setattr(stats_choices, "TESTS", (*stats_choices.TESTS, "permutation"))
    monkeypatch.setattr(stats_choices, "CORRECTIONS", (*stats_choices.CORRECTIONS, "bonf"))
    parser = build_parser()
    score = parser.parse_args(["score", "g", "p", "--normalize", "casefold",
                               "--format-in", "bies"])
    assert (score.normalize, score.format_in) == ("casefold", "bies")
    compare = parser.parse_args(["compare", "--report", "text", "--test", "permutation",
                                 "--correction", "bonf"])
    assert (compare.report, compare.test, compare.correction) == (["text"], "permutation",
                                                                  "bonf")
    assert parser.parse_args(["report", "r.json", "--format", "text"]).format == "text"
    assert parser.parse_args(["segment", "in.txt", "-s", "jieba",
                              "--format-out", "bies"]).format_out == "bies"
    assert parser.parse_args(["check", "--baseline", "b.json", "--normalize",
                              "casefold"]).normalize == "casefold"


def test_the_registries_have_the_names_the_cli_offered() -> None:
    """The derived choices are the ones cli.py used to list by hand, in that order."""
    assert tuple(report.EXTENSIONS) == ("md", "html", "latex", "csv", "json")
    assert formats.INPUT_FORMATS == ("pipe", "whitespace", "conllu", "tagged", "raw")
    assert formats.OUTPUT_FORMATS == ("whitespace", "pipe", "tagged")
    assert tuple(normalize.NORMALISERS) == ("none", "width", "nfkc")
    assert stats_choices.TESTS == ("bootstrap", "ar")
    assert stats_choices.CORRECTIONS == ("holm", "bh", "none")


def test_importing_evalkit_and_its_parser_stays_light() -> None:
    code = ("import sys, evalkit\nfrom evalkit.cli import build_parser\nbuild_parser()\n"
            "print(sorted(m for m in ('numpy', 'tabulate', 'evalkit.results', "
            "'evalkit.corpus', 'evalkit.stats') if m in sys.modules))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               check=True)
    assert completed.stdout.strip() == "[]"


def test_gate_rule_states_the_bootstrap_constants(monkeypatch: pytest.MonkeyPatch) -> None:
    from evalkit import check
    from evalkit.gate import rule

    assert rule(0.5, None) == "--max-drop 0.5 F1 points"
    monkeypatch.setattr(check, "RESAMPLES", 250)
    monkeypatch.setattr(check, "SEED", 7)
    assert rule(1, 0.05).endswith("(paired bootstrap on the stored per-sentence counts, "
                                  "250 resamples, seed 7)")


def test_a_refused_baseline_is_raised_after_the_reports_are_written(tmp_path: Path) -> None:
    from dataclasses import replace

    import evalkit
    from evalkit.results import Failure

    results = evalkit.score(SEED, SEED)
    failed = replace(results, failures=[Failure("broken", None, "would not load")])
    files = ResultsFiles(tmp_path / "out", baseline=tmp_path / "b" / "baseline.json")
    files.prepare()
    with pytest.raises(BaselineRefusedError) as refused:
        files.write(failed)
    assert str(refused.value) == ("no baseline saved: a baseline needs every segmenter to "
                                  "succeed")
    assert (tmp_path / "out" / "results.json").is_file()
    assert not (tmp_path / "b" / "baseline.json").exists()
    files.write(results)
    assert (tmp_path / "b" / "baseline.json").is_file()


def test_compare_refuses_the_baseline_with_one_line_and_status_1(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("中国 人民\n北京 大学\n", encoding="utf-8")
    code = main(["compare", "--gold", str(gold), "-s", "chars", "-s", "crasher", "--no-cache",
                 "--out", str(tmp_path / "out"), "--save-baseline",
                 str(tmp_path / "baseline.json"), "-q"])
    captured = capsys.readouterr()
    assert code == Exit.SEGMENTER_FAILED
    assert captured.err.splitlines()[-1] == ("evalkit: error: no baseline saved: a baseline "
                                            "needs every segmenter to succeed")
    assert "chars" in captured.out  # the table is printed before
    assert (tmp_path / "out" / "results.json").is_file()
    assert not (tmp_path / "baseline.json").exists()


def test_every_package_is_shipped() -> None:
    """pyproject.toml lists packages by hand: a new one (cli/, cli/commands/) must be
    in the list, or `pip install .` gives a console script that cannot import."""
    import tomllib

    from tests.conftest import REPO

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(REPO).parts)
             for path in (REPO / "evalkit").rglob("__init__.py")}
    assert found <= listed


def test_compare_options_become_one_frozen_request() -> None:
    import dataclasses

    from evalkit.api import CompareRequest
    from evalkit.cli.commands import compare

    args = build_parser().parse_args(
        ["compare", "--gold", "a.txt", "--gold", "sighan2005", "--raw", "a.raw", "-s", "jieba",
         "-s", "mine=cmd:./seg", "--lexicon", "w.txt", "--normalize", "width", "--ci", "90",
         "--paired", "--baseline", "mine", "--sighan", "--no-save", "-q", "--no-cache"])
    request = compare.request(args)
    assert isinstance(request, CompareRequest)
    assert (request.gold, request.raw, request.segmenters, request.lexicon) == (
        ("a.txt", "sighan2005"), ("a.raw",), ("jieba", "mine=cmd:./seg"), ("w.txt",))
    assert (request.normalize, request.sighan, request.files_asked) == ("width", True, ())
    assert request.statistics is not None
    assert (request.statistics.level, request.statistics.paired,
            request.statistics.baseline) == (0.9, True, "mine")
    assert request.run is not None and request.run.cache is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.gold = ()  # type: ignore[misc]
