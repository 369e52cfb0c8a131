"""Gold sources: a gold file together with the files that travel with it.

A corpus is evaluated from up to three files: the gold segmentation, the raw
text segmenters are given (docs/scoring.md §Raw text versus gold), and a
word list for the OOV/IV columns (docs/scoring.md §Vocabulary). A registered benchmark names
all three itself; for a user's own files, ``--raw`` and ``--lexicon`` pair
with ``--gold`` in the order given. This module owns that pairing rule, so no
option is ever applied silently to the wrong corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from evalkit.errors import UsageError

if TYPE_CHECKING:
    from evalkit.corpus import Corpus
    from evalkit.datasets import FetchOptions
    from evalkit.lexicon import Lexicon


@dataclass(frozen=True)
class GoldSource:
    """One gold corpus to evaluate on, with its raw text and word list when known.

    ``dataset`` is the registry name (e.g. ``sighan2005/pku``) when the source
    came from the registry, so results and baselines can name it again on
    another machine; ``format`` and ``encoding`` are None when they are to be
    detected (UTF-8 with or without BOM).
    """

    gold: Path
    raw: Path | None = None
    lexicon: Path | None = None
    format: str | None = None
    encoding: str | None = None
    dataset: str | None = None


def distinct(sources: Sequence[GoldSource],
             note: Callable[[str], None] = lambda message: None) -> list[GoldSource]:
    """The sources in order, each corpus kept once: a registered corpus named twice (by
    itself and through a suite, say), a file of one's own given twice (the same
    resolved path), or a registered corpus's gold file given by a path beside its name
    (the same resolved path or the same bytes: it is that corpus, with its raw text and
    word list, in the place of the first mention); ``note`` hears about the files. The
    same file paired with other raw text or word lists is ambiguous, so it is a usage
    error rather than a guess."""
    registered = {source.dataset: source for source in sources if source.dataset is not None}
    first: dict[object, GoldSource] = {}
    unique = []
    for source in sources:
        same = None if source.dataset is not None else _registered_as(source, registered)
        key = source.dataset or same or source.gold.resolve()
        if same is not None:
            _check_explicit_pairing(source, registered[same])
            note(f"{source.gold}: the gold file of the registered corpus {same}, also given "
                 f"as --gold; it is read and scored once, as {same}")
        if key not in first:
            first[key] = registered[same] if same is not None else source
            unique.append(first[key])
        elif source.dataset is None and same is None:
            _check_same_pairing(first[key], source)
            note(f"{source.gold}: given twice as --gold (the same file as "
                 f"{first[key].gold}); it is read and scored once")
    return unique


def _registered_as(source: GoldSource, registered: dict[str, GoldSource]) -> str | None:
    """The registered corpus (of those given) whose gold file ``source`` is: the same
    resolved path, or a file of the same bytes; None when it is none of them."""
    import filecmp

    resolved = source.gold.resolve()
    for name, other in registered.items():
        if other.gold.resolve() == resolved:
            return name
    for name, other in registered.items():
        try:
            if source.gold.stat().st_size == other.gold.stat().st_size and \
                    filecmp.cmp(source.gold, other.gold, shallow=False):
                return name
        except OSError:  # a missing or unreadable file is reported when it is read
            return None
    return None


def _check_explicit_pairing(file: GoldSource, corpus: GoldSource) -> None:
    """A registered corpus's gold given by path must not come with other raw text or
    another word list than the corpus is scored with (none given: the corpus's own)."""
    _check_pairing(corpus, file, lambda option, own, given: (
        f"{file.gold} is the gold file of the registered corpus {corpus.dataset}, given "
        f"with the {option} {given} where {corpus.dataset} is scored with {own or 'none'}; "
        "give the corpus once"), unset_takes_kept=True)


def _check_same_pairing(kept: GoldSource, repeated: GoldSource) -> None:
    """A gold file given twice must come with the same raw text and word list (or
    none) both times."""
    _check_pairing(kept, repeated, lambda option, one, other: (
        f"{repeated.gold} is given twice as --gold with different {option} files "
        f"({one or 'none'}, {other or 'none'}); give it once, with the {option} it is to "
        "be scored with"), unset_takes_kept=False)


def _check_pairing(kept: GoldSource, repeated: GoldSource,
                   refusal: Callable[[str, Path | None, Path | None], str], *,
                   unset_takes_kept: bool) -> None:
    """Refuse (UsageError, ``refusal(option, kept's file, repeated's file)``) a second
    mention of a corpus whose --raw or --lexicon names another file than the one kept
    (compared resolved). ``unset_takes_kept``: a second mention without the option
    takes the kept one's file rather than disagreeing with it."""
    for option, one, other in (("--raw", kept.raw, repeated.raw),
                               ("--lexicon", kept.lexicon, repeated.lexicon)):
        if other is None and unset_takes_kept:
            continue
        if _resolved(one) != _resolved(other):
            raise UsageError(refusal(option, one, other))


def _resolved(path: Path | None) -> Path | None:
    return None if path is None else path.resolve()


def paired(option: str, values: Sequence[str] | None, golds: int) -> list[str | None]:
    """Spread ``values`` of a per-corpus option over ``golds`` gold files.

    None or no value: none for any corpus; one value: the same for every
    corpus; as many values as gold files: one each, in order. Any other count
    is ambiguous, so it is a usage error rather than a guess.
    """
    if not values:
        return [None] * golds
    if len(values) == 1:
        return [values[0]] * golds
    if len(values) == golds:
        return list(values)
    raise UsageError(f"{option} is given {len(values)} times for {golds} gold files: give it "
                     f"once (for every gold file) or once per --gold, in the same order")


@dataclass(frozen=True)
class Loaded:
    """What compare needs from a GoldSource: the gold corpus, the raw text that
    segmenters are given (None: the gold words joined) and the corpus's own word
    list (None: the run's --lexicon/--train, if any)."""

    gold: Corpus
    raw: Corpus | None = None
    lexicon: Lexicon | None = None
    encoding: str | None = None


def load_source(source: GoldSource, fmt: str | None = None, encoding: str | None = None,
                name: str | None = None, raw_encoding: str | None = None) -> Loaded:
    """Read a source's files. A registered corpus is read with its own format and
    encoding (datasets.read_source); ``fmt`` and ``encoding`` serve files of the user's.
    The raw text is read as a prediction is: in ``raw_encoding`` (--raw-encoding) when
    given, else UTF-8 when it decodes as UTF-8, else in the gold's encoding (a GBK gold
    may come with a UTF-8 raw text)."""
    from evalkit.corpus import read_corpus
    from evalkit.datasets import read_source
    from evalkit.lexicon import read_word_list
    from evalkit.rawtext import check_raw_text

    gold = read_source(source, fmt, encoding, name)
    encoding = source.encoding if source.dataset is not None else encoding
    raw = None if source.raw is None else \
        read_corpus(source.raw, "raw", raw_encoding, name=gold.name,
                    option="--raw-encoding", fallback=encoding)
    if raw is not None:
        check_raw_text(_skeleton(raw), _skeleton(gold), raw.path, gold.path)
    lexicon = None if source.lexicon is None else read_word_list(source.lexicon, encoding)
    return Loaded(gold, raw, lexicon, encoding)


def _skeleton(corpus: Corpus) -> str:
    """The corpus's text end to end without whitespace (what rawtext aligns)."""
    from evalkit.align import skeleton

    return skeleton("".join(unit.text for unit in corpus.units))


def gold_sources(texts: Sequence[str], fetch: FetchOptions | None = None) -> list[GoldSource]:
    """Each ``--gold`` value as sources: a path, a registered corpus, or a suite's
    corpora (a corpus named twice is read once). ``fetch``: None reads the store and
    mirror from the environment."""
    from evalkit.datasets import FetchOptions, resolve_gold

    options = fetch or FetchOptions.from_environment()
    return distinct([source for text in texts for source in resolve_gold(text, options=options)])


def one_gold(text: str, fetch: FetchOptions | None = None) -> GoldSource:
    """The single corpus a command like score needs (a suite names several)."""
    sources = gold_sources([text], fetch)
    if len(sources) != 1:
        names = ", ".join(s.dataset or str(s.gold) for s in sources)
        raise UsageError(f"{text!r} names {len(sources)} corpora ({names}); give one of them")
    return sources[0]


def read_sources(gold: Sequence[str], raw: Sequence[str] = (), lexicon: Sequence[str] = (), *,
                 train: str | None = None, fmt: str | None = None, encoding: str | None = None,
                 fetch: FetchOptions | None = None,
                 note: Callable[[str], None] | None = None,
                 raw_encoding: str | None = None) -> list[Loaded]:
    """The gold files, corpora or suites (none: the seeds), each with its raw text and
    word list: a registered corpus brings its own; ``raw`` and ``lexicon`` pair with
    the ``gold`` values in order (a value given for a suite serves each of its corpora).
    A ``lexicon`` value, or ``train`` (the run's training corpus, which serves the
    corpora no ``lexicon`` value reaches), replaces a registered corpus's own list only
    when it serves that corpus alone (``note`` hears it); one serving several corpora
    of which any has its own list is refused (check_replaced_lists). A file's corpus
    is named by its stem, or by its path when two files share a stem. A file given
    twice is read once; ``note`` (None: the fetch options' note) hears it."""
    from evalkit.errors import InputError
    from evalkit.seeds import default_gold_files

    texts = list(gold) or [str(path) for path in default_gold_files()]
    if not texts:
        raise InputError("seeds", "no gold files found; pass --gold FILE")
    raws = paired("--raw", raw, len(texts))
    lexicons = paired("--lexicon", lexicon, len(texts))
    hear = note or (fetch.note if fetch else lambda message: None)
    if not gold and not Path("seeds").is_dir():
        hear(f"no ./seeds/ folder here: evaluating the seed shipped with evalkit "
             f"({', '.join(texts)}); --gold FILE names your own")
    sources: list[GoldSource] = []
    given: dict[int, tuple[str, str, int]] = {}
    own: dict[int, Path | None] = {}
    for index, (text, raw_text, words) in enumerate(zip(texts, raws, lexicons, strict=True)):
        for source in (gold_sources([text], fetch) if gold else [GoldSource(Path(text))]):
            paired_source = replace(source, raw=Path(raw_text) if raw_text else source.raw,
                                    lexicon=Path(words) if words else source.lexicon)
            sources.append(paired_source)
            own[id(paired_source)] = source.lexicon if source.dataset is not None else None
            if words:  # one value for every corpus is one group; one per --gold, one each
                given[id(paired_source)] = ("--lexicon", words,
                                            0 if len(lexicon) == 1 else index)
            elif train:
                given[id(paired_source)] = ("--train", train, 0)
    unique = check_replaced_lists(distinct(sources, hear), given, own, hear)
    stems = [s.gold.stem for s in unique if s.dataset is None]
    return [load_source(s, fmt, encoding,
                        name=s.gold.stem if stems.count(s.gold.stem) == 1 else str(s.gold),
                        raw_encoding=raw_encoding)
            for s in unique]


def source_name(source: GoldSource) -> str:
    return source.dataset or str(source.gold)


def replaced_note(source: GoldSource, own: Path, option: str, value: str) -> str:
    """What a user hears when an explicit word list replaces a registered corpus's own."""
    return (f"{source_name(source)}: {option} {value} replaces its own word list "
            f"({own.name}) for the OOV/IV figures")


def check_replaced_lists(sources: Sequence[GoldSource], given: dict[int, tuple[str, str, int]],
                         own: dict[int, Path | None],
                         note: Callable[[str], None]) -> list[GoldSource]:
    """The sources with an explicit word list where it replaces a registered corpus's
    own, refused where one value would serve several corpora of which any has its own
    list (docs/scoring.md §Vocabulary): the figures would look plausible and be wrong.

    ``given``: by source id, the option, value and group (sources in one group share
    the value) that set its vocabulary; ``own``: the registry's list of each source."""
    groups: dict[tuple[str, str, int], list[GoldSource]] = {}
    for source in sources:
        if id(source) in given:
            groups.setdefault(given[id(source)], []).append(source)
    kept = {id(source): source for source in sources}
    for (option, value, _), served in groups.items():
        owners = [(source, mine) for source in served if (mine := own[id(source)]) is not None]
        if not owners:
            continue
        if len(served) > 1:
            names = ", ".join(source_name(source) for source, _ in owners)
            raise UsageError(
                f"{option} {value} would serve {len(served)} corpora and replace the word "
                f"lists of {names}, which bring their own: drop {option} to score each "
                f"registered corpus with its own list, or score one corpus alone (--gold "
                f"{source_name(owners[0][0])} {option} {value}) if replacing its list is meant")
        [(source, mine)] = owners
        note(replaced_note(source, mine, option, value))
        if option == "--train":  # the run's vocabulary, not a list of the corpus's own
            kept[id(source)] = replace(source, lexicon=None)
    return [kept[id(source)] for source in sources]
