"""Readers: every format, encodings, line endings, blank lines and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalkit.corpus import Corpus, detect_format, read_corpus
from evalkit.errors import InputError, UsageError
from tests.conftest import SEED
from tests.strategies import WHITESPACE, maybe_empty_units, units, units_with_pipe, with_separators


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def read(tmp_path: Path, name: str, content: str | bytes, **kwargs: str) -> Corpus:
    return read_corpus(write(tmp_path, name, content), **kwargs)


def test_seed_has_the_documented_shape() -> None:
    """Facts from seeds/README.md: one unit, 928 tokens, 901 words, 1655 chars."""
    corpus = read_corpus(SEED)
    assert corpus.format == "pipe"
    assert len(corpus.units) == 1
    assert len(corpus.units[0].tokens) == 928
    assert corpus.word_count == 901
    assert corpus.char_count == 1655


def test_pipe_keeps_whitespace_tokens_as_text_not_words(tmp_path: Path) -> None:
    corpus = read(tmp_path, "g.txt", "中国| |人民|\u3000|银行\n")
    unit = corpus.units[0]
    assert unit.text == "中国 人民\u3000银行"
    assert unit.words == ("中国", "人民", "银行")


def test_whitespace_format_splits_on_runs_of_any_whitespace(tmp_path: Path) -> None:
    corpus = read(tmp_path, "g.utf8", "中国  人民\u3000银行\n北京 大学\n")
    assert corpus.format == "whitespace"
    assert [u.words for u in corpus.units] == [("中国", "人民", "银行"), ("北京", "大学")]
    assert corpus.units[0].text == "中国人民银行"


def test_blank_lines_are_units_without_words(tmp_path: Path) -> None:
    """Bakeoff gold files have blank lines; they keep alignment and count nothing."""
    corpus = read(tmp_path, "g.txt", "中国 人民\n\n北京\n")
    assert [u.words for u in corpus.units] == [("中国", "人民"), (), ("北京",)]
    assert [u.line for u in corpus.units] == [1, 2, 3]


def test_crlf_and_bom_are_accepted(tmp_path: Path) -> None:
    corpus = read(tmp_path, "g.txt", "\ufeff中国|人民\r\n北京|大学\r\n".encode())
    assert [u.words for u in corpus.units] == [("中国", "人民"), ("北京", "大学")]


def test_other_encodings_with_encoding_flag(tmp_path: Path) -> None:
    path = write(tmp_path, "g.txt", "中国 人民\n".encode("gb18030"))
    assert read_corpus(path, encoding="gb18030").units[0].words == ("中国", "人民")


def test_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "g.txt", "中国 人民\n")
    with pytest.raises(UsageError, match="unknown encoding 'klingon'"):
        read_corpus(path, encoding="klingon")


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "g.txt", "中国 人民\nab ".encode() + "银行".encode("gb18030"))
    with pytest.raises(InputError) as error:
        read_corpus(path)
    assert str(error.value).startswith(f"{path}:2:4: not valid UTF-8 (byte 0xd2 at byte "
                                       "offset 17)")
    assert "--encoding" in str(error.value)


@pytest.mark.parametrize(("line", "column", "what"), [
    ("中国||人民", 4, "two '|' in a row"),
    ("|中国|人民", 1, "starts with '|'"),
    ("中国|人民|", 6, "ends with '|'"),
])
def test_empty_pipe_word_is_an_error_with_position(
        tmp_path: Path, line: str, column: int, what: str) -> None:
    path = write(tmp_path, "g.txt", f"北京|大学\n{line}\n")
    with pytest.raises(InputError) as error:
        read_corpus(path)
    assert error.value.line == 2
    assert error.value.column == column
    assert what in str(error.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_corpus(tmp_path / "absent.txt")


def test_directory_is_not_a_gold_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_corpus(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty; it needs at least one word"):
        read(tmp_path, "g.txt", "")


@pytest.mark.parametrize("content", ["\n\n", "  \n"])
def test_file_of_blank_lines(tmp_path: Path, content: str) -> None:
    with pytest.raises(InputError, match="holds only blank lines and whitespace"):
        read(tmp_path, "g.txt", content)


def test_file_without_words(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="holds no words"):
        read(tmp_path, "g.txt", " | \n\u3000\n")


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError,
                       match="choose one of conllu, pipe, raw, tagged, whitespace"):
        read_corpus(write(tmp_path, "g.txt", "中国"), fmt="xml")


def test_format_override_reads_pipes_as_text(tmp_path: Path) -> None:
    corpus = read(tmp_path, "g.txt", "a|b 中国\n", fmt="whitespace")
    assert corpus.units[0].words == ("a|b", "中国")


CONLLU = """# sent_id = 1
# text = 我们在New York。
1\t我们\t我们\tPRON\t_\t_\t0\troot\t_\tSpaceAfter=No
2-3\t在New\t_\t_\t_\t_\t_\t_\t_\t_
2\t在\t在\tADP\t_\t_\t1\tcase\t_\t_
3\tNew\t_\tX\t_\t_\t1\tobj\t_\t_
3.1\tghost\t_\t_\t_\t_\t_\t_\t_\t_
4\tYork\t_\tX\t_\t_\t1\tflat\t_\tSpaceAfter=No
5\t。\t。\tPUNCT\t_\t_\t1\tpunct\t_\tSpaceAfter=No

1\t好\t好\tADJ\t_\t_\t0\troot\t_\tSpaceAfter=No
"""


def test_conllu_words_ranges_empty_nodes_and_spaces(tmp_path: Path) -> None:
    corpus = read(tmp_path, "g.conllu", CONLLU)
    first, second = corpus.units
    assert first.words == ("我们", "在", "New", "York", "。")
    # SpaceAfter of a range applies after its last word; inside it, no space
    assert first.text == "我们在New York。"
    assert first.line == 1 and second.line == 11
    assert second.words == ("好",)


def test_conllu_detected_from_content(tmp_path: Path) -> None:
    assert read(tmp_path, "g.txt", CONLLU).format == "conllu"


@pytest.mark.parametrize(("bad", "message"), [
    ("1\t我们\t我们\tPRON", "expected 10 tab-separated fields, found 4"),
    ("x\t我们\t_\t_\t_\t_\t_\t_\t_\t_", "ID 'x' is not a word number"),
    ("3\t我们\t_\t_\t_\t_\t_\t_\t_\t_", "word ID 3 out of order, expected 2"),
    ("2\t\t_\t_\t_\t_\t_\t_\t_\t_", "empty FORM"),
    ("5-6\t我们\t_\t_\t_\t_\t_\t_\t_\t_", "multiword range 5-6"),
])
def test_conllu_broken_line(tmp_path: Path, bad: str, message: str) -> None:
    content = f"# text = x\n1\t好\t_\t_\t_\t_\t_\t_\t_\t_\n{bad}\n\n"
    with pytest.raises(InputError) as error:
        read(tmp_path, "g.conllu", content)
    assert error.value.line == 3
    assert message in str(error.value)


def test_conllu_sentence_without_words(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no word lines"):
        read(tmp_path, "g.conllu", "1\t好\t_\t_\t_\t_\t_\t_\t_\t_\n\n# text = lost\n")


def test_real_ud_corpus(ud_test: Path) -> None:
    corpus = read_corpus(ud_test)
    assert corpus.format == "conllu"
    assert len(corpus.units) == 500
    assert corpus.word_count == 12012
    # 500 "# text =" lines are the raw sentences: the reader rebuilds each exactly
    texts = [line[len("# text = "):] for line in
             ud_test.read_text(encoding="utf-8").splitlines() if line.startswith("# text = ")]
    assert [u.text for u in corpus.units] == texts


@given(st.lists(maybe_empty_units.flatmap(with_separators), min_size=1, max_size=5)
       .filter(lambda lines: any(not t.isspace() for tokens in lines for t in tokens)))
def test_pipe_round_trip(tmp_path_factory: pytest.TempPathFactory,
                         unit_tokens: list[list[str]]) -> None:
    """Writing tokens joined by '|' and reading them back gives the same tokens."""
    text = "".join("|".join(tokens) + "\n" for tokens in unit_tokens)
    path = tmp_path_factory.mktemp("pipe") / "g.txt"
    path.write_text(text, encoding="utf-8")
    corpus = read_corpus(path, fmt="pipe")
    assert [list(u.tokens) for u in corpus.units] == unit_tokens


@given(st.lists(st.one_of(st.just([]), units_with_pipe), min_size=1, max_size=5)
       .filter(any),
       st.sampled_from(WHITESPACE), st.sampled_from(["\n", "\r\n"]))
def test_whitespace_round_trip(tmp_path_factory: pytest.TempPathFactory,
                               unit_words: list[list[str]], gap: str, newline: str) -> None:
    """Any whitespace between words (NBSP, U+2028 and U+0085 included, which do not end
    a line) and either line ending reads back the same words, '|' in them included."""
    text = "".join(gap.join(words) + newline for words in unit_words)
    path = tmp_path_factory.mktemp("ws") / "g.txt"
    path.write_bytes(text.encode())
    corpus = read_corpus(path, fmt="whitespace")
    assert [list(u.words) for u in corpus.units] == unit_words
    assert [u.text for u in corpus.units] == ["".join(w) for w in unit_words]


@given(st.lists(st.lists(st.tuples(st.text("中国人民ab", min_size=1, max_size=3),
                                   st.booleans()), min_size=1, max_size=6),
                min_size=1, max_size=4))
def test_conllu_round_trip(tmp_path_factory: pytest.TempPathFactory,
                           sentences: list[list[tuple[str, bool]]]) -> None:
    """Words and SpaceAfter flags come back as words and the sentence's raw text."""
    blocks = []
    for sentence in sentences:
        lines = [f"{i}\t{form}\t_\t_\t_\t_\t0\t_\t_\t{'_' if space else 'SpaceAfter=No'}"
                 for i, (form, space) in enumerate(sentence, start=1)]
        blocks.append("\n".join(lines) + "\n")
    path = tmp_path_factory.mktemp("conllu") / "g.conllu"
    path.write_text("\n".join(blocks), encoding="utf-8")
    corpus = read_corpus(path)
    for unit, sentence in zip(corpus.units, sentences, strict=True):
        assert unit.words == tuple(form for form, _ in sentence)
        expected = "".join(form + (" " if space and i < len(sentence) - 1 else "")
                           for i, (form, space) in enumerate(sentence))
        assert unit.text == expected


@given(st.lists(units, min_size=1, max_size=3))
def test_detection_tells_pipe_from_whitespace(unit_words: list[list[str]]) -> None:
    pipe = "".join("|".join(words) + "\n" for words in unit_words)
    spaced = "".join(" ".join(words) + "\n" for words in unit_words)
    if any(len(words) > 1 for words in unit_words):
        assert detect_format("g.txt", pipe) == "pipe"
    assert detect_format("g.txt", spaced) == "whitespace"


@pytest.mark.parametrize("encoding", ["gb2312", "cp936", "big5", "gb18030"])
def test_bakeoff_encodings(tmp_path: Path, encoding: str) -> None:
    """The SIGHAN distribution ships GB2312/CP936 and Big5 files."""
    text = "中国 人民\u3000银行\n" if encoding != "big5" else "中國 人民\u3000銀行\n"
    path = write(tmp_path, "g.txt", text.encode(encoding))
    assert len(read_corpus(path, encoding=encoding).units[0].words) == 3


def test_wrong_encoding_names_byte_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "g.txt", "中國 人民\n".encode("big5"))
    with pytest.raises(InputError, match=r":1:1: not valid UTF-8 \(byte 0xa4 at byte offset 0\)"):
        read_corpus(path)
