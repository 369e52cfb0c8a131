"""The regression gate: evalkit check, its exit statuses, JUnit XML and the pytest plugin."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from evalkit.cli import Exit, main
from evalkit.results import from_document
from tests.conftest import SEED

pytest_plugins = ["pytester"]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> Path:
    """A folder with the seed (as seed.txt) and a baseline of jieba on it."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "seed.txt")
    assert main(["compare", "--gold", "seed.txt", "-s", "jieba", "--save-baseline",
                 "baseline.json", "--no-save", "-q"]) == Exit.OK
    capsys.readouterr()
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", "--baseline", "baseline.json", "-q", *args])
    return code, capsys.readouterr().out


def verdict_of(out: str, segmenter: str) -> list[str]:
    row = next(line for line in out.splitlines() if f"  {segmenter} " in line)
    return row.split()


def test_baseline_file_is_versioned_and_complete(workspace: Path) -> None:
    document = json.loads((workspace / "baseline.json").read_text(encoding="utf-8"))
    assert document["evalkit_baseline"]["schema"] == 2
    assert document["corpora"][0]["encoding"] == "utf-8"
    assert document["specs"] == ["jieba"]
    assert from_document(document).rows[0].per_sentence.size
    assert document["signature"].startswith("evalkit:")


def test_unchanged_run_passes(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out = check(capsys)
    assert code == Exit.OK
    assert verdict_of(out, "jieba")[-1] == "unchanged"
    assert "1 rows pass, 0 fail" in out


def test_user_dictionary_that_merges_words_fails_the_gate(
        capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    """A real regression: jieba with a dictionary that glues frequent words together."""
    (workspace / "merges.txt").write_text("的部署 100000\n抗击疫情 100000\n企业复工 100000\n"
                                          "分片包干联系 100000\n", encoding="utf-8")
    code, out = check(capsys, "-s", "jieba=jieba:user_dict=merges.txt", "--junit-xml",
                      "gate.xml")
    assert code == Exit.REGRESSION
    row = verdict_of(out, "jieba")
    assert row[-1] == "worse" and float(row[-3]) < -0.5
    assert "failing: seed × jieba: worse: F1 dropped" in out
    suite = ElementTree.parse(workspace / "gate.xml").getroot()
    assert suite.tag == "testsuite" and suite.get("failures") == "1"
    [case] = suite.findall("testcase")
    assert case.get("name") == "evalkit[seed:jieba]"
    assert case.find("failure") is not None


def test_tiny_change_is_not_significant_with_significance(
        capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    (workspace / "one.txt").write_text("周道生一直 100000\n", encoding="utf-8")
    spec = "jieba=jieba:user_dict=one.txt"
    code, out = check(capsys, "-s", spec, "--max-drop", "0")
    assert code == Exit.REGRESSION and verdict_of(out, "jieba")[-1] == "worse"
    code, out = check(capsys, "-s", spec, "--max-drop", "0", "--significance", "0.05")
    assert code == Exit.OK
    assert verdict_of(out, "jieba")[-2:] == ["not", "significant"]


def test_baseline_from_another_corpus_is_refused(
        capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    (workspace / "other.txt").write_text("中国 人民\n", encoding="utf-8")
    code = main(["check", "--baseline", "baseline.json", "--gold", "other.txt", "-q"])
    err = capsys.readouterr().err
    assert code == Exit.BASELINE_MISMATCH
    assert "baseline mismatch: the gold corpora (SHA-256) differs" in err


def test_changed_gold_file_is_refused(capsys: pytest.CaptureFixture[str],
                                      workspace: Path) -> None:
    (workspace / "seed.txt").write_text("中国|人民", encoding="utf-8")
    code = main(["check", "--baseline", "baseline.json", "-q"])
    assert code == Exit.BASELINE_MISMATCH
    assert "corpus seed (seed.txt) SHA-256 differs" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "setting"), [
    (["--normalize", "width"], "normalisation differs (baseline: none, now: width)"),
    (["--lexicon", "words.txt"], "lexicon (SHA-256) differs (baseline: None"),
])
def test_other_settings_are_refused(capsys: pytest.CaptureFixture[str], workspace: Path,
                                    args: list[str], setting: str) -> None:
    (workspace / "words.txt").write_text("中国\n", encoding="utf-8")
    assert main(["check", "--baseline", "baseline.json", "-q", *args]) == \
        Exit.BASELINE_MISMATCH
    assert setting in capsys.readouterr().err


def test_not_a_baseline(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    (workspace / "x.json").write_text("{}", encoding="utf-8")
    assert main(["check", "--baseline", "x.json"]) == Exit.BAD_INPUT
    assert "not an evalkit baseline" in capsys.readouterr().err


def test_update_accepts_a_deliberate_change(capsys: pytest.CaptureFixture[str],
                                            workspace: Path) -> None:
    (workspace / "merges.txt").write_text("的部署 100000\n", encoding="utf-8")
    spec = "jieba=jieba:user_dict=merges.txt"
    code, out = check(capsys, "-s", spec, "--max-drop", "0", "--update")
    assert code == Exit.OK
    assert "updated baseline.json: 1 rows changed" in out
    assert "seed × jieba: F1 1.0000 -> 0.9" in out
    document = json.loads((workspace / "baseline.json").read_text(encoding="utf-8"))
    assert document["specs"] == [spec]
    code, out = check(capsys)  # the baseline now re-runs the accepted spec
    assert code == Exit.OK and verdict_of(out, "jieba")[-1] == "unchanged"


def test_failing_segmenter_has_its_own_status(capsys: pytest.CaptureFixture[str],
                                              workspace: Path) -> None:
    code, out = check(capsys, "-s", "jieba=py:no_such_module:cut")
    assert code == Exit.SEGMENTER_FAILED
    assert verdict_of(out, "jieba")[-1] == "failed"


def test_github_actions_annotations(capsys: pytest.CaptureFixture[str], workspace: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    (workspace / "merges.txt").write_text("的部署 100000\n抗击疫情 100000\n",
                                          encoding="utf-8")
    code, out = check(capsys, "-s", "jieba=jieba:user_dict=merges.txt", "--max-drop", "0")
    assert code == Exit.REGRESSION
    assert "::error title=evalkit worse%3A seed × jieba::F1 dropped" in out


def test_pytest_plugin_items(pytester: pytest.Pytester) -> None:
    """One item per corpus × segmenter, failing with the gate's message."""
    gold = pytester.path / "gold.txt"
    gold.write_text("中国|人民|银行\n北京|大学\n", encoding="utf-8")
    (pytester.path / "good.txt").write_text("中国 人民 银行\n北京 大学\n", encoding="utf-8")
    (pytester.path / "drifting.txt").write_text("中国 人民 银行\n北京 大学\n",
                                                encoding="utf-8")
    assert main(["compare", "--gold", str(gold), "-s", f"good=file:{pytester.path}/good.txt",
                 "-s", f"drifting=file:{pytester.path}/drifting.txt", "--save-baseline",
                 str(pytester.path / "baseline.json"), "--no-save", "-q"]) == Exit.OK
    (pytester.path / "drifting.txt").write_text("中国人民 银行\n北京大学\n", encoding="utf-8")
    pytester.makepyfile(test_nothing="def test_ok():\n    assert True\n")
    result = pytester.runpytest("--evalkit-baseline", str(pytester.path / "baseline.json"),
                                "-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*evalkit?gold:good? PASSED*",
                                 "*evalkit?gold:drifting? FAILED*",
                                 "*gold × drifting: worse: F1 dropped*"])


def test_pytest_plugin_is_off_without_its_option(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_nothing="def test_ok():\n    assert True\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_documented_workflow_runs_a_valid_gate_command() -> None:
    """The GitHub Actions example calls evalkit check with flags that exist."""
    from evalkit.cli import build_parser
    from tests.conftest import REPO

    text = (REPO / "docs" / "evalkit-gate.yml").read_text(encoding="utf-8")
    start = text.index("evalkit check")
    command = " ".join(text[start:text.index("- name:", start)].split())
    args = build_parser().parse_args(command.split()[1:])
    assert args.command == "check" and args.significance == 0.05 and args.junit_xml


def test_editing_a_user_dictionary_is_never_served_from_the_cache(
        capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    words = workspace / "d.txt"
    spec = "jieba=jieba:user_dict=d.txt"
    words.write_text("的部署 100000\n", encoding="utf-8")
    _, first = check(capsys, "-s", spec, "--max-drop", "99")
    words.write_text("的部署 100000\n抗击疫情 100000\n企业复工 100000\n", encoding="utf-8")
    _, second = check(capsys, "-s", spec, "--max-drop", "99")
    assert verdict_of(first, "jieba")[3] != verdict_of(second, "jieba")[3]  # current F1


@pytest.fixture
def ud_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str], ud_test: Path) -> Path:
    """A baseline of jieba and jiagu on the UD test set (as issue 11 point 4 saw it)."""
    monkeypatch.chdir(tmp_path)
    assert main(["compare", "--gold", str(ud_test), "-s", "jieba", "-s", "jiagu",
                 "--save-baseline", "baseline.json", "--no-save", "-q"]) == Exit.OK
    capsys.readouterr()
    return tmp_path / "baseline.json"


def test_baseline_rows_not_checked_fail_the_gate(capsys: pytest.CaptureFixture[str],
                                                 ud_baseline: Path) -> None:
    """Point 4: '-s m=jiagu -s jieba:hmm=false' made two new rows, compared nothing,
    and the gate said '2 rows pass', exit 0."""
    code, out = check(capsys, "-s", "m=jiagu", "-s", "jieba:hmm=false")
    assert code == Exit.REGRESSION
    assert verdict_of(out, "jieba")[-1] == "missing"
    assert verdict_of(out, "jiagu")[-1] == "missing"
    assert "2 rows pass, 2 fail" in out
    assert ("to check it against this row, give it the row's name: "
            "-s jieba=jieba:hmm=false") in out


def test_only_leaves_baseline_rows_out_and_lists_them(capsys: pytest.CaptureFixture[str],
                                                      ud_baseline: Path) -> None:
    code, out = check(capsys, "--only", "jiagu")
    assert code == Exit.OK
    assert verdict_of(out, "jiagu")[-1] == "unchanged"
    assert " jieba " not in out.split("\n\n")[0]  # not run, not in the table
    assert "left out (--only): jieba: their baseline rows were not checked" in out
    assert main(["check", "--baseline", "baseline.json", "--only", "nosuch"]) == Exit.USAGE
    assert "--only 'nosuch' is not a segmenter of the baseline (jieba, jiagu)" in \
        capsys.readouterr().err


def test_verdicts_are_named_by_their_reason(capsys: pytest.CaptureFixture[str],
                                            ud_baseline: Path) -> None:
    """Point 4: a significant drop of 1.57 points within --max-drop 2 was 'within noise'."""
    code, out = check(capsys, "-s", "jieba=thulac", "-s", "jiagu", "--max-drop", "2")
    assert code == Exit.OK
    row = verdict_of(out, "jieba")
    assert row[-2:] == ["within", "tolerance"] and float(row[-3]) < 0.05
    assert "within noise" not in out
    code, out = check(capsys, "-s", "jieba=thulac", "-s", "jiagu", "--max-drop", "1",
                      "--significance", "0.001")
    assert code == Exit.OK
    assert verdict_of(out, "jieba")[-2:] == ["not", "significant"]


def test_baseline_records_the_gold_encoding(capsys: pytest.CaptureFixture[str],
                                           pytester: pytest.Pytester) -> None:
    """Point 11: a GBK baseline needed --encoding again on every check, and the pytest
    plugin had no way to say it."""
    tmp_path = pytester.path
    gbk = tmp_path / "seed.gbk.txt"
    gbk.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert main(["compare", "--gold", str(gbk), "--encoding", "gb18030", "-s", "jieba",
                 "--save-baseline", "gbk.json", "--no-save", "-q"]) == Exit.OK
    document = json.loads((tmp_path / "gbk.json").read_text(encoding="utf-8"))
    assert document["corpora"][0]["encoding"] == "gb18030"
    assert document["corpora"][0]["format"] == "pipe"
    capsys.readouterr()
    assert main(["check", "--baseline", "gbk.json", "-q"]) == Exit.OK
    assert main(["check", "--baseline", "gbk.json", "--gold", str(gbk), "-q"]) == Exit.OK
    pytester.makepyfile(test_nothing="def test_ok():\n    assert True\n")
    result = pytester.runpytest("--evalkit-baseline", str(tmp_path / "gbk.json"), "-v",
                                "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*evalkit?seed.gbk:jieba? PASSED*"])


def test_save_baseline_creates_its_folder_and_names_itself_in_errors(
        capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    """Point 13: the README's 'baselines/x.json' failed in a fresh checkout (exit 4)
    with advice about --out and --no-save."""
    assert main(["compare", "--gold", "seed.txt", "-s", "jieba", "--save-baseline",
                 "baselines/x.json", "--no-save", "-q"]) == Exit.OK
    assert json.loads((workspace / "baselines" / "x.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    code = main(["compare", "--gold", "seed.txt", "-s", "jieba", "--save-baseline",
                 "seed.txt/x.json", "--no-save", "-q"])
    captured = capsys.readouterr()
    assert code == Exit.CANNOT_WRITE and captured.out == ""  # refused before running
    assert "seed.txt: cannot write results there" in captured.err
    assert "choose another --save-baseline" in captured.err and "--out" not in captured.err


def test_update_with_a_failed_segmenter_says_the_baseline_was_not_updated(
        capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    """Point 17: --update left the baseline as it was, silently."""
    script = workspace / "mine.py"
    script.write_text("import sys\nfor line in sys.stdin:\n    print(' '.join(line.strip()))\n",
                      encoding="utf-8")
    assert main(["compare", "--gold", "seed.txt", "-s", "jieba", "-s",
                 "mine=cmd:python3 mine.py", "--save-baseline", "two.json", "--no-save",
                 "-q"]) == Exit.OK
    before = (workspace / "two.json").read_bytes()
    script.write_text("import sys\nsys.exit('mine is broken')\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["check", "--baseline", "two.json", "--update", "-q"])
    captured = capsys.readouterr()
    assert code == Exit.SEGMENTER_FAILED
    assert "error: two.json not updated: a segmenter failed: mine on seed (exited with " \
           "status 1: mine is broken); fix it, then update again" in captured.err
    assert "updated two.json" not in captured.out
    assert (workspace / "two.json").read_bytes() == before
    code = main(["check", "--baseline", "two.json", "--update", "-s", "jieba", "-q"])
    assert code == Exit.REGRESSION
    assert "two.json not updated: rows not checked: seed × mine" in capsys.readouterr().err
    assert (workspace / "two.json").read_bytes() == before


@pytest.fixture
def per_corpus_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str], fake_segmenters: None) -> Path:
    """A baseline on two tiny corpora, each with its own word list (as registered
    corpora have), so the baseline's vocabulary is recorded per corpus."""
    monkeypatch.chdir(tmp_path)
    for name, gold, words in (("a", "中国|人民|银行\n今天|好\n", "中国\n人民\n"),
                              ("b", "我们|喜欢|处理\n北京|是|首都\n", "我们\n北京\n")):
        (tmp_path / f"{name}.txt").write_text(gold, encoding="utf-8")
        (tmp_path / f"{name}.words").write_text(words, encoding="utf-8")
    assert main(["compare", "--gold", "a.txt", "--gold", "b.txt", "--lexicon", "a.words",
                 "--lexicon", "b.words", "-s", "chars", "--save-baseline", "baseline.json",
                 "--no-save", "--no-cache", "-q"]) == Exit.OK
    capsys.readouterr()
    document = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert document["lexicon"]["kind"] == "per-corpus"
    return tmp_path


def test_per_corpus_word_lists_do_not_skip_the_normalisation_check(
        capsys: pytest.CaptureFixture[str], per_corpus_baseline: Path) -> None:
    """A baseline whose corpora have their own word lists refuses another --normalize
    as any other baseline does, and --update does not rewrite it."""
    before = (per_corpus_baseline / "baseline.json").read_bytes()
    code = main(["check", "--baseline", "baseline.json", "-q", "--normalize", "width",
                 "--update", "--no-cache"])
    captured = capsys.readouterr()
    assert code == Exit.BASELINE_MISMATCH
    assert "normalisation differs (baseline: none, now: width)" in captured.err
    assert "norm:" not in captured.out
    assert (per_corpus_baseline / "baseline.json").read_bytes() == before
    assert main(["check", "--baseline", "baseline.json", "-q", "--normalize", "none",
                 "--no-cache"]) == Exit.OK


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_record_formats_print_records(capsys: pytest.CaptureFixture[str],
                                      per_corpus_baseline: Path, fmt: str,
                                      delimiter: str) -> None:
    """--format csv|tsv prints one record per verdict (full precision, empty where a
    value does not exist) and the summary lines on stderr, as compare and score do."""
    import csv

    from evalkit.check import VERDICT_HEADER

    assert main(["check", "--baseline", "baseline.json", "-q", "--format", fmt,
                 "--no-cache"]) == Exit.OK
    out, err = capsys.readouterr()
    header, *records = list(csv.reader(out.splitlines(), delimiter=delimiter))
    assert tuple(header) == VERDICT_HEADER
    assert [(r[0], r[1], r[6]) for r in records] == [("a", "chars", "unchanged"),
                                                     ("b", "chars", "unchanged")]
    assert float(records[0][2]) == float(records[0][3]) and records[0][4] == "0.0"
    assert "gate: " in err and "signature: " in err and "gate: " not in out


def test_table_shows_the_baseline_digits_unless_given(
        capsys: pytest.CaptureFixture[str], per_corpus_baseline: Path) -> None:
    assert main(["compare", "--gold", "a.txt", "-s", "chars", "--digits", "5",
                 "--save-baseline", "five.json", "--no-save", "--no-cache", "-q"]) == Exit.OK
    capsys.readouterr()
    assert main(["check", "--baseline", "five.json", "-q", "--no-cache"]) == Exit.OK
    assert verdict_of(capsys.readouterr().out, "chars")[2] == "0.14286"
    assert main(["check", "--baseline", "five.json", "-q", "--no-cache", "--digits",
                 "2"]) == Exit.OK
    assert verdict_of(capsys.readouterr().out, "chars")[2] == "0.14"
    assert main(["check", "--baseline", "five.json", "-q", "--no-cache", "--update"]) == \
        Exit.OK
    assert json.loads((per_corpus_baseline / "five.json").read_text(
        encoding="utf-8"))["settings"]["digits"] == 5
