"""The floor a non-interactive command is measured against, and how commands are timed.

The floor is what any command of this kind must pay: Python, pydantic with one model that has
one constrained field (the model is built and validated once), Rich's console and tomli. A
command's figure is the ratio of its median wall time to the floor's, both run alternately in
the same session so that the machine's noise hits both.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

FLOOR_CODE = (
    "from pydantic import BaseModel, Field; import rich.console, tomli\n"
    "class Floor(BaseModel):\n"
    "    value: int = Field(ge=0)\n"
    "Floor(value=1)"
)
FLOOR_SHOWN = (
    "python -c 'from pydantic import BaseModel, Field; import rich.console, tomli' "
    "+ one model with one constrained field (validated once)"
)


def cli_command() -> list[str]:
    """The installed console script beside this interpreter, or ``python -m tui``."""
    script = Path(sys.executable).with_name("policy-annotate")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "tui"]


def interleaved(
    command: list[str], floor: list[str], runs: int, env: dict[str, str] | None = None
) -> tuple[list[float], list[float]]:
    """Run the command and the floor alternately (who goes first alternates), after 2 warm-ups."""

    def run(argv: list[str]) -> float:
        start = time.perf_counter()
        completed = subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
        )
        elapsed = time.perf_counter() - start
        if completed.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {completed.stderr.decode()[-500:]}")
        return elapsed

    for _ in range(2):  # warm the file cache (and, with a cache prefix, the bytecode), untimed
        run(command)
        run(floor)
    command_times: list[float] = []
    floor_times: list[float] = []
    for i in range(runs):
        if i % 2 == 0:
            command_times.append(run(command))
            floor_times.append(run(floor))
        else:
            floor_times.append(run(floor))
            command_times.append(run(command))
    return command_times, floor_times


def importtime(arguments: list[str]) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, module) of every import of ``python -X importtime ARGUMENTS``."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = []
    for line in completed.stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, cumulative, module = line[len("import time:") :].split("|")
            found.append((int(own), int(cumulative), module.strip()))
    return found


def imports_beyond_floor(command_arguments: list[str]) -> list[tuple[int, int, str]]:
    """The command's imports that the floor does not make, slowest (own time) first."""
    cli = cli_command()
    script = cli if cli[0] != sys.executable else cli[1:]  # the console script, or -m tui
    imports = importtime([*script, *command_arguments])
    floor_modules = {module for _, _, module in importtime(["-c", FLOOR_CODE])}
    return sorted((i for i in imports if i[2] not in floor_modules), reverse=True)
