"""Reading a results document back from its file (``evalkit report``, baselines).

One reader for both: a missing file, unreadable bytes or JSON, and a document
that is not what it should be are each an InputError naming the file, with a
message that says what to pass instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


def read_results(path: str | Path) -> Results:
    """A results document written by ``evalkit compare`` (or a baseline), as Results."""
    from evalkit.results import from_document

    unreadable = "not an evalkit results document"
    document = read_json(path, "no such file; pass results.json from 'evalkit compare'",
                         unreadable)
    try:
        return from_document(document)
    except (AttributeError, KeyError, TypeError, ValueError) as error:  # a JSON list, say
        raise InputError(str(path), f"{unreadable} ({error})") from None
