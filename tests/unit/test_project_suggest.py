"""Suggested passages across a project (``annotations.projects.corpus_suggest``): the codebook's
tag, every file's examples, what is never suggested, the order, what is left out."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from unit_helpers import make_annotation

from annotations.documents.document import load_document
from annotations.format.model import AnnotationFile, DocumentRef, Principle, Rejection
from annotations.format.tomlfile import dump_annotation_text
from annotations.projects.corpus_suggest import codebook_tag, suggest_in_project
from annotations.projects.model import CodebookRecommendation, Passage, ProjectDocument
from annotations.projects.project import Project, load_project, new_project

MOMENT = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
REVIEW = "# Review\n\nRecommendation 1: Councils should pool their digital teams.\n"
TEXTS = {
    "review": REVIEW,
    "alpha": "Councils pool digital teams here. The weather was fine. Ferries need money.\n",
    "beta": "Ferries need funding from councils. Digital teams pool skills. Unrelated words.\n",
}


def build(folder: Path) -> Project:
    """A project of three documents coded against R1 (stated in the review) and one principle."""
    project = new_project(folder, "Suggestions")
    statement = REVIEW.index("Recommendation 1")
    project.model.codebook.principles = [Principle(id="R1x", label="Councils", color="#4e9a06")]
    project.model.codebook.recommendations = [
        CodebookRecommendation(
            id="R1",
            title="Councils pool digital teams",
            passage=Passage(
                document="review",
                start=statement,
                end=len(REVIEW) - 1,
                quote=REVIEW[statement:-1],
            ),
        )
    ]
    for name, text in TEXTS.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
        project.model.documents.append(ProjectDocument(id=name, path=f"{name}.md"))
    project.save()
    return load_project(folder)


def write_file(
    project: Project,
    name: str,
    analyst: str,
    *,
    tagged: str | None = None,
    rejected: str | None = None,
) -> None:
    """``NAME.ANALYST.toml`` tagging the sentence ``tagged`` and rejecting ``rejected`` for R1."""
    text = TEXTS[name]
    document = load_document(project.folder / f"{name}.md")
    model = AnnotationFile(
        document=DocumentRef(path=f"{name}.md", sha256=document.sha256, length=document.length),
        taxonomy=project.model.codebook.taxonomy(name),
    )
    if tagged is not None:
        start = text.index(tagged)
        model.annotations.append(
            make_annotation(text, start, start + len(tagged), "a1", recommendations=["R1"])
        )
    if rejected is not None:
        start = text.index(rejected)
        end = start + len(rejected)
        model.rejections.append(
            Rejection(tag="R1", start=start, end=end, quote=text[start:end], time=MOMENT)
        )
    path = project.folder / f"{name}.{analyst}.toml"
    path.write_text(dump_annotation_text(model), encoding="utf-8")


def quotes(project: Project, tag: str = "R1") -> list[str]:
    return [item.quote for item in suggest_in_project(project, tag, top=50).suggestions]


def test_every_document_is_ranked_best_first_ties_by_order_then_offset(tmp_path: Path) -> None:
    project = build(tmp_path)
    found = suggest_in_project(project, "R1", top=50)
    assert found.kind == "recommendation"
    assert found.title == "Councils pool digital teams"
    assert found.ranked == 3
    assert found.left_out == []
    order = [d.id for d in project.model.documents]
    keys = [
        (-item.suggestion.score, order.index(item.document.id), item.suggestion.start)
        for item in found.suggestions
    ]
    assert keys == sorted(keys)
    assert {item.document.id for item in found.suggestions} == {"alpha", "beta"}
    for item in found.suggestions:
        text = TEXTS[item.document.id]
        assert text[item.suggestion.start : item.suggestion.end] == item.quote
        assert item.line == 1
        assert item.path == project.folder / f"{item.document.id}.md"


def test_the_statement_of_the_tag_is_never_suggested(tmp_path: Path) -> None:
    project = build(tmp_path)
    assert not any("Recommendation 1" in quote for quote in quotes(project))


def test_a_passage_tagged_or_rejected_in_any_file_of_its_document_is_not_suggested(
    tmp_path: Path,
) -> None:
    project = build(tmp_path)
    assert "Councils pool digital teams here." in quotes(project)
    assert "Digital teams pool skills." in quotes(project)
    write_file(project, "alpha", "analyst-a", tagged="Councils pool digital teams here.")
    write_file(project, "beta", "analyst-b", rejected="Digital teams pool skills.")
    found = quotes(project)
    assert "Councils pool digital teams here." not in found
    assert "Digital teams pool skills." not in found


def test_one_documents_examples_speak_for_the_others(tmp_path: Path) -> None:
    project = build(tmp_path)
    assert "Ferries need funding from councils." in quotes(project)  # "councils" alone
    before = suggest_in_project(project, "R1", top=50)
    words = {r.text for item in before.suggestions for r in item.suggestion.reasons}
    assert "Ferries" not in words
    write_file(project, "alpha", "analyst-a", tagged="Ferries need money.")
    after = suggest_in_project(project, "R1", top=50)
    beta = next(item for item in after.suggestions if item.quote.startswith("Ferries"))
    assert "Ferries" in {r.text for r in beta.suggestion.reasons}
    assert "Ferries need money." not in [item.quote for item in after.suggestions]


def test_a_recommendation_comes_before_a_principle_of_the_same_id_and_unknown_is_key_error(
    tmp_path: Path,
) -> None:
    project = build(tmp_path)
    codebook = project.model.codebook
    codebook.principles.append(Principle(id="R1", label="A principle too", color="#3465a4"))
    assert codebook_tag(codebook, "R1") == ("recommendation", "Councils pool digital teams")
    assert codebook_tag(codebook, "R1x") == ("principle", "Councils")
    assert codebook_tag(codebook, "R9") is None
    with pytest.raises(KeyError):
        suggest_in_project(project, "R9")


def test_a_missing_document_and_a_broken_file_are_left_out(tmp_path: Path) -> None:
    project = build(tmp_path)
    (tmp_path / "alpha.md").unlink()
    (tmp_path / "beta.analyst-a.toml").write_text("junk", encoding="utf-8")
    found = suggest_in_project(project, "R1", top=50)
    assert found.ranked == 2
    assert len(found.left_out) == 2
    assert any("beta.analyst-a.toml" in line for line in found.left_out)
    assert any("alpha.md" in line for line in found.left_out)
    assert {item.document.id for item in found.suggestions} == {"beta"}


def test_top_keeps_the_best(tmp_path: Path) -> None:
    project = build(tmp_path)
    every = suggest_in_project(project, "R1", top=50).suggestions
    assert suggest_in_project(project, "R1", top=2).suggestions == every[:2]
