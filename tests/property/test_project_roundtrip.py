"""Properties of the project file: write → read is the identity, unknown keys included."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roundtrip import ALNUM, bare_keys, extras, hard_text, tag_ids

from annotations.format.model import Principle, Stance
from annotations.projects.model import (
    Codebook,
    CodebookRecommendation,
    Passage,
    ProjectDocument,
    ProjectFile,
)
from annotations.projects.projectfile import dump_project_text, parse_project_text

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

segments = st.text(alphabet=ALNUM + "._- é", min_size=1, max_size=10).filter(
    lambda part: part not in {".", ".."} and not part.startswith(" ")
)
inside_paths = st.lists(segments, min_size=1, max_size=3).map("/".join)


def with_extras(model: type[Any], known: set[str], **fields: Any) -> st.SearchStrategy[Any]:
    """A model built from ``fields`` plus unknown keys."""
    return st.builds(
        lambda extra, **kw: model.model_validate({**extra, **kw}), extras(known), **fields
    )


passages = with_extras(
    Passage,
    {"document", "start", "end", "quote"},
    document=tag_ids,
    start=st.integers(0, 1000),
    end=st.integers(1000, 2000),
    quote=hard_text,
)
recommendations = with_extras(
    CodebookRecommendation,
    {"id", "title", "description", "passage"},
    id=tag_ids,
    title=hard_text.filter(bool),
    description=hard_text,
    passage=st.none() | passages,
)
principles = with_extras(
    Principle,
    {"id", "label", "color", "description"},
    id=tag_ids,
    label=st.text(min_size=1, max_size=10),
    color=st.just("#4e9a06"),
    description=hard_text,
)
documents = with_extras(
    ProjectDocument,
    {"id", "path", "title", "sha256", "attributes", "analyst"},
    id=tag_ids,
    path=inside_paths,
    title=hard_text,
    sha256=st.none() | st.just("ab" * 32),
    attributes=st.dictionaries(bare_keys | st.text(max_size=8), hard_text, max_size=4),
    analyst=st.none() | st.text(min_size=1, max_size=10),
)
codebooks = with_extras(
    Codebook,
    {"principles", "recommendations", "stances"},
    principles=st.lists(principles, max_size=3),
    recommendations=st.lists(recommendations, max_size=4),
    stances=st.lists(st.sampled_from(list(Stance)), max_size=4, unique=True),
)
project_files = st.builds(
    lambda extra, **kw: ProjectFile.model_validate({**extra, **kw}),
    extras({"format", "version", "name", "codebook", "documents"}),
    name=st.text(min_size=1, max_size=20),
    codebook=codebooks,
    documents=st.lists(documents, max_size=4),
)


@SETTINGS
@given(project_files)
def test_write_then_read_is_the_identity(model: ProjectFile) -> None:
    text = dump_project_text(model)
    again, problems = parse_project_text(text, "policy-annotate.toml")
    assert again is not None, problems
    assert again == model


@SETTINGS
@given(project_files)
def test_writing_is_deterministic(model: ProjectFile) -> None:
    text = dump_project_text(model)
    again, _ = parse_project_text(text, "policy-annotate.toml")
    assert again is not None
    assert dump_project_text(again) == text
