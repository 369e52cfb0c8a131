"""Text about registered corpora: the listing, one corpus in full, a file's text.

These render what ``evalkit datasets`` prints; the CLI only chooses which.
"""

from __future__ import annotations

from pathlib import Path

from evalkit.datasets.fetch import (
    FetchOptions,
    check_stored,
    fetch_file,
    source_url,
    store_path,
    store_problems,
    stored_state,
)
from evalkit.datasets.registry import ROLES, DataFile, Dataset, Registry
from evalkit.errors import UsageError


def _count(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def listing(registry: Registry, store: Path, tablefmt: str = "simple") -> str:
    """One row per corpus (name, size, script, domain, licence, downloaded?), then suites.

    'downloaded' checks each store file's size and SHA-256 (see ``store_problems``),
    so a damaged file is never listed as ready: its corpus shows 'damaged', and a
    line under the table names the file, what is wrong and the command that fetches
    it again.
    """
    from tabulate import tabulate

    rows = [[d.name, _count(d.sentences), _count(d.words), d.script, d.domain, d.licence,
             stored_state(d, store)] for d in registry.datasets.values()]
    damaged = [f"  {d.name} {role}: {problem}; 'evalkit datasets download {d.name}' "
               "fetches it again"
               for d in registry.datasets.values()
               for role, problem in store_problems(d, store).items() if problem != "missing"]
    table = tabulate(rows, headers=["name", "sentences", "words", "script", "domain",
                                    "licence", "downloaded"], tablefmt=tablefmt,
                     disable_numparse=True, colalign=["left", "right", "right", "left",
                                                      "left", "left", "left"])
    suites = [f"  {name}: {', '.join(members)}" for name, members in registry.suites.items()
              if name != "all"]
    damage = "" if not damaged else \
        "\n\ndamaged store files (not what the registry pins):\n" + "\n".join(damaged)
    return (f"{table}{damage}\n\nsuites (a name that stands for several corpora; 'all' is every "
            "corpus):\n" + "\n".join(suites) + f"\n\nstore: {store}\n")


def _store_note(file: DataFile, stored: Path, name: str) -> str:
    problem = check_stored(stored, file)
    if problem is None:
        return ""
    if problem == "missing":
        return " (not downloaded)"
    return f" (damaged: {problem}; 'evalkit datasets download {name}' fetches it again)"


def description(dataset: Dataset, options: FetchOptions) -> str:
    """Everything known about one corpus: files with URL and SHA-256, terms, BibTeX."""
    import textwrap

    def wrapped(label: str, text: str) -> str:
        return textwrap.fill(text, 88, initial_indent=f"  {label:<11}",
                             subsequent_indent=" " * 13)

    lines = [dataset.name, textwrap.fill(dataset.description, 88, initial_indent="  ",
                                         subsequent_indent="  "),
             f"  homepage:  {dataset.homepage}",
             f"  script:    {dataset.script}; domain: {dataset.domain}",
             f"  size:      {_count(dataset.sentences)} sentences, {_count(dataset.words)} "
             "words",
             f"  licence:   {dataset.licence}", wrapped("terms:", dataset.terms), "", "files:"]
    for file in dataset.files:
        stored = store_path(file, options.store)
        lines += [f"  {file.role} ({file.format}, {file.encoding}, {file.size:,} bytes)",
                  f"    url:    {file.url}",
                  f"    sha256: {file.sha256}",
                  f"    store:  {stored}{_store_note(file, stored, dataset.name)}"]
        if options.mirror is not None:
            lines.append(f"    mirror: {source_url(file, options.mirror)}")
    if dataset.notes:
        lines += ["", "known properties of the files:"]
        lines += [textwrap.fill(note, 88, initial_indent="  - ", subsequent_indent="    ")
                  for note in dataset.notes]
    lines += ["", "cite (BibTeX):", dataset.citation, ""]
    return "\n".join(lines)


def file_text(dataset: Dataset, role: str, options: FetchOptions) -> str:
    """A corpus's text for ``role``, as sacreBLEU's --echo gives it.

    ``gold`` and ``lexicon`` are their files' text; ``raw`` is the raw file, or,
    for a corpus without one (CoNLL-U, tagged), the text of each gold unit on a
    line, which is what segmenters are given.
    """
    from evalkit.corpus import decode, read_corpus

    file = dataset.file(role)
    if file is not None:
        path = fetch_file(dataset, file, options)
        return decode(path.read_bytes(), str(path), file.encoding)
    if role != "raw":
        roles = ", ".join(f.role for f in dataset.files)
        raise UsageError(f"{dataset.name} has no {role} file (it has: {roles}, and raw)")
    gold = dataset.gold
    corpus = read_corpus(fetch_file(dataset, gold, options), gold.format, gold.encoding)
    return "".join(unit.text + "\n" for unit in corpus.units)


def echo_text(registry: Registry, name: str, role: str, options: FetchOptions) -> str:
    """``evalkit datasets echo``: one corpus's text for ``role`` (a suite names several,
    so it is refused with their names)."""
    if role not in ROLES:
        raise UsageError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    members = registered(registry, name, "echo")
    if len(members) != 1:
        raise UsageError(f"{name!r} is a suite of {len(members)} corpora; echo one "
                         f"of them ({', '.join(d.name for d in members)})")
    return file_text(members[0], role, options)


def registered(registry: Registry, name: str, action: str) -> list[Dataset]:
    """The corpora ``evalkit datasets ACTION NAME`` works on. These actions take
    registered names only: an existing file is refused with what to do instead,
    never called "neither a file nor a corpus"."""
    if not registry.knows(name) and Path(name).exists():
        what = {"echo": "a file is already its own text: read it as it is (cat), or give "
                        "its path wherever a corpus name goes",
                "show": "a file has no registry record; 'evalkit datasets' lists the "
                        "registered corpora",
                "download": "a file needs no download"}[action]
        raise UsageError(f"{name!r} is a file, and 'evalkit datasets {action}' takes a "
                         f"registered corpus name; {what}")
    return registry.expand(name, files=False)


def segment_input(registry: Registry, text: str, fmt: str | None, encoding: str | None,
                  options: FetchOptions) -> tuple[str, str | None, str | None]:
    """What ``evalkit segment`` reads for INPUT, with its format and encoding.

    An existing path (or a missing one not shaped like a name) is read as given,
    with the user's --format-in and --encoding; an unknown name is refused with the
    closest names, as for a gold. A registered corpus gives its raw
    file, or, when it has none, its gold file (CoNLL-U or tagged, whose text is
    segmented), fetched and verified, in its own format and encoding: the text
    ``evalkit compare`` gives segmenters for it. A suite names several: refused.
    """
    from evalkit.datasets.resolve import NAME_SHAPE

    if Path(text).exists() or not (registry.knows(text) or NAME_SHAPE.fullmatch(text)):
        return text, fmt, encoding
    members = registry.expand(text)
    if len(members) != 1:
        raise UsageError(f"{text!r} is a suite of {len(members)} corpora, and segment "
                         f"writes one text; segment one of them "
                         f"({', '.join(d.name for d in members)})")
    dataset = members[0]
    file = dataset.file("raw") or dataset.gold
    path = fetch_file(dataset, file, options)
    return str(path), "raw" if file.role == "raw" else file.format, file.encoding
