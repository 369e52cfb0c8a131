"""--baseline chooses which pairs are shown, never which are tested (docs/scoring.md
§Paired tests, §Multiple comparisons): the family, its corrected p-values and the ranks
are the same whichever segmenter is the baseline, also on a corpus where the baseline
failed, and that corpus gets one line saying so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evalkit.cli import main
from evalkit.report.markdown import render_markdown
from evalkit.report.table import render_paired
from evalkit.results import from_document

SHORT = "他|来|了\n我|走\n你|好\n天|亮|了\n"
"""Units of at most three characters: the dropper fake keeps them whole, so it has a row."""
LONG = "".join(f"{'中国|人民|银行|今天|宣布|。' if n % 2 else '北京|是|首都|我们|喜欢|。'}\n"
               for n in range(30))
"""Units of more than three characters: the dropper fake loses one, so it fails here."""


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *extra: str,
        segmenters: tuple[str, ...] = ("dropper", "chars", "chunks")) -> dict[str, Any]:
    short, long = tmp_path / "short.txt", tmp_path / "long.txt"
    short.write_text(SHORT, encoding="utf-8")
    long.write_text(LONG, encoding="utf-8")
    main(["compare", "--gold", str(short), "--gold", str(long),
          *(f"-s{name}" for name in segmenters), "--paired", "--resamples", "100",
          "--json", "--no-save", "--no-cache", "-q", *extra])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def family(document: dict[str, Any]) -> dict[str, Any]:
    """What must not depend on --baseline: each corpus's pairs and ranks."""
    return {block["corpus"]: (block["pairs"], block["ranks"], block["rank_conflicts"])
            for block in document["statistics"]["corpora"]}


def test_the_family_and_ranks_do_not_depend_on_the_baseline(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_segmenters: None) -> None:
    """The review's finding: with a --baseline that failed on a corpus, no test was run
    there and its ranks vanished, although the other two could be tested."""
    runs = {name: run(capsys, tmp_path, *(["--baseline", name] if name else []))
            for name in ("", "dropper", "chars", "chunks")}
    assert len({json.dumps(family(document)) for document in runs.values()}) == 1
    blocks = {block["corpus"]: block for block in runs["dropper"]["statistics"]["corpora"]}
    assert sorted(rank["segmenter"] for rank in blocks["long"]["ranks"]) == ["chars", "chunks"]
    assert [(pair["a"], pair["b"]) for pair in blocks["long"]["pairs"]] == [("chars",
                                                                               "chunks")]
    assert blocks["long"]["baseline"] == "dropper" and blocks["long"]["comparisons"] == []
    assert "refused" not in blocks["long"]
    assert {c["segmenter"] for c in blocks["short"]["comparisons"]} == {"chars", "chunks"}


def test_a_baseline_without_a_row_is_said_in_one_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_segmenters: None) -> None:
    results = from_document(run(capsys, tmp_path, "--baseline", "dropper"))
    text = render_markdown(results)
    assert "no paired tests" not in text
    notes = [line for line in text.splitlines() if "no pair against the baseline" in line]
    assert notes == ["- no pair against the baseline on long: dropper has no row there "
                     "(it failed or was not run); the other 2 segmenters are tested and "
                     "ranked among themselves"]
    paired = str(render_paired(results))
    long_rows = [line.split() for line in paired.splitlines() if line.startswith("long ")]
    assert sorted(cells[1] for cells in long_rows) == ["chars", "chunks"]
    assert [len(cells) for cells in long_rows] == [4, 4]  # corpus, name, F1, rank: no ΔF1
    assert "(baseline)" in paired and "(baseline)" not in str(long_rows)


def test_a_corpus_with_one_row_says_there_is_nothing_to_pair(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_segmenters: None) -> None:
    """Before, such a corpus had neither tests nor a word about why."""
    document = run(capsys, tmp_path, segmenters=("dropper", "crasher"))
    [block] = document["statistics"]["corpora"]
    assert block["corpus"] == "short" and "ranks" not in block
    assert block["refused"] == "only dropper has a row here (the others failed): nothing to pair"
    assert "- no paired tests on short: only dropper has a row here" in render_markdown(
        from_document(document))
