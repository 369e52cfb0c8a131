"""What a first run tells the user on stderr: where the reports went, and which
gold it read when there is no ./seeds/ folder (a review found both silent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalkit.cli import main


def test_compare_says_where_it_wrote_the_reports(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gold.txt").write_text("中国|人民\n", encoding="utf-8")
    assert main(["compare", "--gold", "gold.txt", "-s", "ok=py:tests.fakes:words",
                 "--out", "out", "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert f"evalkit: note: wrote {Path('out') / 'results.json'}, " \
           f"{Path('out') / 'results.md'}\n" in err
    assert main(["compare", "--gold", "gold.txt", "-s", "ok=py:tests.fakes:words",
                 "--no-save", "--no-cache"]) == 0
    assert "wrote" not in capsys.readouterr().err
    assert main(["compare", "--gold", "gold.txt", "-s", "ok=py:tests.fakes:words",
                 "--out", "out", "-q", "--no-cache"]) == 0
    assert capsys.readouterr().err == ""


def test_without_a_seeds_folder_compare_says_it_reads_the_packaged_seed(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["compare", "-s", "ok=py:tests.fakes:words", "--no-save", "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "evalkit: note: no ./seeds/ folder here: evaluating the seed shipped with " \
           "evalkit (" in err
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "mine.txt").write_text("中国|人民\n", encoding="utf-8")
    assert main(["compare", "-s", "ok=py:tests.fakes:words", "--no-save", "--no-cache"]) == 0
    assert "seeds" not in capsys.readouterr().err
