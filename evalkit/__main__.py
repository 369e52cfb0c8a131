"""``python -m evalkit``: the same commands as the ``evalkit`` script."""

import sys

from evalkit.cli import main

sys.exit(main())
