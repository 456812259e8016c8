"""The core never imports Textual, and the light commands never load it."""

from __future__ import annotations

import ast
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from unit_helpers import Project

import annotations

CORE = Path(annotations.__file__).resolve().parent
SAMPLES = str(Path(__file__).resolve().parents[2] / "samples")
CHECK = """
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
assert not bad, f"textual was imported: {bad[:5]}"
print("no textual")
"""


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def core_modules() -> list[str]:
    return sorted(
        f"annotations.{module.name}"
        for module in pkgutil.iter_modules([str(CORE)])
        if module.name != "samples"
    )


def test_importing_every_core_module_loads_no_textual(tmp_path: Path) -> None:
    imports = "".join(f"import {name}\n" for name in core_modules())
    result = run_python("import sys\n" + imports + CHECK, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no textual"


@pytest.mark.parametrize(
    "arguments",
    [
        ["validate", "doc.annotations.toml"],
        ["validate", "missing.toml"],
        ["schema"],
        ["init", "doc.md", "-o", "new.annotations.toml"],
        ["init", "doc.md"],
        ["--help"],
        ["--version"],
        ["absent.md"],
        ["export", "doc.annotations.toml", "--to", "qdpx"],
        ["export", "doc.annotations.toml", "-o", "out.jsonld"],
        ["export", "doc.annotations.toml", "--to", "qdc"],
        ["export", "doc.annotations.toml", "--to", "csv"],
        ["import", "missing.qdpx"],
        ["project", "init", "proj", "--review", "doc.md"],
        ["project", "add", "proj", "doc.md", "--attr", "kind=council"],
        ["project", "add", "missing-project", "doc.md"],
        ["project", "status", "missing-project"],
        ["project", "check", "missing-project"],
        ["summary", "."],
        ["project", "add-csv", "proj", "missing.csv", "--id-column", "a", "--text-column", "b"],
        ["suggest", "doc.annotations.toml", "--tag", "R1"],
        ["suggest", SAMPLES, "--tag", "R4", "--format", "csv"],
        ["summary", SAMPLES, "--format", "html"],
        ["summary", SAMPLES, "-o", "summary.svg"],
        ["summary", SAMPLES, "-o", "summary.md"],
        ["agreement", SAMPLES],
        ["export", SAMPLES, "-o", "project.csv"],
        ["export", SAMPLES, "-o", "project.qdpx"],
        ["import", "missing.qdpx", "-o", "imported"],
    ],
    ids=lambda arguments: " ".join(arguments),
)
def test_command_loads_no_textual(project: Project, arguments: list[str]) -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "try:\n"
        f"    main({arguments!r})\n"
        "except SystemExit:\n"
        "    pass\n" + CHECK
    )
    result = run_python(code, project.folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("no textual")


@pytest.mark.parametrize(
    "arguments",
    [["validate", "doc.annotations.toml"], ["schema"], ["--help"]],
    ids=lambda arguments: " ".join(arguments),
)
def test_python_m_tui_loads_no_textual(project: Project, arguments: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui", *arguments],
        cwd=project.folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert not [m for m in imported if m == "textual" or m.startswith("textual.")]


def test_the_check_would_notice_textual(tmp_path: Path) -> None:
    result = run_python("import sys\nimport textual\n" + CHECK, tmp_path)
    assert result.returncode != 0
    assert "textual was imported" in result.stderr


def test_no_core_file_imports_textual() -> None:
    pattern = re.compile(r"^\s*(import\s+textual|from\s+textual)\b", re.M)
    offenders = [
        str(path.relative_to(CORE))
        for path in CORE.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# --- the app's first frame needs no pydantic --------------------------------------------------------

TUI = CORE.parent / "tui"
PYDANTIC_CHECK = """
bad = sorted(m for m in sys.modules if m == "pydantic" or m.startswith("pydantic."))
assert not bad, f"pydantic was imported: {bad[:5]}"
print("no pydantic")
"""


def first_frame_modules() -> list[str]:
    """What the command imports up to the app's first frame: the command line, the session,
    the app, its main screen and every widget."""
    widgets = sorted(
        f"tui.widgets.{module.name}" for module in pkgutil.iter_modules([str(TUI / "widgets")])
    )
    assert widgets, "no widget modules found"
    return ["tui.cli", "tui.launch", "tui.app", "tui.screens.main", *widgets]


def test_the_first_frame_imports_no_pydantic(tmp_path: Path) -> None:
    imports = "".join(f"import {name}\n" for name in first_frame_modules())
    result = run_python("import sys\n" + imports + PYDANTIC_CHECK, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no pydantic"


def test_the_check_would_notice_pydantic(tmp_path: Path) -> None:
    imports = "".join(f"import {name}\n" for name in first_frame_modules())
    result = run_python(
        "import sys\n" + imports + "import annotations.format.model\n" + PYDANTIC_CHECK, tmp_path
    )
    assert result.returncode != 0
    assert "pydantic was imported" in result.stderr


FIRST_FRAME = """
import asyncio
import sys
from pathlib import Path

from tui.app import PolicyAnnotateApp
from tui.launch import Session, prepare_session
from tui.screens.main import MainScreen

seen = []
real = Session.load_annotations


def load(self):
    # called by the app's worker, after the first frame
    seen.append(sorted(m for m in sys.modules if m.split(".")[0] == "pydantic"))
    return real(self)


Session.load_annotations = load


async def main():
    session = prepare_session(Path("doc.md"), None, None, load_annotations=False)
    app = PolicyAnnotateApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        for _ in range(500):
            if screen.is_loaded:
                break
            await pilot.pause(0.02)
        assert screen.is_loaded, "the annotations were never loaded"
        await pilot.press("q")


asyncio.run(main())
assert seen == [[]], f"pydantic was imported before the annotations were loaded: {seen}"
print("no pydantic")
"""


def test_the_app_draws_its_first_frame_without_pydantic(project: Project) -> None:
    result = run_python(FIRST_FRAME, project.folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no pydantic"


# --- the suggestion ranking's numpy waits for the suggestion queue ---------------------------------

SUGGEST_CHECK = """
bad = sorted(
    m for m in sys.modules if m.split(".")[0] in {"numpy", "snowballstemmer", "Stemmer"}
)
assert not bad, f"the suggest extra was imported: {bad[:5]}"
print("no numpy")
"""


def test_the_first_frame_and_the_suggestion_flow_import_no_numpy(tmp_path: Path) -> None:
    modules = [*first_frame_modules(), "tui.flows.suggesting", "annotations.suggesting.explain"]
    imports = "".join(f"import {name}\n" for name in modules)
    result = run_python("import sys\n" + imports + SUGGEST_CHECK, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no numpy"


def test_the_numpy_check_would_notice_numpy(tmp_path: Path) -> None:
    result = run_python("import sys\nimport numpy\n" + SUGGEST_CHECK, tmp_path)
    assert result.returncode != 0
    assert "the suggest extra was imported" in result.stderr


def test_telling_a_project_from_a_document_imports_no_pydantic(tmp_path: Path) -> None:
    """The command line asks this of every path before the app starts."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom annotations.projects import is_project_path\n"
        "assert is_project_path(Path('.')) and not is_project_path(Path('review.md'))\n"
    )
    result = run_python(code + PYDANTIC_CHECK, tmp_path)
    assert result.returncode == 0, result.stderr


BOARD_FIRST_FRAME = """
import sys
from pathlib import Path

import tui.cli
import tui.cli.open
import tui.app
import tui.screens.board_opening
from tui.project_launch import request_board

request_board(Path("."), None)
"""


def test_the_board_s_first_frame_imports_no_pydantic(samples: Path, tmp_path: Path) -> None:
    """``policy-annotate DIR`` up to the board's first frame: the project file (its model,
    pydantic) is read after it."""
    project = tmp_path / "project"
    shutil.copytree(samples, project)
    result = run_python(BOARD_FIRST_FRAME + PYDANTIC_CHECK, project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no pydantic"


def test_opening_a_document_imports_no_other_command(tmp_path: Path) -> None:
    """``policy-annotate FILE`` parses with the open command's parser alone."""
    code = """
import sys
from unittest import mock

import tui.cli
import tui.cli.open

with mock.patch.object(tui.cli.open, "run", return_value=0):
    tui.cli.open.COMMAND = tui.cli.open.COMMAND._replace(run=tui.cli.open.run)
    assert tui.cli.main(["review.md"]) == 0
others = sorted(m for m in sys.modules if m.startswith("tui.cli.") and m not in {
    "tui.cli.open", "tui.cli.parser", "tui.cli.command", "tui.cli.problems"})
assert not others, others
print("open alone")
"""
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "open alone"


def private_imports(root: Path) -> list[str]:
    """``from X import _name`` of one of our own modules from another: a private name used
    outside its module (a name shared between modules is public and named so)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or node.module is None:
                continue
            if not node.module.startswith(("annotations", "tui")):
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{path.relative_to(root.parent)}: {node.module}.{alias.name}")
    return found


@pytest.mark.parametrize("package", ["annotations", "tui"])
def test_no_module_imports_a_private_name_of_another(package: str) -> None:
    assert private_imports(CORE.parent / package) == []


def test_the_private_import_check_would_notice_one(tmp_path: Path) -> None:
    package = tmp_path / "annotations"
    package.mkdir()
    (package / "a.py").write_text("from annotations.b import _hidden, shown\n")
    assert private_imports(package) == ["annotations/a.py: annotations.b._hidden"]
