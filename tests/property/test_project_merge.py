"""Properties of the three-way merge of project files (git's merge driver)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from test_project_roundtrip import project_files

from annotations.projects.merging import merge_project_files
from annotations.projects.model import ProjectFile
from annotations.projects.projectfile import project_consistency, project_data

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def by_id(model: ProjectFile) -> dict[str, Any]:
    """The project file's values, its lists of entries as tables by id (order aside)."""
    data = project_data(model)
    data["documents"] = {d["id"]: d for d in data.get("documents", [])}
    book = data.get("codebook", {})
    for key in ("principles", "recommendations"):
        book[key] = {entry["id"]: entry for entry in book.get(key, [])}
    return data


def valid(model: ProjectFile) -> bool:
    return not [p for p in project_consistency(model, "p") if p.severity == "error"]


@SETTINGS
@given(project_files)
def test_merging_a_file_with_itself_gives_it(model: ProjectFile) -> None:
    assume(valid(model))
    result = merge_project_files(model, model, model)
    assert result.model is not None
    assert project_data(result.model) == project_data(model)


@SETTINGS
@given(project_files, project_files)
def test_a_change_on_one_side_only_is_taken(base: ProjectFile, changed: ProjectFile) -> None:
    assume(valid(base) and valid(changed))
    for ours, theirs in ((base, changed), (changed, base)):
        result = merge_project_files(base, ours, theirs)
        assert not result.conflicts
        assert result.model is not None
        assert by_id(result.model) == by_id(changed)


@SETTINGS
@given(project_files, project_files)
def test_the_same_change_on_both_sides_is_taken(base: ProjectFile, changed: ProjectFile) -> None:
    assume(valid(base) and valid(changed))
    result = merge_project_files(base, changed, changed)
    assert result.model is not None
    assert project_data(result.model) == project_data(changed)
