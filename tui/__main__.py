"""``python -m tui``: the same as the ``policy-annotate`` command."""

import sys

from tui.cli import main

sys.exit(main())
