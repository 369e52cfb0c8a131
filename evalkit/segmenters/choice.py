"""Which segmenters a run uses: the ones asked for, or every installed one.

A registered name that is not installed, or two specs with one label, are
refused before any worker starts; with nothing asked for, each registered
segmenter that cannot be imported is skipped with a note saying how to add it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from evalkit.errors import UsageError
from evalkit.segmenters.spec import Spec, parse_spec


def _silent(message: str) -> None:
    del message


def choose_segmenters(requested: Sequence[str] | None,
                      note: Callable[[str], None] = _silent) -> list[Spec]:
    """Specs as given (registered names must be installed, their options valid, labels
    distinct); by default, every importable registered segmenter, ``note`` hearing of
    the others. A bad spec fails here, before any corpus is read or anything starts
    (a thread, a worker), so its usage error is the only thing that happens."""
    from evalkit.segmenters import check_options, lookup, registered
    from evalkit.segmenters.install import install_command

    if requested:
        specs = [parse_spec(text) for text in requested]
        for spec in specs:
            if spec.kind == "registered":
                entry = lookup(spec.target)
                if not entry.importable():
                    raise UsageError(f"segmenter {spec.target!r} is not installed here; to "
                                     f"add it: {install_command(entry.distribution)}")
                check_options(spec)
        labels = [spec.label for spec in specs]
        for later, spec in enumerate(specs):
            if spec.label in labels[:later]:
                raise UsageError(f"segmenter {spec.label!r} is given twice; give one an "
                                 f"alias, e.g. -s {spec.aliased(labels)}")
        return specs
    chosen = []
    for name, entry in registered().items():
        if entry.importable():
            chosen.append(parse_spec(name))
        else:
            note(f"skipping {name}: not installed; to add it: "
                 f"{install_command(entry.distribution)}")
    if not chosen:
        raise UsageError(f"no segmenter is installed; to add one: {install_command('jieba')}")
    return chosen
