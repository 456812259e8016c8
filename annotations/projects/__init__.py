"""Projects: a folder of documents coded against one codebook (no Textual here).

The project file (``policy-annotate.toml``, :mod:`.model`, read by :mod:`.reading`) names the
codebook and the documents with their attributes; each document keeps its own, self-contained
annotation files beside it (:mod:`.layout`). Adding documents (:mod:`.adding`, :mod:`.csv_rows`),
the team's progress board (:mod:`.status`) and codebook checks (:mod:`.codebook`) build on it.
docs/format.md §15 is the normative description of the file.
"""

from pathlib import Path

PROJECT_FILE = "policy-annotate.toml"
"""The project file's name in the project folder (here, not in :mod:`.model`, so that telling
a project from a document costs no pydantic import before the app's first frame)."""


def is_project_path(path: Path) -> bool:
    """Whether ``path`` names a project: a folder, or a project file."""
    return path.is_dir() or path.name == PROJECT_FILE
