"""The whole-corpus readers and counting give the scores the per-word code gave.

The figures below were computed by the per-word implementation (evalkit before
issue 13's scoring rewrite, commit e4ad9bf) on the seed, the UD GSDSimp files
and the four SIGHAN 2005 gold test sets, each against a deterministic
perturbation of itself (merges, splits, separators kept) with a lexicon drawn
from the gold: the reader's units, the per-unit and per-sentence count
matrices, the predicted cuts and the gold words of the results document, and
the bakeoff mode's per-line rows. Any change in the readers or the counting
changes a digest. Corpora missing beside the repository are skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from evalkit.corpus import Corpus, read_corpus
from evalkit.lexicon import Lexicon
from evalkit.scoring import corpus_info, score_prediction
from evalkit.settings import Settings
from evalkit.sighan import Lines, read_lines, score_sighan
from tests.conftest import SEED, SHARED

BAKEOFF = SHARED / "mirror" / "yuikns" / "icwb2-data" / "873a51fa6234c644126d2f2c5c603a97809d2e49"
UD = SHARED / "corpora" / "ud-chinese-gsdsimp"


def perturb(tokens: Sequence[str]) -> list[str]:
    """Merge every fifth token into the next, cut some long ones after their first
    character: a segmentation of the same text with every kind of error."""
    out: list[str] = []
    merge = False
    for index, token in enumerate(tokens):
        if merge and out:
            out[-1] += token
        elif index % 7 == 3 and len(token) >= 3:
            out += [token[0], token[1:]]
        else:
            out.append(token)
        merge = index % 5 == 0
    return out


def lexicon_of(corpus: Corpus) -> Lexicon:
    """Two thirds of the gold's words, chosen by their code points."""
    words = {w for unit in corpus.units for w in unit.words if sum(map(ord, w)) % 3}
    return Lexicon(frozenset(words), "drawn", "lexicon", "")


def digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:16]


def fingerprint(path: Path) -> dict[str, object]:
    """Everything the readers and the counting produce for one gold file."""
    corpus = read_corpus(path)
    settings = Settings(lexicon_of(corpus))
    predicted = [perturb(unit.tokens) for unit in corpus.units]
    row = score_prediction(corpus, predicted, "perturbed", settings)
    info = corpus_info(corpus, settings)
    figures: dict[str, object] = {
        "units": digest([[list(u.tokens), u.line] for u in corpus.units]),
        "words": corpus.word_count, "chars": corpus.char_count,
        "totals": row.per_unit.sum(axis=0).tolist(),
        "per_unit": digest(row.per_unit.tolist()),
        "per_sentence": digest(row.per_sentence.tolist()),
        "cuts": digest(row.cuts), "gold": digest(list(info.gold)),
    }
    if corpus.format == "whitespace":
        gold = read_lines(str(path), None, None)
        sighan = score_sighan(gold, Lines("p", [perturb(u) for u in gold.units], ""),
                              settings)
        figures["sighan"] = sighan.per_line.sum(axis=0).tolist()
        figures["sighan_rows"] = digest(sighan.per_line.tolist())
    return figures


EXPECTED: dict[str, dict[str, object]] = {
    "000_c514ef1e1ad5938b.txt": {
        "units": "3a22a56b5029d5d0",
        "words": 901,
        "chars": 1655,
        "totals": [901, 736, 534, 900, 735, 722, 269, 160, 5,
                   170, 197, 11, 354, 2, 176, 24, 2],
        "per_unit": "6fd0f0b052c49d73",
        "per_sentence": "1d22d8af404ae0f0",
        "cuts": "93e11118df7b80e5",
        "gold": "6680ba97b63687a8",
    },
    "zh_gsdsimp-ud-dev.conllu": {
        "units": "92cf0b178f30bf2c",
        "words": 12663,
        "chars": 20022,
        "totals": [12663, 10113, 7343, 12163, 9613, 9532, 4429, 2538, 32,
                   2582, 2738, 58, 5239, 23, 2608, 139, 23],
        "per_unit": "f4c23ff41bbaed13",
        "per_sentence": "370b97ff089b601e",
        "cuts": "ab316cd3a86c749c",
        "gold": "fc816639f3a1c7c7",
    },
    "zh_gsdsimp-ud-test.conllu": {
        "units": "cffa095300eca13a",
        "words": 12012,
        "chars": 19235,
        "totals": [12012, 9608, 6975, 11512, 9108, 9025, 4275, 2446, 43,
                   2447, 2590, 63, 4954, 20, 2467, 146, 20],
        "per_unit": "e26aa1a4fb2a6fc4",
        "per_sentence": "6bcc475cb0f250cb",
        "cuts": "b08e289f3adb4be0",
        "gold": "117b42995ede9562",
    },
    "as_testing_gold.utf8": {
        "units": "7d0a2ec793f4ef05",
        "words": 122610,
        "chars": 197681,
        "totals": [122610, 96431, 66690, 108181, 82002, 80738, 41603, 24097, 995,
                   27174, 28746, 1034, 54656, 230, 27213, 2298, 230],
        "per_unit": "37e148c03646aa09",
        "per_sentence": "6d6552fdfa0f58b2",
        "cuts": "ac516463ef3e6a20",
        "gold": "e07a8571387129ff",
        "sighan": [122610, 96431, 66690, 41603, 24097, 1006, 27185, 28735],
        "sighan_rows": "dc4eb51bcee04226",
    },
    "cityu_test_gold.utf8": {
        "units": "01f016d0bdba4847",
        "words": 40936,
        "chars": 67689,
        "totals": [40936, 32938, 23641, 39444, 31446, 30970, 14023, 8103, 180,
                   8178, 9117, 347, 16819, 129, 8345, 823, 129],
        "per_unit": "7379252cb2be3a99",
        "per_sentence": "0d804815752b1172",
        "cuts": "a29f0535a19bee1d",
        "gold": "15294798ce86f4ad",
        "sighan": [40936, 32938, 23641, 14023, 8103, 180, 8178, 9117],
        "sighan_rows": "7592a877294289da",
    },
    "msr_test_gold.utf8": {
        "units": "8d767edfe833afb3",
        "words": 106873,
        "chars": 184355,
        "totals": [106873, 85963, 61653, 102888, 81978, 80734, 33542, 19111, 517,
                   21427, 23793, 912, 43976, 332, 21822, 2156, 332],
        "per_unit": "adef08790354588f",
        "per_sentence": "f3fed7dda53ba507",
        "cuts": "124205425753f999",
        "gold": "7f43ad69f3a5620a",
        "sighan": [106873, 85963, 61653, 33542, 19111, 520, 21430, 23790],
        "sighan_rows": "15e197efab27e3e6",
    },
    "pku_test_gold.utf8": {
        "units": "cac4cd1f6366a88a",
        "words": 104372,
        "chars": 172733,
        "totals": [104372, 84036, 61075, 102428, 82092, 81129, 34697, 20191, 327,
                   20663, 22634, 699, 42334, 264, 21035, 1662, 264],
        "per_unit": "36018eaf94807c9a",
        "per_sentence": "6d84058d1822e81c",
        "cuts": "7a6270126edc1262",
        "gold": "3af6127bdd902c81",
        "sighan": [104372, 84036, 61076, 34697, 20190, 330, 20666, 22630],
        "sighan_rows": "8ba52b0a0674dba0",
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scores_equal_the_per_word_implementation(name: str) -> None:
    path = SEED if name == SEED.name else (UD / name if name.endswith(".conllu")
                                           else BAKEOFF / "gold" / name)
    if not path.exists():
        pytest.skip(f"{path} not found (it lives in ../shared)")
    assert fingerprint(path) == EXPECTED[name]
