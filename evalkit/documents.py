"""Reading a results document back from its file (``evalkit report``, baselines).

One reader for both: a missing file, unreadable bytes or JSON, and a document
that is not what it should be are each an InputError naming the file, with a
message that says what to pass instead.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalkit.document_shape import shape_problem
from evalkit.errors import InputError

if TYPE_CHECKING:
    from evalkit.results import Results


def read_json(path: str | Path, missing: str, unreadable: str) -> Any:
    """The JSON value in ``path``; ``missing`` is the message when there is no such
    file, ``unreadable`` the start of the one for bytes that are not JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), missing) from None
    except (OSError, ValueError) as error:
        raise InputError(str(path), f"{unreadable} ({error})") from None


EDITED = "edited by hand? re-run compare or restore the file"
DAMAGED = ("the file is damaged: re-run the command that wrote it (evalkit compare, or "
           "compare --save-baseline for a baseline)")


def read_results(path: str | Path) -> Results:
    """A results document written by ``evalkit compare`` (or a baseline), as Results.

    Refused with one line: a document missing a field the results schema requires
    or holding a malformed part (document_shape says where and what), and one
    edited by hand (check_consistent): the report would silently undo the edit.
    """
    from evalkit.packing import PackingError
    from evalkit.results import SCHEMA_VERSION, from_document, schema_of

    unreadable = "not an evalkit results document"
    document = read_json(path, "no such file; pass results.json from 'evalkit compare'",
                         unreadable)
    if not isinstance(document, dict):
        raise InputError(str(path), f"{unreadable} (a JSON {type(document).__name__}, not an "
                         "object); pass results.json from 'evalkit compare'")
    try:
        problem = shape_problem(document) if schema_of(document) == SCHEMA_VERSION else None
        if problem is not None:
            raise InputError(str(path), f"{unreadable}: {problem}; re-run compare or restore "
                             "the file")
        return from_document(document)
    except EditedDocumentError as error:
        raise InputError(str(path), str(error)) from None
    except PackingError as error:  # names the row (or corpus) and the field
        raise InputError(str(path), f"{error}; {DAMAGED}") from None
    except KeyError as error:  # a schema 1 document without a field its reader needs
        raise InputError(str(path), f"{unreadable}: a required field {error} is missing; "
                         "re-run compare or restore the file") from None
    except (AttributeError, TypeError, ValueError) as error:
        raise InputError(str(path), f"{unreadable} ({error})") from None


class EditedDocumentError(ValueError):
    """A document whose parts contradict each other: edited after evalkit wrote it."""


def check_consistent(document: dict[str, Any], results: Results) -> None:
    """Refuse (EditedDocumentError) a document whose settings contradict its signature or
    whose stored figures do not follow from its stored counts; ``results`` is what
    was read from it. results.from_document calls this, so baselines are checked too."""
    problem = settings_problem(document) or figures_problem(document, results)
    if problem is not None:
        raise EditedDocumentError(problem)


def settings_problem(document: dict[str, Any]) -> str | None:
    """A line saying which setting contradicts the document's own signature, or None.

    The settings drive the report; the signature is what a reader quotes: a
    document where they disagree has been edited, and neither can be trusted."""
    signature = document.get("signature")
    settings = document.get("settings")
    if not isinstance(signature, str) or not isinstance(settings, dict):
        return None
    from evalkit.results import signature_fields

    fields = signature_fields(signature)
    for setting, key in (("metric", "metric"), ("normalisation", "norm")):
        if key in fields and setting in settings and str(settings[setting]) != fields[key]:
            return (f"settings.{setting} is {settings[setting]!r} but the signature says "
                    f"{key}:{fields[key]}; {EDITED}")
    return None


def _differs(stored: Any, recomputed: Any) -> bool:
    if isinstance(stored, bool) or isinstance(recomputed, bool):
        return bool(stored != recomputed)
    if isinstance(stored, int | float) and isinstance(recomputed, int | float):
        return not math.isclose(stored, recomputed, rel_tol=1e-9, abs_tol=1e-12)
    return bool(stored != recomputed)


def figures_problem(document: dict[str, Any], results: Results) -> str | None:
    """A line naming the first stored figure that its stored counts do not give, or None.

    Reports recompute every figure from the per-unit counts, so an edited figure
    would vanish from the report while the JSON keeps it; this names the row, the
    figure, the stored and the recomputed value instead."""
    for stored, row in zip(document.get("results", []), results.rows, strict=False):
        counts = row.counts
        expected: dict[str, dict[str, Any]] = {
            "counts": counts.as_dict(), "word": vars(counts.words),
            "boundary": vars(counts.boundaries)}
        if isinstance(stored.get("vocabulary"), dict):
            expected["vocabulary"] = vars(counts.vocabulary())
        for part, figures in expected.items():
            found = _first_edit(stored.get(part), figures)
            if found is not None:
                name, held, value = found
                source = "per-unit counts" if part == "counts" else "counts"
                return (f"row {row.corpus} × {row.segmenter}: {part}.{name} is stored as "
                        f"{held!r} but its {source} give {value!r}; {EDITED}")
    averages = {m.segmenter: m for m in results.macro_averages()}
    for stored in document.get("macro_average", []):
        average = averages.get(stored.get("segmenter"))
        if average is None:
            continue
        for part, prf in (("word", average.words), ("boundary", average.boundaries)):
            found = _first_edit(stored.get(part), vars(prf))
            if found is not None:
                name, held, value = found
                return (f"macro average of {average.segmenter}: {part}.{name} is stored "
                        f"as {held!r} but its rows give {value!r}; {EDITED}")
    return None


def _first_edit(held: Any, figures: dict[str, Any]) -> tuple[str, Any, Any] | None:
    """The first of ``figures`` whose stored value in ``held`` (a document's part)
    differs: its name, the stored and the recomputed value; None if all agree."""
    if not isinstance(held, dict):
        return None
    return next(((name, held[name], value) for name, value in figures.items()
                 if name in held and _differs(held[name], value)), None)
