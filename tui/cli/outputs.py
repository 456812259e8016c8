"""The files a command writes: never one of its inputs, never an existing file unless --force."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from annotations.errors import PolicyAnnotateError, Problem


def refuse_overwriting_inputs(
    output: Path, inputs: Iterable[Path], advice: str = "choose another output"
) -> None:
    """Raise PolicyAnnotateError if ``output`` is one of ``inputs``: writing it would destroy it."""
    target = output.resolve()
    for path in inputs:
        same = target == path.resolve()
        if not same and output.exists() and path.exists():
            same = os.path.samefile(output, path)
        if same:
            raise PolicyAnnotateError([Problem(str(output), f"is an input ({path}); {advice}")])


def refuse_existing(output: Path, force: bool) -> None:
    """Raise PolicyAnnotateError if ``output`` exists and ``force`` is not given."""
    if output.exists() and not force:
        raise PolicyAnnotateError(
            [Problem(str(output), "already exists; not overwritten (use --force to replace it)")]
        )
