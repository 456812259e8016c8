"""docs/format.md §12's complete example, run as it says: its Python and the file shown agree."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECTION = (ROOT / "docs" / "format.md").read_text(encoding="utf-8").split("## 12. ")[1]
SECTION = SECTION.split("## 13. ")[0]


def without_ids_and_times(text: str) -> str:
    """The file with annotation ids and times blanked (they differ at every run)."""
    text = re.sub(r'(?m)^id = "[0-9A-HJKMNP-TV-Z]{26}"$', 'id = "ULID"', text)
    return re.sub(r"(?m)^(created|updated) = .*$", r"\1 = TIME", text)


def run(*arguments: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *arguments], cwd=folder, capture_output=True, text=True, check=False
    )


def test_the_complete_example_gives_the_file_it_shows(tmp_path: Path) -> None:
    command = re.search(r"`(policy-annotate init[^`]*)`", SECTION)
    python = re.search(r"```python\n(.*?)```", SECTION, re.S)
    shown = re.search(r"```toml\n(.*?)```", SECTION, re.S)
    assert command is not None
    assert python is not None
    assert shown is not None
    shutil.copy(ROOT / "samples" / "review.md", tmp_path / "review.md")
    arguments = command.group(1).split()[1:]
    assert run("-m", "tui", *arguments, folder=tmp_path).returncode == 0
    (tmp_path / "example.py").write_text(python.group(1), encoding="utf-8")
    assert run("example.py", folder=tmp_path).returncode == 0

    written = (tmp_path / "review.annotations.toml").read_text(encoding="utf-8")
    assert without_ids_and_times(written) == without_ids_and_times(shown.group(1))
    validated = run("-m", "tui", "validate", "review.annotations.toml", folder=tmp_path)
    assert validated.returncode == 0, validated.stderr
