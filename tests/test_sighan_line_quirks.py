"""How the SIGHAN ``score`` script cuts a line, where ``str.split`` would cut otherwise.

The script strips ASCII whitespace from a line's ends, turns U+3000 into a space,
deletes every CR and splits at ASCII whitespace runs. A CR inside a line therefore
joins the characters around it (evalkit cut there before), and a line that starts
with U+3000 gets an empty first word, which evalkit does not copy but warns about.
Where perl and diff are present the figures are compared with the script's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from evalkit.sighan import ideographic_starts, script_words
from tests.conftest import require_tool, required_in_ci
from tests.test_rawtext import SIGHAN
from tests.test_sighan_trailing_lines import hash_line, run_script, write


def test_a_cr_inside_a_line_is_deleted_and_u3000_is_a_space() -> None:
    assert script_words("中\r国 人民\r\n") == ["中国", "人民"]
    assert script_words(" \u3000中国\u3000人民\u3000 ") == ["中国", "人民"]
    assert script_words("\u3000 \r") == []


def test_lines_that_start_with_u3000_are_found() -> None:
    assert ideographic_starts("a\n\u3000b\n c\n \t\u3000d\n\u3000") == [2, 4, 5]
    assert ideographic_starts("a\u3000b\n") == []


def test_the_script_joins_the_characters_around_a_cr(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for tool in ("perl", "diff"):
        require_tool(tool)
    if not (SIGHAN / "scripts" / "score").exists():
        required_in_ci(f"SIGHAN 2005 mirror not found at {SIGHAN} (it lives in ../shared)")
    gold, prediction, words = write(tmp_path, "中\r国 人民 很 好\n他 说\n",
                                    "中国 人民 很好\n他\r说\n")
    assert main(["score", "--sighan", str(gold), str(prediction), "--lexicon",
                 str(words)]) == Exit.OK
    ours = hash_line(capsys.readouterr().out)
    assert ours == run_script(words, gold, prediction)
    assert ours[6:8] == ["6", "4"]  # true and test word counts: 中国 and 他说 are one word


def test_a_line_starting_with_u3000_is_warned_about(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, prediction, _ = write(tmp_path, "中国 人民\n\n他 说\n",
                                    "中国 人民\n\u3000多\n\u3000他 说\n")
    assert main(["score", "--sighan", str(gold), str(prediction)]) == Exit.OK
    err = capsys.readouterr().err
    # line 2 is blank in the gold: the script skips it, so only line 3 is named
    assert "1 scored line(s) start with U+3000 (first: line 3)" in err
