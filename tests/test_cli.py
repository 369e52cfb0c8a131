"""The command line end to end: the seed comparison, output streams, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from evalkit.results import from_document
from tests.conftest import REPO, SEED


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """One real `evalkit compare` on the seed with jieba and pkuseg, run once per module."""
    out = tmp_path_factory.mktemp("reports")
    completed = subprocess.run(
        [sys.executable, "-m", "evalkit", "compare", "-s", "jieba", "-s", "pkuseg",
         "--out", str(out)], cwd=REPO, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout, out


def test_seed_table_matches_the_independent_figures(seed_run: tuple[str, Path]) -> None:
    """Cross-check from the issue: jieba 901/901/901; pkuseg 901/927, P .8759 R .9012."""
    stdout, _ = seed_run
    rows = {line.split()[1]: line.split() for line in stdout.splitlines()
            if line.startswith("000_c514ef1e1ad5938b")}
    assert rows["jieba"][2:8] == ["901", "901", "901", "1.000", "1.000", "1.000"]
    assert rows["pkuseg"][2:8] == ["901", "927", "812", "0.876", "0.901", "0.888"]
    assert "warning: jieba reproduces 000_c514ef1e1ad5938b exactly" in stdout
    assert "gold may have been produced by jieba" in stdout
    assert "pkuseg reproduces" not in stdout


def test_seed_results_document(seed_run: tuple[str, Path]) -> None:
    _, out = seed_run
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    by_name = {row["segmenter"]: row for row in document["results"]}
    assert by_name["pkuseg"]["counts"]["correct_words"] == 812
    assert by_name["pkuseg"]["word"]["precision"] == pytest.approx(812 / 927)
    assert by_name["pkuseg"]["word"]["recall"] == pytest.approx(812 / 901)
    assert by_name["pkuseg"]["word"]["f1"] == pytest.approx(0.8884, abs=5e-5)
    jieba = next(r for r in from_document(document).rows if r.segmenter == "jieba")
    assert jieba.per_unit.tolist() == [[901, 901, 901, 900, 900, 900] + [0] * 11]
    pkuseg = by_name["pkuseg"]["counts"]
    assert pkuseg["substitutions"] + pkuseg["deletions"] == 901 - 812
    assert pkuseg["substitutions"] + pkuseg["insertions"] == 927 - 812
    assert document["lexicon"] is None and "vocabulary" not in by_name["jieba"]
    assert [s["name"] for s in document["segmenters"]] == ["jieba", "pkuseg"]
    assert document["segmenters"][0]["version"] == "0.42.1"
    assert (out / "results.md").read_text(encoding="utf-8").startswith("# evalkit comparison")


def test_json_flag_prints_only_the_document(capsys: pytest.CaptureFixture[str],
                                            fake_segmenters: None, tmp_path: Path) -> None:
    assert main(["compare", "--gold", str(SEED), "-s", "chars", "--json", "--no-save"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["results"][0]["boundary"]["recall"] == 1.0
    assert document["corpora"][0]["words"] == 901


def test_several_corpora_give_blocks_and_macro_average(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("中国 人民\n\n北京 大学 生\n", encoding="utf-8")
    assert main(["compare", "--gold", str(SEED), "--gold", str(other), "-s", "chars",
                 "--no-save", "--format", "plain", "--digits", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:4]] == ["000_c514ef1e1ad5938b", "other",
                                                        "macro"]
    # other: 5 gold words, 9 single characters predicted, 1 correct ("生")
    assert lines[2].split()[2:8] == ["5", "9", "1", "0.11", "0.20", "0.14"]


def test_chatter_from_segmenters_goes_to_stderr(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None) -> None:
    assert main(["compare", "--gold", str(SEED), "-s", "chatty", "--json", "--no-save"]) == 0
    captured = capfd.readouterr()
    json.loads(captured.out)  # stdout is the JSON document and nothing else
    assert "Model loaded succeed" in captured.err and "C-level chatter" in captured.err


def test_quiet_holds_back_chatter(capfd: pytest.CaptureFixture[str],
                                  fake_segmenters: None) -> None:
    assert main(["compare", "--gold", str(SEED), "-s", "chatty", "--no-save", "-q",
                 "--no-cache"]) == 0
    assert capfd.readouterr().err == ""


def test_quiet_still_shows_a_failing_segmenters_output(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None) -> None:
    assert main(["compare", "--gold", str(SEED), "-s", "chatty_crasher", "-s", "chatty",
                 "--no-save", "-q", "--no-cache"]) == 1
    err = capfd.readouterr().err
    failed = err[err.index("'chatty_crasher' failed; it printed:"):]
    assert "  Model loaded succeed" in failed and "  C-level chatter" in failed
    assert "model file is corrupt" in err
    assert err.count("Model loaded succeed") == 1  # the healthy chatty stays quiet


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(("content", "expected"), [
    (None, "no such file"),
    ("", "is empty"),
    (" | \n", "holds no words"),
    ("中国||人民", ":1:4: empty word"),
    (b"\xff\xfe", ":1:1: not valid UTF-8"),
])
def test_bad_gold_is_one_line_exit_3_and_no_report(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path,
        content: str | bytes | None, expected: str) -> None:
    gold = tmp_path / "gold.txt"
    if isinstance(content, bytes):
        gold.write_bytes(content)
    elif content is not None:
        gold.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["compare", "--gold", str(gold), "-s", "chars", "--out", str(out)]) == \
        Exit.BAD_INPUT
    captured = capfd.readouterr()
    assert captured.out == ""
    line = one_error_line(captured.err)
    assert line.startswith(f"evalkit: error: {gold}") and expected in line
    assert not (out / "results.json").exists()


def test_broken_conllu_line(capfd: pytest.CaptureFixture[str], fake_segmenters: None,
                            tmp_path: Path) -> None:
    gold = tmp_path / "g.conllu"
    gold.write_text("1\t好\t_\t_\t_\t_\t_\t_\t_\t_\n2\t人\t_\t_\n", encoding="utf-8")
    assert main(["compare", "--gold", str(gold), "-s", "chars", "--no-save"]) == \
        Exit.BAD_INPUT
    assert ":2:1: expected 10 tab-separated fields" in one_error_line(capfd.readouterr().err)


def test_unknown_segmenter_lists_the_valid_ones(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "-s", "nosuch", "--no-save"]) == Exit.USAGE
    line = one_error_line(capfd.readouterr().err)
    assert "unknown segmenter 'nosuch'; registered: jieba, pkuseg" in line


def test_unknown_table_format(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--format", "nosuch", "--no-save"]) == Exit.USAGE
    assert "unknown table format 'nosuch'; choose one of" in capfd.readouterr().err


@pytest.mark.parametrize(("segmenter", "expected"), [
    ("dropper", "unit 1 (line 1): output differs from the gold text at offset 3"),
    ("crasher", "RuntimeError: model file is corrupt"),
    ("broken", "cannot be imported (No module named 'missing_model')"),
])
def test_failing_segmenter_does_not_take_the_others_down(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path,
        segmenter: str, expected: str) -> None:
    out = tmp_path / "out"
    status = main(["compare", "--gold", str(SEED), "-s", segmenter, "-s", "chars",
                   "--out", str(out)])
    assert status == Exit.SEGMENTER_FAILED
    captured = capfd.readouterr()
    lines = captured.out.splitlines()
    assert lines[2].split()[:3] == ["000_c514ef1e1ad5938b", segmenter, "failed"]
    assert lines[3].split()[:4] == ["000_c514ef1e1ad5938b", "chars", "ok", "901"]
    assert f"failed: {segmenter}" in captured.out and expected in captured.out
    assert f"segmenter {segmenter!r}" in captured.err and expected in captured.err
    assert "Traceback" not in captured.err
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [f["segmenter"] for f in document["failures"]] == [segmenter]
    assert expected in document["failures"][0]["reason"]
    assert [r["segmenter"] for r in document["results"]] == ["chars"]


def test_unwritable_out(capfd: pytest.CaptureFixture[str], fake_segmenters: None,
                        tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    assert main(["compare", "--gold", str(SEED), "-s", "chars", "--out",
                 str(blocker / "reports")]) == Exit.CANNOT_WRITE
    captured = capfd.readouterr()
    assert captured.out == ""  # checked before any segmenter runs
    assert "cannot write results there" in one_error_line(captured.err)


def test_default_corpus_is_seeds_folder(capsys: pytest.CaptureFixture[str],
                                        fake_segmenters: None,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert main(["compare", "-s", "chars", "--no-save"]) == 0
    assert "000_c514ef1e1ad5938b  chars" in capsys.readouterr().out


def test_segmenters_command_lists_builtins(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segmenters"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert rows["jieba"][:4] == ["jieba", "jieba", "0.42.1", "yes"]
    assert rows["jieba"][-1] == "MIT"  # as jieba's own metadata declares
    assert rows["pkuseg"][:4] == ["pkuseg", "pkuseg", "0.0.25", "yes"]
    assert rows["jieba_fast"][:4] == ["jieba_fast", "jieba-fast", "0.53", "yes"]
    assert set(rows) >= {"thulac", "snownlp", "rjieba", "jiagu"}


def test_help_imports_nothing_heavy() -> None:
    """`evalkit --help` must stay instant: no segmenter, numpy or tabulate import."""
    code = ("import sys\nfrom evalkit.cli import main\nmain(['--help'])\n"
            "print(sorted(m for m in ('jieba', 'pkuseg', 'numpy', 'tabulate') "
            "if m in sys.modules))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               check=True, env={**os.environ, "COLUMNS": "100"})
    assert completed.stdout.strip().endswith("[]")
    assert "usage: evalkit" in completed.stdout


def test_python_dash_m_and_console_script_agree() -> None:
    script = Path(sys.executable).parent / "evalkit"
    module = subprocess.run([sys.executable, "-m", "evalkit", "--version"],
                            capture_output=True, text=True, check=True)
    console = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                             check=True)
    assert module.stdout == console.stdout == "evalkit 0.1.0\n"


def test_the_program_runs_its_command_without_the_cycle_collector() -> None:
    """evalkit.cli.entry (the console script and ``python -m evalkit``): the collector is
    off while the command runs and the survivors are frozen before exit; main() alone
    (tests, embedding) leaves the collector as it found it."""
    code = ("import gc, sys\nimport evalkit.cli as cli\nseen = []\n"
            "def main(argv=None):\n    seen.append(gc.isenabled())\n    return 3\n"
            "cli.main = main\nstatus = cli.entry()\n"
            "print(seen, gc.isenabled(), gc.get_freeze_count() > 0, status)\n")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               check=True)
    assert completed.stdout.split() == ["[False]", "False", "True", "3"]
    inside = ("import gc\nfrom evalkit.cli import main\nmain(['segmenters', '--help'])\n"
              "print(gc.isenabled(), gc.get_freeze_count())")
    plain = subprocess.run([sys.executable, "-c", inside], capture_output=True, text=True,
                           check=True)
    assert plain.stdout.split()[-2:] == ["True", "0"]


def test_a_plain_score_imports_no_statistics(tmp_path: Path) -> None:
    """Without --ci the statistics module and its records (~10 ms) stay unimported."""
    gold, pred = tmp_path / "g.txt", tmp_path / "p.txt"
    gold.write_text("中国 人民\n", encoding="utf-8")
    pred.write_text("中国 人 民\n", encoding="utf-8")
    code = ("import sys\nfrom evalkit.cli import main\n"
            f"status = main(['score', {str(gold)!r}, {str(pred)!r}])\n"
            "print(status, sorted(m for m in ('evalkit.stats', 'evalkit.stats_records') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[-1] == "0 []"


def test_help_builds_no_dataclass() -> None:
    """The choices --help shows come from stats_choices, which imports nothing: the
    dataclasses module (~8 ms with inspect) waits for a command that needs it."""
    code = ("import sys\nfrom evalkit.cli import main\nmain(['compare', '--help'])\n"
            "print('dataclasses' in sys.modules)")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               check=True, env={**os.environ, "COLUMNS": "100"})
    assert completed.stdout.splitlines()[-1] == "False"
