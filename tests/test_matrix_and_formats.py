"""The matrix view in every format, plain records on stdout, CJK alignment, LaTeX,
and `evalkit report` choosing its format from the output file."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from evalkit.report.csvfile import HEADER, render_matrix_csv
from evalkit.report.latex import render_latex
from evalkit.report.markdown import render_markdown
from evalkit.report.matrix import build_matrix
from evalkit.report.table import render_table
from evalkit.results import Results, dumps
from tests.conftest import SEED, require_tool

RUN = ["-s", "chars", "-s", "jieba", "-s", "dropper", "--ci", "--paired", "--resamples",
       "100", "--no-save", "--no-cache", "-q"]


def test_matrix_marks_best_failed_macro_and_ranks(three_corpora: Results) -> None:
    matrix = build_matrix(three_corpora)
    seed = SEED.stem
    assert matrix.segmenters == ["chars", "jieba", "dropper"]
    # jieba reproduces the seed (the warning says so): that row is never best; chars
    # is ranked 2 there (jieba is significantly better): never best either
    assert not matrix.cell("jieba", seed).best and not matrix.cell("chars", seed).best
    assert matrix.cell("jieba", seed).rank == 1 and matrix.cell("chars", seed).rank == 2
    assert any(matrix.cell(name, "news").best for name in matrix.segmenters)
    assert matrix.cell("dropper", seed).f1 is None  # failed, not blank
    interval = matrix.cell("chars", seed).interval
    assert interval is not None and interval[0] <= matrix.cell("chars", seed).f1 <= interval[1]  # type: ignore[operator]
    averages = {m.segmenter: m.words.f1 for m in three_corpora.macro_averages()}
    assert matrix.macro["jieba"].f1 == averages["jieba"]
    assert not matrix.macro["jieba"].best  # over 2 of 3 corpora: not comparable
    assert "dropper" not in matrix.macro


def test_terminal_shows_the_matrix_by_default_with_three_corpora(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None,
        three_golds: list[str]) -> None:
    assert main(["compare", *three_golds, *RUN]) == Exit.SEGMENTER_FAILED
    out = capsys.readouterr().out
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("segmenter"))
    assert re.split(r"\s{2,}", header.strip()) == ["segmenter", SEED.stem, "news", "web",
                                                   "macro avg"]
    dropper = next(line for line in lines if line.startswith("dropper"))
    assert dropper.split()[1:] == ["failed"] * 4
    jieba = next(line for line in lines if line.startswith("jieba"))
    assert "1.000 [1.000, 1.000] (1)" in jieba and "1.000*" not in jieba
    assert "paired tests on word F1" not in out  # the rows view is one option away
    assert main(["compare", *three_golds, *RUN, "--view", "rows"]) == Exit.SEGMENTER_FAILED
    rows = capsys.readouterr().out
    assert "paired tests on word F1" in rows and "macro avg (3)" in rows


@pytest.mark.parametrize(("fmt", "view"), [("tsv", "rows"), ("csv", "rows"),
                                           ("tsv", "matrix"), ("csv", "matrix")])
def test_tsv_and_csv_print_plain_records(capsys: pytest.CaptureFixture[str],
                                         fake_segmenters: None, three_golds: list[str],
                                         fmt: str, view: str) -> None:
    delimiter = {"tsv": "\t", "csv": ","}[fmt]
    main(["compare", *three_golds, *RUN, "--format", fmt, "--view", view])
    captured = capsys.readouterr()
    records = list(csv.reader(io.StringIO(captured.out), delimiter=delimiter))
    header, body = records[0], records[1:]
    assert all(len(record) == len(header) for record in body)
    cells = [cell for record in body for cell in record]
    assert all(cell == cell.strip() for cell in cells)  # no padding
    assert not any(re.fullmatch(r"\d{1,3}(,\d{3})+", cell) for cell in cells)
    assert "signature: evalkit:" in captured.err and "signature" not in captured.out
    assert "warning: jieba reproduces" in captured.err
    if view == "rows":
        assert header == list(HEADER)
        chars = next(r for r in body if r[:2] == [SEED.stem, "chars"])
        f1 = float(chars[header.index("word_f1")])
        assert len(chars[header.index("word_f1")]) > 6  # full precision, not 3 decimals
        assert chars[header.index("word_f1")] == repr(f1)
    else:
        assert header[0] == "segmenter" and header[1] == SEED.stem
        assert f"{SEED.stem} low" in header and f"{SEED.stem} rank" in header
        assert next(r for r in body if r[0] == "dropper")[1] == "failed"


def test_terminal_tables_align_cjk_words(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    from wcwidth import wcswidth

    gold = tmp_path / "gold.txt"
    gold.write_text("中华人民共和国|成立|了|。\n", encoding="utf-8")
    pred = tmp_path / "pred.txt"
    pred.write_text("中华|人民|共和国|成立了|。\n", encoding="utf-8")
    assert main(["score", str(gold), str(pred), "--details"]) == Exit.OK
    out = capsys.readouterr().out
    table = out[out.index("most frequent missed"):].split("\n\n")[0].splitlines()[1:]
    assert any("中华人民共和国" in line for line in table)
    widths = {wcswidth(line.rstrip()) for line in table if line.strip() and
              not line.startswith("-")}
    rule = next(line for line in table if line.startswith("-"))
    assert max(widths) <= wcswidth(rule)
    word_column = rule.index(" ")
    assert all(wcswidth(line[:line.index(line.split()[1], len(line.split()[0]))]) >=
               word_column for line in table[2:] if len(line.split()) == 2)


def test_markdown_puts_the_matrix_first(three_corpora: Results) -> None:
    text = render_markdown(three_corpora)
    matrix_at = text.index("| segmenter")
    rows_at = text.index(render_table(three_corpora, "github").splitlines()[0])
    assert matrix_at < rows_at
    jieba = next(line for line in text.splitlines() if line.startswith("| jieba"))
    chars = next(line for line in text.splitlines() if line.startswith("| chars"))
    # jieba reproduces the seed, and chars is ranked 2 there (jieba is significantly
    # better): the seed column has no bold
    assert jieba.split("|")[2].strip().startswith("1.000 [1.000, 1.000] (1)")
    assert chars.split("|")[2].strip().endswith("(2)")
    assert "**" not in jieba.split("|")[2] + chars.split("|")[2]
    assert "**" in text.split("| jieba")[0] + jieba  # other columns keep their bold
    assert re.search(r"\| dropper\s+(\|\s+failed\s+){4}\|", text)


def _latex_body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("%"))


def test_latex_has_intervals_markers_footnotes_and_balances(three_corpora: Results) -> None:
    body = _latex_body(render_latex(three_corpora))
    unescaped = re.sub(r"\\[{}_&%$#]", "", body)
    assert unescaped.count("{") == unescaped.count("}")
    assert unescaped.count("$") % 2 == 0
    assert body.count(r"\begin{tabular}") == body.count(r"\end{tabular}") == 2
    commands = set(re.findall(r"\\([A-Za-z]+)", body))
    assert commands <= {"begin", "end", "toprule", "midrule", "bottomrule", "textbf",
                        "multicolumn", "footnotesize", "emph"}
    for table in body.split(r"\end{tabular}")[:2]:
        spec = re.search(r"\\begin\{tabular\}\{([lr]+)\}", table)
        assert spec is not None
        for line in table.splitlines():
            if line.endswith(r"\\") and not line.startswith(r"\multicolumn"):
                assert re.sub(r"\\&", "", line).count("&") == len(spec.group(1)) - 1, line
    matrix, rows = body.split(r"\end{tabular}")[:2]
    assert r"\textbf{1.000 [1.000, 1.000] (1)}" not in matrix and r"\emph{failed}" in matrix
    assert "Brackets: 95\\% percentile bootstrap interval" in matrix
    jieba = next(line for line in rows.splitlines() if "& jieba &" in line
                 and line.startswith("000"))  # against the baseline, chars
    assert r"1.000 [1.000, 1.000]$^{*}$" in jieba and r"\textbf" not in jieba
    assert "$^{*}$ F1 significantly different from the baseline" in rows


def test_latex_compiles_with_booktabs_alone(three_corpora: Results, tmp_path: Path) -> None:
    require_tool("pdflatex", in_ci=False)  # .ci/run installs no TeX
    document = tmp_path / "table.tex"
    document.write_text("\\documentclass{article}\n\\usepackage{booktabs}\n"
                        "\\begin{document}\n" + render_latex(three_corpora) +
                        "\\end{document}\n", encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                           document.name], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "table.pdf").stat().st_size > 0


def test_report_picks_the_format_from_the_extension(
        three_corpora: Results, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    results.write_text(dumps(three_corpora.to_document()), encoding="utf-8")
    for name, start in (("r.tex", "% evalkit"), ("r.md", "# evalkit comparison"),
                        ("r.html", "<!DOCTYPE html>"), ("r.csv", ",".join(HEADER[:3])),
                        ("r.json", "{")):
        assert main(["report", str(results), "-o", str(tmp_path / name)]) == Exit.OK
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start), name
    assert main(["report", str(results)]) == Exit.OK
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main(["report", str(results), "-o", str(tmp_path / "m.csv"), "--view",
                 "matrix"]) == Exit.OK
    assert (tmp_path / "m.csv").read_text(encoding="utf-8") == \
        render_matrix_csv(three_corpora)
    assert main(["report", str(results), "-o", str(tmp_path / "r.txt")]) == Exit.USAGE
    assert "cannot tell the report format" in capsys.readouterr().err
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == \
        json.loads(results.read_text(encoding="utf-8"))
