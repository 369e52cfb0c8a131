"""``score --sighan`` pairs lines as the SIGHAN ``score`` script does at the files' ends.

The script reads one line from each file until either ends, so the longer file's
extra lines are never read. Extra lines without words (blank, or only spaces)
change nothing there, and are ignored here too (a prediction with two blank lines
appended was refused); extra lines with words, which the script drops silently,
are still refused, with the line where the files part ways. Where perl and diff are
present the figures are compared with the script's own ``###`` line; otherwise that
part is skipped with the reason (a failure in CI).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from evalkit.sighan import Lines, without_extra_blank_lines
from tests.conftest import require_tool, required_in_ci
from tests.test_rawtext import SIGHAN

GOLD = "中国 人民 很 好\n他 说 中国话\n\n我们 在 北京\n"
PREDICTION = "中国人民 很 好\n他 说 中国 话\n\n我们 在北京\n"
LEXICON = "中国\n人民\n我们\n"

ACCEPTED = {  # gold, prediction: extra lines without words on one side
    "prediction with two blank lines appended": (GOLD, PREDICTION + "\n\n"),
    "prediction with lines of spaces appended": (GOLD, PREDICTION + " \t\n\u3000\n\n"),
    "gold with blank lines appended": (GOLD + "\n\n", PREDICTION),
    "gold's last line blank, prediction without it": (GOLD + "\n", PREDICTION),
    "prediction without a final line feed": (GOLD, PREDICTION.rstrip("\n")),
}
REFUSED = {  # gold, prediction, the message's end: extra lines with words
    "prediction with a line of words appended": (
        GOLD, PREDICTION + "多余 的\n\n",
        "the prediction goes on after the gold's last unit, from the prediction's line 5 "
        "('多余的')"),
    "prediction without the gold's last line": (
        GOLD, PREDICTION.rsplit("\n", 2)[0] + "\n", "the prediction ends before gold line 4 "
        "('我们在北京')"),
    "prediction without the blank line inside": (
        GOLD, PREDICTION.replace("\n\n", "\n"), "the first unit whose text differs is "
        "unit 3 (gold line 3 holds '', the prediction's line 3 '我们在北京')"),
}


def write(directory: Path, gold: str, prediction: str) -> tuple[Path, Path, Path]:
    paths = directory / "gold.txt", directory / "pred.txt", directory / "words.txt"
    for path, text in zip(paths, (gold, prediction, LEXICON), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def hash_line(text: str) -> list[str]:
    return next(line for line in text.splitlines() if line.startswith("###")).split("\t")


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_extra_lines_without_words_are_ignored_as_the_script_ignores_them(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, prediction, words = write(tmp_path, *ACCEPTED[case])
    assert main(["score", "--sighan", str(gold), str(prediction), "--lexicon",
                 str(words)]) == Exit.OK
    ours = hash_line(capsys.readouterr().out)
    # the figures of the same files without the extra lines
    plain = tmp_path / "plain"
    plain.mkdir()
    gold2, prediction2, words2 = write(plain, GOLD, PREDICTION)
    assert main(["score", "--sighan", str(gold2), str(prediction2), "--lexicon",
                 str(words2)]) == Exit.OK
    assert ours[2:] == hash_line(capsys.readouterr().out)[2:]


@pytest.mark.parametrize("case", list(REFUSED))
def test_extra_lines_with_words_are_refused_with_their_line(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text_gold, text_prediction, where = REFUSED[case]
    gold, prediction, words = write(tmp_path, text_gold, text_prediction)
    assert main(["score", "--sighan", str(gold), str(prediction), "--lexicon",
                 str(words)]) == Exit.SEGMENTER_FAILED
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().endswith(where), captured.err


def test_the_line_numbers_of_messages_are_kept_when_blank_units_are_dropped() -> None:
    gold = Lines("g", [["a"], ["b"]], "0", lines=[1, 3])
    predicted = Lines("p", [["a"], ["b"], [], []], "1")
    kept_gold, kept_predicted = without_extra_blank_lines(gold, predicted)
    assert kept_gold is gold
    assert (kept_predicted.units, list(kept_predicted.unit_lines)) == ([["a"], ["b"]], [1, 2])
    assert without_extra_blank_lines(predicted, gold)[0].units == [["a"], ["b"]]
    longer = Lines("p", [["a"], ["b"], [], ["c"]], "1")
    assert without_extra_blank_lines(gold, longer) == (gold, longer)


def run_script(words: Path, gold: Path, prediction: Path) -> list[str]:
    result = subprocess.run(["perl", str(SIGHAN / "scripts" / "score"), str(words), str(gold),
                             str(prediction)], capture_output=True, check=True)
    return hash_line(result.stdout.decode("utf-8"))


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_the_script_prints_the_same_line_for_extra_lines_without_words(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for tool in ("perl", "diff"):
        require_tool(tool)
    if not (SIGHAN / "scripts" / "score").exists():
        required_in_ci(f"SIGHAN 2005 mirror not found at {SIGHAN} (it lives in ../shared)")
    gold, prediction, words = write(tmp_path, *ACCEPTED[case])
    assert main(["score", "--sighan", str(gold), str(prediction), "--lexicon",
                 str(words)]) == Exit.OK
    assert hash_line(capsys.readouterr().out) == run_script(words, gold, prediction)


@pytest.mark.parametrize("case", list(REFUSED))
def test_the_script_would_drop_the_extra_lines_with_words_silently(case: str,
                                                                   tmp_path: Path) -> None:
    """Why those are refused: the script prints figures that leave them out."""
    for tool in ("perl", "diff"):
        require_tool(tool)
    if not (SIGHAN / "scripts" / "score").exists():
        required_in_ci(f"SIGHAN 2005 mirror not found at {SIGHAN} (it lives in ../shared)")
    gold, prediction, words = write(tmp_path, *REFUSED[case][:2])
    result = subprocess.run(["perl", str(SIGHAN / "scripts" / "score"), str(words), str(gold),
                             str(prediction)], capture_output=True, check=True)
    counted = hash_line(result.stdout.decode("utf-8"))[6:8]
    every_word = [str(len(path.read_text(encoding="utf-8").split()))
                  for path in (gold, prediction)]
    assert counted != every_word  # some words of the longer file were never read
