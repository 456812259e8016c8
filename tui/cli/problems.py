"""Problems printed one line each on standard error: ``policy-annotate: FILE:LINE: message``."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from annotations.errors import Problem


def report(problems: Sequence[Problem]) -> None:
    """Print each problem on its own line of standard error."""
    for problem in problems:
        print(f"policy-annotate: {problem}", file=sys.stderr)


class UsageError(Exception):
    """The command was called wrongly in a way argparse cannot tell: exit code 2, one line."""
