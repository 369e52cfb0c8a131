"""How to add a segmenter that is not installed: the command a user can paste.

Most are one ``pip install``. pkuseg 0.0.25 publishes no wheel and its build
imports numpy and Cython, so pip's isolated build cannot make it: it is built
in the user's environment after them (the Makefile does the same).
"""

from __future__ import annotations

PKUSEG = ("pip install numpy cython setuptools wheel && "
          "pip install --no-build-isolation pkuseg")

SPECIAL = {"pkuseg": PKUSEG, "wapic": "pip install wapic wapic-cws-model"}
"""Distributions that one plain ``pip install NAME`` does not install (wapic's model
is a package of its own)."""


def install_command(distribution: str) -> str:
    """The command that installs ``distribution`` into the current environment."""
    return SPECIAL.get(distribution, f"pip install {distribution}")
