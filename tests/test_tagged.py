"""The character-tagged reader (BMES / BIES, one character per line) and its detection."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalkit.corpus import detect_format, format_units, parse_tagged, read_corpus
from evalkit.errors import InputError
from tests.strategies import units


def write(tmp_path: Path, text: str, name: str = "forum_test.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


@given(st.lists(units, min_size=1, max_size=5))
def test_words_written_as_tags_read_back_the_same(sentences: list[list[str]]) -> None:
    text = format_units(sentences, "tagged", "<test>")
    assert detect_format("x.txt", text) == "tagged"
    assert [list(u.words) for u in parse_tagged(text, "<test>")] == sentences


def test_amttl_shape_leading_blank_lines_crlf_and_bies(tmp_path: Path) -> None:
    """AMTTL starts with blank lines; I may stand for M; each sentence is a unit."""
    corpus = read_corpus(write(tmp_path, "\r\n\r\n头\tB\r\n疼\tE\r\n吗\tS\r\n\r\n"
                                          "感\tB\r\n冒\tI\r\n药\tE\r\n"))
    assert corpus.format == "tagged"
    assert [u.words for u in corpus.units] == [("头疼", "吗"), ("感冒药",)]
    assert [u.line for u in corpus.units] == [3, 7]
    assert corpus.units[0].text == "头疼吗"


def test_format_can_be_chosen(tmp_path: Path) -> None:
    path = write(tmp_path, "中\tB\n国\tE\n", "x.seg")
    assert read_corpus(path, "tagged").units[0].words == ("中国",)


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ("中\tB\n国\tB\n", 2, 3, "the word begun on line 1 ('中') has no E yet"),
    ("中\tE\n", 1, 3, "no word is open here"),
    ("中\tS\n国\tM\n", 2, 3, "tag M continues a word, but no word is open here"),
    ("中\tB\n国\tM\n\n人\tS\n", 2, 3, "the sentence ends inside the word begun on line 1"),
    ("中\tB\n国\tM\n", 2, 3, "its last character needs the tag E"),
    ("中\tX\n", 1, 3, "unknown tag 'X'; use B, M, E or S"),
    ("中国\tS\n", 1, 1, "expected one non-space character before the tab"),
    ("中 S\n", 1, 1, "expected one character, a tab and a tag"),
])
def test_malformed_tags_and_sequences_name_file_line_and_column(
        tmp_path: Path, text: str, line: int, column: int, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        read_corpus(path, "tagged")
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.reason
    assert str(caught.value).startswith(f"{path}:{line}:{column}: ")


def test_detection_needs_most_lines_to_be_tagged() -> None:
    """Most non-blank lines of the tagged shape make the file tagged; fewer do not."""
    assert detect_format("x.txt", "中\tB\n国\tE\n") == "tagged"
    assert detect_format("x.txt", "中\tB\n国\tE\n中国 人民\n我们 好\n很 好\n") == "whitespace"
    assert detect_format("x.txt", "中\tB\n国\tE\n\n\n中国 人民\n") == "tagged"
    assert detect_format("x.txt", "中|国\n") == "pipe"


def test_one_bad_tag_is_reported_not_read_as_words(tmp_path: Path) -> None:
    """The review's file: without --format-in, the bad tag is an error at its place."""
    path = write(tmp_path, "中\tB\n国\tE\n人\tX\n\n好\tS\n", "t.txt")
    with pytest.raises(InputError) as caught:
        read_corpus(path)
    assert str(caught.value).startswith(f"{path}:3:3: unknown tag 'X'")


@given(st.lists(units, min_size=1, max_size=5), st.data(),
       st.sampled_from("ACDFGHJKLNOPQRTUVWXYZabcdefmsxz"))
def test_a_bad_tag_anywhere_is_found_by_detection(sentences: list[list[str]],
                                                 data: st.DataObject, bad: str) -> None:
    """Whatever line of a tagged file gets an unknown tag, the file is still read as
    tagged and that line is reported (never a silent whitespace reading)."""
    lines = format_units(sentences, "tagged", "<test>").split("\n")
    tagged = [number for number, line in enumerate(lines) if line]
    target = data.draw(st.sampled_from(tagged))
    lines[target] = lines[target][:-1] + bad
    text = "\n".join(lines)
    assert detect_format("x.txt", text) == "tagged"
    with pytest.raises(InputError) as caught:
        parse_tagged(text, "<test>")
    assert (caught.value.line, caught.value.column) == (target + 1, 3)
    assert f"unknown tag {bad!r}" in caught.value.reason


def test_tagged_output_refuses_words_with_whitespace() -> None:
    with pytest.raises(InputError, match="contains whitespace"):
        format_units([["a b"]], "tagged", "<out>")
    assert format_units([["中国", " ", "人"]], "tagged", "<out>") == "中\tB\n国\tE\n人\tS\n\n"
