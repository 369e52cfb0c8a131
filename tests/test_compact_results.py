"""The packed results document (schema 2): exact round trips, every report unchanged,
schema 1 still read, anything else refused with a clear message."""

from __future__ import annotations

import json
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalkit.cli import Exit, main
from evalkit.packing import (
    PackingError,
    pack,
    pack_ragged,
    pack_texts,
    unpack,
    unpack_ragged,
    unpack_texts,
)
from evalkit.report import RENDERERS, renderer
from evalkit.results import Results, dumps, from_document
from tests.conftest import SEED

small_ints = st.integers(min_value=-(2 ** 40), max_value=2 ** 40)


@given(st.lists(st.lists(small_ints, min_size=3, max_size=3), max_size=30))
def test_pack_round_trips_any_integer_matrix(rows: list[list[int]]) -> None:
    matrix = np.array(rows, dtype=np.int64).reshape(-1, 3)
    packed = json.loads(json.dumps(pack(matrix)))
    assert np.array_equal(unpack(packed), matrix)
    assert unpack(packed).shape == matrix.shape


@given(st.lists(st.lists(st.integers(0, 70000), max_size=6), max_size=20))
def test_ragged_lists_round_trip(lists: list[list[int]]) -> None:
    assert unpack_ragged(json.loads(json.dumps(pack_ragged(lists)))) == lists


@given(st.lists(st.text(max_size=8), max_size=20))
def test_texts_round_trip(texts: list[str]) -> None:
    assert unpack_texts(json.loads(json.dumps(pack_texts(texts)))) == texts


def test_a_damaged_packed_field_is_an_error_not_a_wrong_array() -> None:
    packed = pack(np.arange(10))
    with pytest.raises(PackingError, match="does not decode"):
        unpack(dict(packed, lzma=packed["lzma"][:-5]))
    with pytest.raises(PackingError, match="bytes, not"):
        unpack(dict(packed, shape=[11]))
    with pytest.raises(PackingError, match="dtype"):
        unpack(dict(packed, dtype="<f8"))


def schema_1(results: Results) -> dict[str, Any]:
    """The same results in the schema 1 layout (plain lists), as evalkit 0.1 wrote them."""
    document: dict[str, Any] = json.loads(dumps(results.to_document()))
    document["evalkit"]["schema"] = 1
    for corpus, info in zip(document["corpora"], results.corpora, strict=True):
        for key in ("text", "word_lengths", "counts"):
            del corpus[key]
        corpus["gold"] = info.gold
    for entry, row in zip(document["results"], results.rows, strict=True):
        entry["per_unit"] = {"columns": entry["per_unit"]["columns"],
                             "rows": row.per_unit.tolist()}
        entry["per_sentence"] = {"columns": entry["per_sentence"]["columns"],
                                 "rows": row.per_sentence.tolist()}
        entry["cuts"] = row.cuts
    return document


def test_every_report_renders_the_same_from_the_compact_document(
        three_corpora: Results) -> None:
    compact = from_document(json.loads(dumps(three_corpora.to_document())))
    old = from_document(schema_1(three_corpora))
    for row, again, before in zip(three_corpora.rows, compact.rows, old.rows, strict=True):
        assert np.array_equal(row.per_unit, again.per_unit)
        assert np.array_equal(row.per_sentence, again.per_sentence)
        assert row.cuts == again.cuts == before.cuts
    assert [c.gold for c in compact.corpora] == [c.gold for c in three_corpora.corpora]
    for name in RENDERERS:
        render = renderer(name)
        assert render(compact, 3) == render(three_corpora, 3) == render(old, 3), name


def test_the_document_stores_boundaries_only_where_a_segmenter_differs(
        three_corpora: Results) -> None:
    document = three_corpora.to_document()
    jieba_on_seed = next(r for r in document["results"]
                         if r["segmenter"] == "jieba" and r["corpus"] == SEED.stem)
    assert unpack(jieba_on_seed["cuts"]["differing_gaps"]).size == 0  # the seed is jieba's
    chars = [r for r in document["results"] if r["segmenter"] == "chars"]
    differing = [list(accumulate(unpack(r["cuts"]["differing_gaps"]).tolist()))
                 for r in chars]
    assert differing[0] == [0]  # the seed is one unit, and chars splits it differently
    text = json.dumps([document["corpora"], document["results"]], ensure_ascii=False)
    assert "中国" not in text  # texts are stored once, packed


def test_other_schemas_are_refused_with_a_clear_message(
        three_corpora: Results, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = json.loads(dumps(three_corpora.to_document()))
    document["evalkit"]["schema"] = 3
    path = tmp_path / "future.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["report", str(path), "-o", str(tmp_path / "r.md")]) == Exit.BAD_INPUT
    err = capsys.readouterr().err
    assert "results schema 3 is not one this evalkit" in err and "Traceback" not in err
    assert not (tmp_path / "r.md").exists()


def test_html_viewer_data_is_capped_and_says_so(three_corpora: Results,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from evalkit.report import html

    monkeypatch.setattr(html, "VIEWER_LIMIT", 2)
    page = html.render_html(three_corpora)
    data = json.loads(page.split('id="diff-data">')[1].split("</script>")[0])
    assert max(sum(1 for u in data["units"] if u["corpus"] == c.name)
               for c in three_corpora.corpora) == 2
    assert "the first 2 of" in page


def test_schema_1_columns_are_read_by_name_whatever_their_order(
        three_corpora: Results) -> None:
    document = schema_1(three_corpora)
    for entry in document["results"]:
        for kind in ("per_unit", "per_sentence"):
            block = entry[kind]
            order = list(reversed(range(len(block["columns"]))))
            block["columns"] = [block["columns"][i] for i in order]
            block["rows"] = [[row[i] for i in order] for row in block["rows"]]
    again = from_document(document)
    for row, before in zip(three_corpora.rows, again.rows, strict=True):
        assert np.array_equal(row.per_unit, before.per_unit)
        assert np.array_equal(row.per_sentence, before.per_sentence)


def test_a_document_missing_a_count_column_is_refused_not_scrambled(
        three_corpora: Results, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = schema_1(three_corpora)
    for entry in document["results"]:
        block = entry["per_unit"]
        drop = block["columns"].index("insertions")
        block["columns"].pop(drop)
        block["rows"] = [row[:drop] + row[drop + 1:] for row in block["rows"]]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["report", str(path), "-o", str(tmp_path / "r.md")]) == Exit.BAD_INPUT
    err = capsys.readouterr().err
    assert "missing: insertions" in err and "Traceback" not in err


def test_count_columns_have_one_definition() -> None:
    from dataclasses import fields

    from evalkit.metrics import COUNT_COLUMNS, SENTENCE_COLUMNS, Counts, in_order

    assert tuple(f.name for f in fields(Counts)) == COUNT_COLUMNS
    assert set(SENTENCE_COLUMNS) <= set(COUNT_COLUMNS)
    column = np.arange(3, dtype=np.int64)
    with pytest.raises(ValueError, match="are not"):
        in_order({name: column for name in COUNT_COLUMNS[1:]}, COUNT_COLUMNS)
    matrix = in_order({name: column * i for i, name in enumerate(SENTENCE_COLUMNS)},
                      SENTENCE_COLUMNS)
    assert matrix[:, SENTENCE_COLUMNS.index("correct_words")].tolist() == [
        v * SENTENCE_COLUMNS.index("correct_words") for v in range(3)]
