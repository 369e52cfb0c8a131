"""``python -m evalkit``: the same commands as the ``evalkit`` script."""

import sys

from evalkit.cli import entry

if __name__ == "__main__":  # worker processes import this module; they must not run main
    sys.exit(entry())
