"""Differential test: the official SIGHAN 2005 ``scripts/score`` (Perl, GNU diff) against
``compare --sighan`` and ``score --sighan`` on the same predictions, all four corpora.

The segmenters run once per session (jieba, and a deterministic fake that is
wrong in every way); their outputs are written as prediction files, scored by
the script (eight runs, two at a time: the script forks diff for every line,
AS alone takes ~36 s) and by evalkit, and every field of the ``###`` lines
must be equal. Where perl, diff, jieba or ../shared is missing the test is
skipped with the reason, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from evalkit import segmenters
from evalkit.cli import main
from tests.conftest import FAKES, require_tool, required_in_ci
from tests.test_rawtext import SIGHAN

CORPORA = {"pku": "pku_test_gold", "msr": "msr_test_gold", "cityu": "cityu_test_gold",
           "as": "as_testing_gold"}
SEGMENTERS = ("jieba", "chunks")


@dataclass(frozen=True)
class Bakeoff:
    """The gold options for compare, the prediction files and the script's ### lines."""

    gold_options: list[str]
    predictions: dict[tuple[str, str], Path]
    script: dict[tuple[str, str], str]


def files(corpus: str) -> tuple[Path, Path, Path]:
    return (SIGHAN / "gold" / f"{CORPORA[corpus]}.utf8",
            SIGHAN / "testing" / f"{corpus}_test.utf8",
            SIGHAN / "gold" / f"{corpus}_training_words.utf8")


def run_script(words: Path, gold: Path, prediction: Path) -> str:
    result = subprocess.run(["perl", str(SIGHAN / "scripts" / "score"), str(words), str(gold),
                             str(prediction)], capture_output=True, check=True)
    return next(line for line in result.stdout.decode("utf-8").splitlines()
                if line.startswith("###"))


@pytest.fixture(scope="session")
def bakeoff(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bakeoff]:
    for tool in ("perl", "diff"):  # the official scorer runs diff
        require_tool(tool)
    if not (SIGHAN / "scripts" / "score").exists():
        required_in_ci(f"SIGHAN 2005 mirror not found at {SIGHAN} (it lives in ../shared)")
    if not segmenters.lookup("jieba").importable():
        required_in_ci("jieba is not installed")
    from evalkit.cache import Cache, default_directory
    from evalkit.corpus import read_corpus
    from evalkit.pipeline import RunOptions, run_specs
    from evalkit.segmenters import resolve
    from evalkit.segmenters.spec import parse_spec

    directory = tmp_path_factory.mktemp("bakeoff")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segmenters, "BUILTINS", {**segmenters.BUILTINS, **FAKES})
        raws = [read_corpus(files(c)[1], "raw", name=CORPORA[c]) for c in CORPORA]
        specs = [resolve(parse_spec(name)) for name in SEGMENTERS]
        # through the session's cache, so compare --sighan below finds these outputs
        outcomes = run_specs(raws, specs, RunOptions(jobs=2, cache=Cache(default_directory())))
        predictions: dict[tuple[str, str], Path] = {}
        for name, outcome in zip(SEGMENTERS, outcomes, strict=True):
            for index, corpus in enumerate(CORPORA):
                units = outcome.corpora[index].units
                assert units is not None, outcome.corpora[index].failure
                path = directory / f"{CORPORA[corpus]}.{name}"
                # a bakeoff file: words joined by spaces, a word's inner spaces left for
                # the readers to split (format_units refuses such a word)
                path.write_text("".join(" ".join(t for t in unit if not t.isspace()) + "\n"
                                        for unit in units), encoding="utf-8")
                predictions[corpus, name] = path
        jobs = {key: (files(key[0])[2], files(key[0])[0], path)
                for key, path in predictions.items()}
        with ThreadPoolExecutor(max_workers=2) as pool:
            found = dict(zip(jobs, pool.map(lambda job: run_script(*job), jobs.values()),
                             strict=True))
        options = []
        for corpus in CORPORA:
            gold, raw, words = files(corpus)
            options += ["--gold", str(gold), "--raw", str(raw), "--lexicon", str(words)]
        yield Bakeoff(options, predictions, found)


def hash_lines(text: str) -> dict[str, str]:
    lines = [line for line in text.splitlines() if line.startswith("###")]
    return {line.split("\t")[1]: line for line in lines}


def test_compare_sighan_prints_the_scripts_lines(bakeoff: Bakeoff, fake_segmenters: None,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", *bakeoff.gold_options, "--sighan", "-j", "2"]
    for name in SEGMENTERS:
        args += ["-s", name]
    assert main(args) == 0
    ours = hash_lines(capsys.readouterr().out)
    assert len(ours) == len(bakeoff.script) == 8
    for (corpus, name), line in bakeoff.script.items():
        assert ours[f"{CORPORA[corpus]}.{name}"].split("\t") == line.split("\t")


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_score_sighan_prints_the_scripts_lines(bakeoff: Bakeoff, corpus: str,
                                               capfd: pytest.CaptureFixture[str]) -> None:
    gold, _, words = files(corpus)
    for name in SEGMENTERS:
        prediction = bakeoff.predictions[corpus, name]
        assert main(["score", "--sighan", str(gold), str(prediction), "--lexicon",
                     str(words)]) == 0
        captured = capfd.readouterr()
        assert hash_lines(captured.out)[prediction.name].split("\t") == \
            bakeoff.script[corpus, name].split("\t")
        if corpus == "cityu":
            assert "starts with a UTF-8 byte order mark" in captured.err
