"""Findings of a user review on validating what is asked for: numeric options, spec
syntax and contradictory output options are usage errors (exit 2, one line) found
before any segmenter runs; -q leaves stderr to errors; a line of spaces survives
``segment --format-out pipe``."""

from __future__ import annotations

import csv
import io
import json
import shlex
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evalkit import pipeline
from evalkit.cli import Exit, build_parser, main
from evalkit.corpus import parse_pipe
from evalkit.results import NOT_RUN, Failure, from_document
from evalkit.segmenters.choice import choose_segmenters
from evalkit.segmenters.spec import parse_spec
from tests.conftest import SEED


@pytest.fixture
def nothing_runs(monkeypatch: pytest.MonkeyPatch, fake_segmenters: None) -> None:
    """Any segmenter run fails the test: a usage error must come before it."""
    def run_specs(*args: object, **kwargs: object) -> None:
        raise AssertionError("a segmenter ran before the usage error")
    monkeypatch.setattr(pipeline, "run_specs", run_specs)


def _one_error_line(err: str, *parts: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("evalkit: error: "), err
    for part in parts:
        assert part in lines[0], lines[0]


@pytest.mark.parametrize(("arguments", "message"), [
    (["--ci", "--seed", "-1"], "--seed -1: a seed is a whole number, 0 or more"),
    (["-s", "dropper", "--paired", "--seed", "-1"], "--seed -1: a seed is a whole number"),
    (["--ci", "--resamples", "100001"], "--resamples 100001: at most 100,000"),
])
def test_seed_and_resamples_out_of_range_are_refused_before_anything_runs(
        capfd: pytest.CaptureFixture[str], nothing_runs: None, tmp_path: Path,
        arguments: list[str], message: str) -> None:
    out = tmp_path / "reports"
    assert main(["compare", "--gold", str(SEED), "-s", "chars", "--out", str(out),
                 "--no-cache", *arguments]) == Exit.USAGE
    _one_error_line(capfd.readouterr().err, message)
    assert not out.exists()


@pytest.mark.parametrize("arguments", [["--seed", "-1"], ["--resamples", "1000000"]])
def test_score_refuses_the_same_resampling_values(capfd: pytest.CaptureFixture[str],
                                                  arguments: list[str]) -> None:
    assert main(["score", str(SEED), str(SEED), "--ci", *arguments]) == Exit.USAGE
    _one_error_line(capfd.readouterr().err, arguments[0])


def test_seed_zero_and_a_large_seed_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    for seed in ("0", str(2 ** 70)):
        assert main(["score", str(SEED), str(SEED), "--ci", "--seed", seed]) == Exit.OK
        assert f"|seed:{seed}|" in capsys.readouterr().out


RUN_VALUES = [["-j", "0"], ["-j", "1025"], ["-j", str(10 ** 30)], ["--timeout", "nan"],
              ["--timeout", "0"], ["--timeout", "-inf"], ["--memory-limit", "0"],
              ["--memory-limit", str(2 ** 43)]]


@pytest.mark.parametrize("command", [
    ["compare", "--gold", str(SEED), "-s", "chars", "--no-save"],
    ["segment", "-s", "chars", str(SEED), "--format-in", "pipe"],
    ["check", "--baseline", "baseline.json"]])
@pytest.mark.parametrize("arguments", RUN_VALUES)
def test_run_options_out_of_range_are_one_line_usage_errors(
        capfd: pytest.CaptureFixture[str], nothing_runs: None, command: list[str],
        arguments: list[str]) -> None:
    assert main([*command, "--no-cache", *arguments]) == Exit.USAGE
    _one_error_line(capfd.readouterr().err, arguments[0])


def test_timeout_inf_means_no_timeout(capsys: pytest.CaptureFixture[str],
                                      fake_segmenters: None) -> None:
    """inf is the default (none), said explicitly; a finite huge value is a timeout."""
    parse = build_parser().parse_args
    assert parse(["compare", "--timeout", "inf"]).timeout is None
    assert parse(["compare", "--timeout", "1e300"]).timeout == 1e300
    assert main(["compare", "--gold", str(SEED), "-s", "chars", "--no-save", "--no-cache",
                 "-q", "--timeout", "inf"]) == Exit.OK


MALFORMED_SPECS = [
    ("ch=py:mymod.cut", "'mymod.cut' has no ':' between the module and the function"),
    ("x=py::cut", "'' is not a module name"),
    ("x=py:.mymod:cut", "'.mymod' is not a module name"),
    ("x=py:mymod:", "no function after 'mymod:'"),
    ("x=py:mymod:cut:z", "'cut:z' is not the name of a function"),
    ('x=cmd:"unterminated', "the command cannot be split into words (No closing quotation)"),
    ("x=cmd:seg\\", "the command cannot be split into words (No escaped character)"),
    ("x=cmd:''", "the command names no program"),
]


@pytest.mark.parametrize(("spec", "problem"), MALFORMED_SPECS)
@pytest.mark.parametrize("command", ["compare", "segment"])
def test_malformed_specs_are_usage_errors_before_anything_runs(
        capfd: pytest.CaptureFixture[str], nothing_runs: None, spec: str, problem: str,
        command: str) -> None:
    argv = (["compare", "--gold", str(SEED), "--no-save"] if command == "compare"
            else ["segment", str(SEED), "--format-in", "pipe"])
    assert main([*argv, "-s", "chars", "-s", spec, "--no-cache"]) == Exit.USAGE
    _one_error_line(capfd.readouterr().err, f"segmenter spec {spec!r}: {problem}",
                    "the form is [alias=]")


def test_well_formed_external_specs_still_parse() -> None:
    assert parse_spec("x=py:my-mod:cut").target == "my-mod:cut"  # importlib takes it
    assert parse_spec("py:a.b:C.cut").label == "py:a.b:C.cut"
    assert parse_spec("m=cmd:'./my seg' --stdin").target == "'./my seg' --stdin"


def test_a_module_that_does_not_import_is_still_a_segmenter_failure(
        capfd: pytest.CaptureFixture[str]) -> None:
    """Only the spec's syntax is a usage error; what happens when it runs is not."""
    assert main(["compare", "--gold", str(SEED), "-s", "x=py:no_such_module_xq:cut",
                 "--no-save", "--no-cache", "-q"]) == Exit.SEGMENTER_FAILED
    assert "No module named 'no_such_module_xq'" in capfd.readouterr().err


@pytest.mark.parametrize(("command", "arguments", "given"), [
    ("score", ["--format", "csv"], "--format csv"),
    ("score", ["--format", "github"], "--format github"),
    ("compare", ["--format", "csv"], "--format csv"),
    ("compare", ["--view", "rows"], "--view rows"),
])
def test_json_with_a_table_layout_is_refused(capfd: pytest.CaptureFixture[str],
                                              nothing_runs: None, command: str,
                                              arguments: list[str], given: str) -> None:
    argv = (["score", str(SEED), str(SEED)] if command == "score"
            else ["compare", "--gold", str(SEED), "-s", "chars", "--no-save"])
    assert main([*argv, *arguments, "--json"]) == Exit.USAGE
    _one_error_line(capfd.readouterr().err, f"{given} has no effect with --json")


@pytest.mark.parametrize(("specs", "suggested"), [
    (["x=chars", "x=dropper"], "x_2=dropper"),
    (["chars", "chars_2=dropper", "chars"], "chars_3=chars"),
    (["cmd:cat -u", "cmd:cat -u"], "'other_2=cmd:cat -u'"),
])
def test_a_label_given_twice_suggests_a_spec_that_works(
        fake_segmenters: None, specs: list[str], suggested: str) -> None:
    with pytest.raises(Exception, match="is given twice") as caught:
        choose_segmenters(specs)
    message = str(caught.value)
    assert message.endswith(f"e.g. -s {suggested}")
    fixed = [*specs[:-1], *shlex.split(suggested)]
    assert len({spec.label for spec in choose_segmenters(fixed)}) == len(specs)


def test_quiet_leaves_the_warning_to_the_result(
        tmp_path: Path, capfd: pytest.CaptureFixture[str], fake_segmenters: None) -> None:
    """-q: nothing on stderr but errors; the OOV warning is still under the table."""
    lexicon = tmp_path / "words.txt"
    lexicon.write_text("中国\n", encoding="utf-8")
    argv = ["compare", "--gold", str(SEED), "--lexicon", str(lexicon), "-s", "chars",
            "--no-save", "--no-cache"]
    assert main(argv) == Exit.OK
    assert "warning: 000_c514ef1e1ad5938b: OOV rate" in capfd.readouterr().err
    assert main([*argv, "-q"]) == Exit.OK
    captured = capfd.readouterr()
    assert captured.err == ""
    assert "warning: 000_c514ef1e1ad5938b: OOV rate 1.000" in captured.out


LINES = ["中国人", "   ", "\t", " 中国 ", "", "\u3000", "a \t b"]


@pytest.mark.parametrize("segmenter", ["chars", "spaces"])
def test_segment_pipe_keeps_a_line_of_spaces(tmp_path: Path, fake_segmenters: None,
                                             segmenter: str) -> None:
    """A whitespace-only unit is never given to a segmenter; its pipe line is the
    whitespace it was, which the pipe reader reads back as that text."""
    raw = tmp_path / "raw.txt"
    raw.write_text("".join(line + "\n" for line in LINES), encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["segment", "-s", segmenter, "--format-in", "raw", str(raw),
                 "--format-out", "pipe", "-o", str(out), "--no-cache", "-q"]) == Exit.OK
    written = out.read_text(encoding="utf-8").split("\n")
    assert written[1:3] == ["   ", "\t"] and written[5] == "\u3000"
    if segmenter == "chars":  # it keeps every character, whitespace included
        assert [u.text for u in parse_pipe(out.read_text(encoding="utf-8"), "o")] == LINES


lines = st.lists(st.text(st.sampled_from("中国人a \t\u3000"), max_size=6), min_size=1,
                 max_size=8).filter(lambda texts: any(not t.isspace() and t for t in texts))
"""Input lines, one with a character at least (a file of blank lines is refused)."""


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines)
def test_segment_pipe_output_reads_back_as_each_input_line(
        tmp_path: Path, fake_segmenters: None, texts: list[str]) -> None:
    """segment --format-out pipe, read back with the pipe reader, gives every input
    line's text exactly (workers run: a few examples only)."""
    raw = tmp_path / "raw.txt"
    raw.write_text("".join(text + "\n" for text in texts), encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["segment", "-s", "chars", "--format-in", "raw", str(raw), "--format-out",
                 "pipe", "-o", str(out), "--no-cache", "-q"]) == Exit.OK
    assert [u.text for u in parse_pipe(out.read_text(encoding="utf-8"), "o")] == texts


SCHEMA = json.loads((Path(__file__).parents[1] / "evalkit" / "schemas" /
                     "results.schema.json").read_text(encoding="utf-8"))


def test_fail_fast_shows_a_segmenter_it_never_ran_as_not_run(
        capfd: pytest.CaptureFixture[str], tmp_path: Path, three_golds: list[str]) -> None:
    """Its own status in the table, JSON and every report; no error line of its own
    (it did not fail); the segmenter that failed stays failed."""
    out = tmp_path / "reports"
    assert main(["compare", *three_golds, "-s", "bad=py:no_such_module_xq:cut",
                 "-s", "ok=py:tests.fakes:words", "-j", "1", "--fail-fast", "--no-cache",
                 "--out", str(out), "--report", "csv", "--report", "latex", "--report",
                 "html", "--view", "rows"]) == Exit.SEGMENTER_FAILED
    captured = capfd.readouterr()
    errors = [line for line in captured.err.splitlines() if "error:" in line]
    assert any("'bad'" in line for line in errors)
    assert not any("'ok'" in line for line in errors)
    statuses = {line.split()[2:4] == ["not", "run"] for line in captured.out.splitlines()
                if line.split()[1:2] == ["ok"]}
    assert statuses == {True}  # every ok row of the rows view
    assert "not run: ok: not run (--fail-fast after a failure)" in captured.out
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    assert {(f["segmenter"], f["status"]) for f in document["failures"]} == \
        {("bad", "failed"), ("ok", "not run")}
    csv_rows = list(csv.reader(io.StringIO((out / "results.csv").read_text("utf-8"))))
    assert {row[2] for row in csv_rows[1:] if row[1] == "ok"} == {"not run"}
    assert {row[2] for row in csv_rows[1:] if row[1] == "bad"} == {"failed"}
    markdown = (out / "results.md").read_text(encoding="utf-8")
    ok_row = next(line for line in markdown.splitlines() if line.startswith("| ok "))
    assert ok_row.count("not run") == 4 and "failed" not in ok_row  # 3 corpora, macro
    assert "not run: --fail-fast stopped the run before it ran there" in markdown
    assert r"ok & \emph{not run} & \emph{not run} & \emph{not run} & \emph{not run}" in \
        (out / "results.tex").read_text(encoding="utf-8")
    assert '<td class="">not run</td>' in (out / "results.html").read_text(encoding="utf-8")
    assert from_document(document).status("ok", "web") == NOT_RUN


def test_a_failure_recorded_before_statuses_reads_as_failed() -> None:
    recorded: dict[str, Any] = {"segmenter": "x", "corpus": None, "reason": "crashed"}
    assert Failure(**recorded).status == "failed"


def test_check_fail_fast_gives_a_row_it_never_ran_the_verdict_not_run(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not 'failed': that segmenter did not fail; the row was not checked, so it still
    fails the gate, as a missing row does."""
    monkeypatch.chdir(tmp_path)
    words = "py:tests.fakes:words"
    assert main(["compare", "--gold", str(SEED), "-s", f"a={words}", "-s", f"b={words}",
                 "--save-baseline", "baseline.json", "--no-save", "--no-cache",
                 "-q"]) == Exit.OK
    capsys.readouterr()
    assert main(["check", "--baseline", "baseline.json", "-s", "a=py:no_such_module_xq:cut",
                 "-s", f"b={words}", "-j", "1", "--fail-fast", "--no-cache",
                 "-q"]) == Exit.SEGMENTER_FAILED
    out = capsys.readouterr().out
    verdicts = {line.split()[1]: line.split()[-2:] for line in out.splitlines()
                if line.startswith("000_")}
    assert verdicts["a"][-1] == "failed" and verdicts["b"] == ["not", "run"]
    assert "0 rows pass, 2 fail" in out
