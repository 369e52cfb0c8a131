"""Does a vocabulary fit the gold corpus it is used on? (docs/scoring.md §Vocabulary.)

An OOV rate from the wrong word list is a plausible-looking number, not an
error: the traditional-script AS list on simplified PKU gives an OOV rate of
0.450 and exits 0. These checks refuse a training corpus that is the test gold
itself and warn where the coverage says the list does not belong to the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from evalkit.errors import UsageError

if TYPE_CHECKING:
    from evalkit.flat import Flat
    from evalkit.settings import Settings

OOV_RATE_WARNING = 0.30
"""An OOV rate above this is warned about. Measured on real data: each SIGHAN 2005 test
gold with its own training word list leaves 2.6-7.4% OOV, UD GSDSimp test with the
words of its (small) dev set 26.7%; a list of another corpus leaves 34.3% (UD dev words
on PKU) to 56.9% (on CITYU), a list of the other script 41.9-47.4%."""
WORDS_FOR_WARNING = 100
"""Coverage of fewer gold words than this says nothing, so it is never warned about."""


def coverage_warning(corpus: str, vocabulary: str, gold_words: int,
                     oov_words: int) -> str | None:
    """Why the vocabulary's OOV figures on ``corpus`` are suspect, or None."""
    if gold_words < WORDS_FOR_WARNING:
        return None
    rate = oov_words / gold_words
    if rate > OOV_RATE_WARNING:
        return (f"{corpus}: OOV rate {rate:.3f} with the vocabulary {vocabulary} (above "
                f"{OOV_RATE_WARNING:.2f}, which no corpus's own word list reaches): it is "
                "probably another corpus's list, or of the other script (traditional for "
                "simplified), so its OOV and IV figures say little")
    if oov_words == 0:
        return (f"{corpus}: every one of its {gold_words} gold words is in the vocabulary "
                f"{vocabulary}: it was probably made from this test gold, so OOV recall is "
                "n/a and IV recall is plain recall")
    return None


def check_vocabulary(corpus: str, gold_sha256: str, gold: Flat,
                     settings: Settings, warn: Callable[[str], None]) -> None:
    """refuse_the_gold_itself, then pass ``warn`` coverage_warning's message. ``gold``:
    the gold's word skeletons under the settings' normalisation (its membership answers
    are kept for the counts)."""
    refuse_the_gold_itself(corpus, gold_sha256, lambda: gold.words, settings)
    lexicon, vocabulary = settings.lexicon, settings.vocabulary
    if lexicon is None or vocabulary is None:
        return
    oov = gold.in_vocabulary(vocabulary).count(False)
    message = coverage_warning(corpus, lexicon.path, len(gold.words), oov)
    if message is not None:
        warn(message)


def refuse_the_gold_itself(corpus: str, gold_sha256: str,
                           gold_words: Callable[[], Iterable[str]], settings: Settings) -> None:
    """Refuse a --train corpus that is this gold: the same file content, or the same
    words (``gold_words()``, asked for only when the vocabulary is a --train corpus)."""
    lexicon, vocabulary = settings.lexicon, settings.vocabulary
    if lexicon is None or vocabulary is None or lexicon.kind != "train":
        return
    same_file = lexicon.file_sha256 == gold_sha256
    if same_file or vocabulary == frozenset(gold_words()):
        same = "the same file content" if same_file else "the same words"
        raise UsageError(f"--train {lexicon.path} is the gold corpus {corpus} itself ({same}): "
                         "every gold word would be in-vocabulary (OOV rate 0, OOV "
                         "recall n/a); give the corpus the segmenters were trained on")
