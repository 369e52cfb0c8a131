"""Best markers only where the comparison means something: never on a row the gold
may have come from, and in the macro column only among averages over the same
corpora; every report format carries the gold-matches-segmenter warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evalkit.cli import main
from evalkit.report.csvfile import render_csv
from evalkit.report.html import render_html
from evalkit.report.latex import render_latex
from evalkit.report.markdown import render_markdown
from evalkit.report.matrix import build_matrix, caption, matrix_records
from evalkit.results import Results, from_document
from tests.conftest import SEED


def _write_outputs(folder: Path, golds: list[str], which: dict[str, str]) -> str:
    """Prediction files named after each corpus; ``which`` maps a corpus stem to how its
    output differs from the gold: "same", "merged" (first two words joined) or
    "chars" (one word per character)."""
    folder.mkdir()
    for gold in golds[1::2]:
        path = Path(gold)
        how = which.get(path.stem)
        if how is None:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        if how == "merged":
            first = lines[0].split("|")
            lines[0] = "|".join([first[0] + first[1], *first[2:]])
        elif how == "chars":
            lines = ["|".join(line.replace("|", "")) for line in lines]
        (folder / f"{path.stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"file:{folder}/{{corpus}}.txt"


def _run(capsys: pytest.CaptureFixture[str], golds: list[str], *specs: str) -> Results:
    args = ["compare", *golds]
    for spec in specs:
        args += ["-s", spec]
    main([*args, "--json", "--no-save", "--no-cache", "-q"])
    return from_document(json.loads(capsys.readouterr().out))


def test_partial_macro_averages_over_different_corpora_get_no_best_mark(
        capsys: pytest.CaptureFixture[str], three_golds: list[str], tmp_path: Path) -> None:
    """The review's case: jieba is averaged without the seed (it reproduces it), mine
    has no output for one corpus; both say "2 of 3", over different corpora."""
    mine = _write_outputs(tmp_path / "out", three_golds,
                          {SEED.stem: "merged", "news": "same"})
    results = _run(capsys, three_golds, "jieba", f"mine={mine}")
    matrix = build_matrix(results)
    assert matrix.macro_corpora == {"jieba": 2, "mine": 2}
    assert matrix.macro["mine"].f1 > matrix.macro["jieba"].f1  # type: ignore[operator]
    assert not any(cell.best for cell in matrix.macro.values())
    assert "macro avg: none marked best: fewer than two segmenters are averaged over all " \
           "3 corpora" in caption(matrix)


def test_best_macro_average_is_chosen_among_those_over_every_corpus(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None,
        three_golds: list[str], tmp_path: Path) -> None:
    partial = _write_outputs(tmp_path / "partial", three_golds,
                             {SEED.stem: "merged", "news": "same"})
    full = _write_outputs(tmp_path / "full", three_golds,
                          {SEED.stem: "merged", "news": "same", "web": "chars"})
    results = _run(capsys, three_golds, "chars", f"full={full}", f"partial={partial}")
    matrix = build_matrix(results)
    assert matrix.macro_corpora == {"chars": 3, "full": 3, "partial": 2}
    assert matrix.macro["partial"].f1 > matrix.macro["full"].f1  # type: ignore[operator]
    assert [name for name, cell in matrix.macro.items() if cell.best] == ["full"]
    assert "macro avg: best marked only among the averages over all 3 corpora" in \
        caption(matrix)


def test_a_row_the_gold_may_come_from_is_never_best(three_corpora: Results) -> None:
    seed = SEED.stem
    assert {w["segmenter"] for w in three_corpora.warnings()} == {"jieba"}
    matrix = build_matrix(three_corpora)
    assert matrix.cell("jieba", seed).f1 == 1.0 and not matrix.cell("jieba", seed).best
    assert matrix.cell("chars", seed).best  # the best of the rows that say something
    assert "never marked best" in caption(matrix)
    markdown = render_markdown(three_corpora)
    assert "**1.000** [1.000, 1.000]" not in markdown
    jieba_html = next(line for line in render_html(three_corpora).split("<tr>")
                      if line.startswith("<td>jieba</td>"))
    assert 'class="best">1.000' not in jieba_html
    latex = render_latex(three_corpora)
    seed_row = next(line for line in latex.splitlines()
                    if line.startswith(r"000\_c514ef1e1ad5938b & jieba &"))
    assert r"\textbf" not in seed_row
    assert r"\textbf{1.000 [1.000" not in latex


def test_every_report_format_carries_the_warnings(three_corpora: Results) -> None:
    message = three_corpora.warnings()[0]["message"]
    assert message in render_markdown(three_corpora)
    assert message in render_html(three_corpora)
    assert r"Warning: jieba reproduces 000\_c514ef1e1ad5938b exactly" in \
        render_latex(three_corpora)
    assert message in render_csv(three_corpora)
    header, rows = matrix_records(three_corpora)
    assert header[-1] == "warning"
    assert next(row for row in rows if row[0] == "jieba")[-1] == message
