"""docs/format.md's examples, checked: §5's worked example of offsets, and §12's complete example
run as it says (its Python and the file shown agree)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from annotations.documents.document import load_document

ROOT = Path(__file__).resolve().parents[2]
FORMAT = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
SECTION = FORMAT.split("## 12. ")[1].split("## 13. ")[0]
OFFSETS = FORMAT.split("## 5. ")[1].split("## 6. ")[0]


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


def test_the_worked_example_of_offsets_holds(tmp_path: Path) -> None:
    dump = re.search(r"```\n([0-9a-f \n]+)```", OFFSETS)
    header = re.search(r'sha256 = "([0-9a-f]{64})"\nlength = (\d+)', OFFSETS)
    annotation = re.search(r"```toml\n(start = .*?)```", OFFSETS, re.S)
    assert dump is not None
    assert header is not None
    assert annotation is not None
    path = tmp_path / "example.txt"
    path.write_bytes(bytes.fromhex(dump.group(1)))
    document = load_document(path)
    assert (document.sha256, document.length) == (header.group(1), int(header.group(2)))

    text = document.text
    rows = re.findall(r"\| `([^`]+)` \| \*\*(\d+) – (\d+)\*\*", OFFSETS)
    assert len(rows) == 2  # the table's passages, by their code points
    for passage, start, end in rows:
        assert text[int(start) : int(end)] == passage
    fields = tomllib.loads(annotation.group(1))
    start, end = fields["start"], fields["end"]
    assert fields["quote"] == text[start:end]
    assert fields["prefix"] == text[max(0, start - 32) : start]
    assert fields["suffix"] == text[end : end + 32]
