"""`evalkit score`'s three input files: encodings of their own, decode errors that
suggest what decodes, a lexicon digest of words, and the prediction's own exit
status (issue 11, points 9 and 10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evalkit.cli import EXIT_HELP, Exit, main
from evalkit.corpus import read_corpus
from evalkit.encodings import decoding_candidates
from evalkit.errors import InputError
from evalkit.lexicon import read_word_list
from tests.conftest import REPO


@pytest.mark.parametrize(("name", "expected"), [
    ("pku_test_gold.txt", ["gb18030", "gbk"]), ("msr_test_gold.txt", ["gb18030", "gbk"]),
    ("as_testing_gold.txt", ["cp950", "big5hkscs"]), ("cityu_test_gold.txt", ["big5hkscs"]),
])
def test_candidates_decode_the_bakeoff_files(icwb2: Path, name: str,
                                             expected: list[str]) -> None:
    """GB18030 decodes the Big5 files too, into mojibake: it is not suggested for them."""
    data = (icwb2 / "gold" / name).read_bytes()
    assert decoding_candidates(data) == expected
    for encoding in expected:
        assert len(read_corpus(icwb2 / "gold" / name, encoding=encoding).units) > 1000


@pytest.mark.parametrize(("name", "given", "suggested"), [
    ("as_testing_gold.txt", "big5", "cp950 or big5hkscs"),
    ("cityu_test_gold.txt", "big5", "big5hkscs"),
    ("cityu_test_gold.txt", None, "big5hkscs"),
    ("pku_test_gold.txt", None, "gb18030 or gbk"),
])
def test_decode_errors_suggest_what_decodes(icwb2: Path, name: str, given: str | None,
                                            suggested: str) -> None:
    """Regression: every decode error ended 'e.g. --encoding gb18030', even for Big5."""
    with pytest.raises(InputError) as error:
        read_corpus(icwb2 / "gold" / name, encoding=given)
    message = str(error.value)
    first = suggested.split(maxsplit=1)[0]
    assert f"the file decodes as {suggested}: pass --encoding {first}" in message
    if "big5" in suggested:
        assert "gb18030" not in message


def test_decode_error_without_candidates(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_bytes(b"\x81\xfe\xfa" * 3 + b"\x81")
    with pytest.raises(InputError, match=r"none of .* decodes it into plausible text: pass "
                       r"--encoding with the file's encoding"):
        read_corpus(path)


def test_gbk_gold_with_utf8_prediction(capsys: pytest.CaptureFixture[str],
                                       icwb2: Path) -> None:
    """Regression: one --encoding applied to gold and prediction alike."""
    gold, pred = icwb2 / "gold" / "pku_test_gold.txt", icwb2 / "gold" / "pku_test_gold.utf8"
    assert main(["score", "--encoding", "gbk", str(gold), str(pred), "--format", "plain"]) == 0
    assert "104372  104372     104372  1.000" in capsys.readouterr().out
    # and the other way round, with the prediction's own option
    assert main(["score", str(pred), str(gold), "--pred-encoding", "gbk"]) == 0
    capsys.readouterr()


def test_prediction_encoding_error_names_its_option(capfd: pytest.CaptureFixture[str],
                                                    icwb2: Path) -> None:
    gold, pred = icwb2 / "gold" / "pku_test_gold.utf8", icwb2 / "gold" / "pku_test_gold.txt"
    assert main(["score", str(gold), str(pred)]) == Exit.SEGMENTER_FAILED
    err = capfd.readouterr().err
    assert "not valid UTF-8" in err and "pass --pred-encoding gb18030" in err


def test_lexicon_digest_is_of_its_words(icwb2: Path, tmp_path: Path) -> None:
    """Regression: the same 55,303 words in GBK and UTF-8 gave two digests."""
    utf8 = icwb2 / "gold" / "pku_training_words.utf8"
    gbk = tmp_path / "words.gbk.txt"
    lines = utf8.read_text(encoding="utf-8").split("\n")
    gbk.write_bytes("\r\n".join(reversed(lines)).encode("gbk"))
    one, other = read_word_list(utf8), read_word_list(gbk, "gbk")
    assert len(one.words) == 55303
    assert one.sha256 == other.sha256 and one.file_sha256 != other.file_sha256


def test_lexicon_has_its_own_encoding_in_score(capsys: pytest.CaptureFixture[str],
                                               icwb2: Path, tmp_path: Path) -> None:
    gold = icwb2 / "gold" / "pku_test_gold.txt"
    words = icwb2 / "gold" / "pku_training_words.utf8"
    gbk_words = tmp_path / "words.gbk.txt"
    gbk_words.write_bytes(words.read_text(encoding="utf-8").encode("gbk"))
    signatures = []
    for lexicon, extra in ((words, []), (gbk_words, ["--lexicon-encoding", "gbk"]),
                           (gbk_words, [])):  # not UTF-8: falls back to --encoding
        assert main(["score", "--encoding", "gbk", str(gold), str(gold), "--lexicon",
                     str(lexicon), *extra]) == 0
        signatures.append(capsys.readouterr().out.splitlines()[-1])
    assert len(set(signatures)) == 1 and "lexicon:none" not in signatures[0]


@pytest.mark.parametrize("fault", ["missing", "units", "text", "encoding"])
def test_score_exit_status_when_the_prediction_is_at_fault(
        capfd: pytest.CaptureFixture[str], icwb2: Path, tmp_path: Path, fault: str) -> None:
    """Regression: exit 3 ('a gold file is unusable') when the prediction was at fault."""
    gold = icwb2 / "gold" / "pku_test_gold.utf8"
    lines = gold.read_text(encoding="utf-8").split("\n")
    pred = tmp_path / "pred.txt"
    if fault == "units":
        pred.write_text("\n".join(lines[:100]) + "\n", encoding="utf-8")
    elif fault == "text":
        pred.write_text("\n".join(["X" + lines[0][1:], *lines[1:]]), encoding="utf-8")
    elif fault == "encoding":
        pred.write_bytes(b"\xff\xfe\x00")
    for sighan in ([], ["--sighan"]):
        if sighan and fault == "text":
            continue  # the bakeoff script scores such lines, with a warning
        assert main(["score", *sighan, str(gold), str(pred)]) == Exit.SEGMENTER_FAILED
        assert str(pred) in capfd.readouterr().err
    assert main(["score", str(tmp_path / "nosuch.txt"), str(gold)]) == Exit.BAD_INPUT


def test_exit_status_table_in_readme_and_help() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Exit status"):]
    row = re.search(r"^\| 1 \| (.*) \|$", table, re.MULTILINE)
    assert row is not None and "prediction file" in row.group(1)
    assert "(score) the\nprediction file is unusable" in EXIT_HELP
