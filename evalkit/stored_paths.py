"""Finding the files a baseline names by path, from wherever ``evalkit check`` runs.

A baseline stores each path as ``evalkit compare`` was given it, so a relative
path is relative to the folder compare ran in. When it does not exist from the
current folder, it is tried from the baseline file's folder and that folder's
parent (the usual ``baselines/`` folder beside the data), in that order; a path
found nowhere is an InputError saying it came from the baseline, where it was
looked for and how to point the check at the file's new place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from evalkit.errors import InputError


@dataclass(frozen=True)
class StoredPaths:
    """The paths of one baseline file."""

    baseline: Path

    def places(self, stored: str) -> list[Path]:
        """Where a stored path is looked for, in order."""
        path = Path(stored)
        if path.is_absolute():
            return [path]
        folder = self.baseline.resolve().parent
        return list(dict.fromkeys([path, folder / path, folder.parent / path]))

    def still_finds(self, stored: str, found: str | Path) -> bool:
        """Whether ``stored`` still leads (as find would) to the file ``found`` names, so
        a rewritten baseline can keep the path as stored (see check.keep_stored_paths)."""
        place = next((place for place in self.places(stored) if place.exists()), None)
        try:
            return place is not None and os.path.samefile(place, found)
        except OSError:
            return False

    def find(self, stored: str, what: str, remedy: str) -> Path:
        """The file a stored path names; ``what`` it is and the ``remedy`` go in the error."""
        places = self.places(stored)
        for place in places:
            if place.exists():
                return place
        if Path(stored).is_absolute():
            looked = "no such file"
        else:
            others = ", ".join(str(place) for place in places[1:])
            looked = (f"not found from the current folder ({Path.cwd()})"
                      + (f", nor as {others}" if others else ""))
        raise InputError(stored, f"{what}, as stored in the baseline {self.baseline}: "
                         f"{looked}; run the check from the folder compare ran in, or "
                         f"{remedy}")
