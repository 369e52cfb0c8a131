"""The built-in adapters that this harness maps or added lately, on real text through the
worker: each unit's text comes back exactly (whitespace included), their options
reach the library, and ``evalkit segmenters`` names each package's version and licence.

A segmenter that is not installed skips here and fails in CI, where the Makefile
installs them all. Each test runs one worker at a time: jiojio alone takes ~2.1 GB.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from evalkit.corpus import read_corpus
from evalkit.messages import Job
from evalkit.runner import Outcome, Runner
from evalkit.segmenters import BUILTINS
from tests.conftest import SEED, required_in_ci

REPRODUCING = ["wapic", "jiojio", "genius", "pkuseg", "snownlp", "thulac"]
"""The three added adapters, and the older ones whose library drops or changes
whitespace (their tokens are laid back onto the text)."""

DECLARED_LICENCES = {"wapic": "MIT", "jiojio": "GNU General Public License v3 (GPLv3)",
                     "genius": "BSD"}

MIXED_WHITESPACE = "　北京大学 成立于1898年，\t英文名 Peking\xa0University。 "
"""Leading U+3000, a tab, a no-break space and a trailing space: whitespace that the
libraries drop or keep in different ways."""


def installed(name: str) -> str:
    """The adapter path of an installed built-in (skip here, fail in CI, when it is not)."""
    entry = BUILTINS[name]
    if not entry.importable():
        required_in_ci(f"{name} is not installed (pip install 'evalkit[{name}]')")
    return entry.adapter


def run(name: str, corpora: list[tuple[str, list[str]]], **options: str) -> Outcome:
    job = Job(name, installed(name), options, corpora)
    return Runner(jobs=1).run([job])[0]


def outputs(outcome: Outcome, corpora: int) -> list[list[list[str]]]:
    assert outcome.failure is None, outcome.failure
    found = []
    for index in range(corpora):
        output = outcome.corpora[index]
        assert output.failure is None and output.units is not None, output.failure
        found.append(output.units)
    return found


@pytest.fixture(scope="module")
def ud_sample(ud_test: Path) -> list[str]:
    """UD GSDSimp test sentences with whitespace, Latin letters or digits, and the
    first ten others: the kinds of text where libraries differ in what they keep."""
    texts = [unit.text for unit in read_corpus(ud_test).units]
    unusual = [t for t in texts if re.search(r"\s|[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]", t)]
    plain = [t for t in texts if t not in unusual][:10]
    assert len(unusual) > 20 and any(" " in t for t in unusual)
    return unusual + plain


@pytest.fixture(scope="module")
def ud_test() -> Path:
    from tests.conftest import UD_TEST

    if not UD_TEST.exists():
        pytest.skip(f"UD corpus not found at {UD_TEST} (it lives in ../shared)")
    return UD_TEST


@pytest.mark.parametrize("name", REPRODUCING)
def test_output_reproduces_the_text(name: str, ud_sample: list[str]) -> None:
    seed = [unit.text for unit in read_corpus(SEED).units]
    corpora = [("seed", seed), ("ud", ud_sample), ("mixed", [MIXED_WHITESPACE])]
    for (corpus, texts), units in zip(corpora, outputs(run(name, corpora), 3), strict=True):
        for number, (text, tokens) in enumerate(zip(texts, units, strict=True), start=1):
            assert "".join(tokens) == text, f"{name}, {corpus} unit {number}"
            assert all(tokens), f"{name}, {corpus} unit {number}: an empty token"
        assert sum(len(t) > 1 for u in units for t in u if not t.isspace()) > len(texts), \
            f"{name} did not segment {corpus} into words"


def test_wapic_model_option_reaches_the_library(tmp_path: Path) -> None:
    """An existing file that is no model: the library itself refuses it (a missing
    file never gets this far: base.file_path refuses it when the spec is checked)."""
    model = tmp_path / "junk.wac"
    model.write_text("not a model\n", encoding="utf-8")
    outcome = run("wapic", [("x", ["中文"])], model=str(model))
    assert outcome.failure is not None and "Invalid model" in outcome.failure


def test_genius_use_combine_merges_numbers() -> None:
    text = ["圆周率约为3.14。"]
    (plain,), = outputs(run("genius", [("x", text)]), 1)
    (combined,), = outputs(run("genius", [("x", text)], use_combine="true"), 1)
    assert "3.14" not in plain and "3.14" in combined


def test_jiojio_user_dict_is_used(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("伟大的国家\t10\n", encoding="utf-8")
    outcome = run("jiojio", [("x", ["中华人民共和国是一个伟大的国家"])], user_dict=str(words))
    (tokens,), = outputs(outcome, 1)
    assert tokens[-1] == "伟大的国家"
    assert outcome.identity is not None and outcome.identity.options == \
        {"user_dict": str(words)}


@pytest.mark.parametrize("name", DECLARED_LICENCES)
def test_segmenters_lists_version_licence_and_needs(
        name: str, capsys: pytest.CaptureFixture[str]) -> None:
    installed(name)
    assert main(["segmenters"]) == Exit.OK
    row = next(line for line in capsys.readouterr().out.splitlines()
               if line.startswith(f"{name} "))
    assert re.search(rf"\b{re.escape(metadata.version(name))}\s+yes\b", row), row
    assert row.rstrip().endswith(DECLARED_LICENCES[name]), row
    if name == "jiojio":
        assert "2.1 GB" in row and "16 s" in row


def test_each_new_segmenter_is_an_extra_of_its_own_and_pinned() -> None:
    """``evalkit[wapic]`` and the others install one segmenter alone; ``all`` holds those
    that install without special steps but not jiojio (GPL-3, ~2.1 GB); the versions
    behind the committed reports are pinned."""
    from tests.conftest import REPO

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]
    pinned = (REPO / "constraints.txt").read_text(encoding="utf-8").split()
    packages = {"wapic": ["wapic", "wapic-cws-model"], "jiojio": ["jiojio"],
                "genius": ["genius"]}
    for extra, names in packages.items():
        assert [re.split(r"[<>=]", r)[0] for r in extras[extra]] == names
        assert all(any(p.startswith(f"{n}==") for p in pinned) for n in names), extra
    in_all = {re.split(r"[<>=]", r)[0] for r in extras["all"]}
    assert {"wapic", "wapic-cws-model", "genius"} <= in_all and "jiojio" not in in_all


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception),
                                             ("", pytest.skip.Exception)])
def test_a_missing_segmenter_skips_here_and_fails_in_ci(
        ci: str, outcome: type[BaseException], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="not installed"):
        required_in_ci("wapic is not installed")
