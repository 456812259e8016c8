"""Temporaries left by a killed save are removed on the next open or save; a live process's
temporary, another file's and the user's own files never are."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from unit_helpers import Project

from annotations.session.files import remove_stale_temporaries
from annotations.session.store import load_store


def dead_pid() -> int:
    """A PID no process can have: the kernel's limit (PIDs stay below it)."""
    try:
        return int(Path("/proc/sys/kernel/pid_max").read_text())
    except OSError:
        return 1 << 22


def temporaries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name.endswith(".tmp")}


def plant(project: Project) -> dict[str, Path]:
    """Temporaries of dead and live writers, of another file, and a file of the user's."""
    folder, name, dead = project.folder, project.annotations.name, dead_pid()
    paths = {
        "dead": folder / f".{name}.{dead}.deadbeef.tmp",
        "dead backup": folder / f".{name}.bak.{dead}.tmp",
        "live": folder / f".{name}.{os.getpid()}.0badf00d.tmp",
        "live parent": folder / f".{name}.{os.getppid()}.0badf00d.tmp",
        "other file": folder / f".other.toml.{dead}.deadbeef.tmp",
        "user's": folder / "scratch.tmp",
    }
    for path in paths.values():
        path.write_text("partial", encoding="utf-8")
    return paths


def test_opening_removes_the_temporaries_of_dead_writers_only(project: Project) -> None:
    paths = plant(project)
    load_store(project.annotations)
    left = {kind for kind, path in paths.items() if path.exists()}
    assert left == {"live", "live parent", "other file", "user's"}


def test_saving_removes_the_temporaries_of_dead_writers_only(project: Project) -> None:
    store = load_store(project.annotations)
    paths = plant(project)
    store.model.annotations[0].note = "changed"
    store.save()
    left = {kind for kind, path in paths.items() if path.exists()}
    assert left == {"live", "live parent", "other file", "user's"}
    assert 'note = "changed"' in project.text()


def test_a_save_killed_midway_leaves_nothing_after_the_next_open(project: Project) -> None:
    before = project.annotations.read_bytes()
    killed = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from annotations.session.files import atomic_write

        def pieces():
            yield b"half of a file"
            os._exit(9)  # killed in the middle of the write

        atomic_write(Path({str(project.annotations)!r}), pieces(), expected=None,
                     overwrite_changed=True)
        """
    )
    result = subprocess.run([sys.executable, "-c", killed], check=False, timeout=60)
    assert result.returncode == 9
    assert len(temporaries(project.folder)) == 1  # what the issue found: left forever
    assert project.annotations.read_bytes() == before
    load_store(project.annotations)
    assert temporaries(project.folder) == set()


def test_nothing_to_remove_in_a_missing_folder(tmp_path: Path) -> None:
    assert remove_stale_temporaries(tmp_path / "gone" / "x.toml") == []
