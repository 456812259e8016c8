"""Re-anchoring annotations in a revised document: the core, its properties and the command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from unit_helpers import DOCUMENT_TEXT, Project, make_annotation, run_command

from annotations.documents.document import Document
from annotations.exchange.reanchoring import AnchorClass, anchor_mark, reanchor
from annotations.format.model import AnnotationFile, DocumentRef, Recommendation
from annotations.format.tomlfile import raw_toml

PARAGRAPHS = (
    "Le comité recommande une stratégie numérique commune. ",
    "Les données ouvertes doivent être publiées sans délai. ",
    "Chaque ministère nomme un responsable du numérique. ",
    "Les services sont conçus autour des besoins des usagers. ",
    "Un rapport annuel mesure les progrès réalisés. ",
)
OLD_TEXT = "".join(PARAGRAPHS)


def model_for(text: str, spans: list[tuple[int, int]]) -> AnnotationFile:
    """A model of annotations a0, a1, ... over ``spans`` of ``text``."""
    old = Document(text)
    return AnnotationFile(
        document=DocumentRef(path="doc.md", sha256=old.sha256, length=old.length),
        annotations=[
            make_annotation(text, start, end, f"a{n}") for n, (start, end) in enumerate(spans)
        ],
    )


def span_of(text: str, fragment: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return start, start + len(fragment)


# --- hand cases ---------------------------------------------------------------------------


def test_unchanged_offsets_are_exact_and_the_document_is_updated() -> None:
    model = model_for(OLD_TEXT, [span_of(OLD_TEXT, "stratégie numérique")])
    new_text = OLD_TEXT + "Une phrase ajoutée à la fin."
    new = Document(new_text)
    result = reanchor(model, new)
    assert result.counts[AnchorClass.EXACT] == 1
    assert model.document.sha256 == new.sha256
    assert model.document.length == len(new_text)


def test_non_ascii_passage_after_an_insertion_is_moved() -> None:
    quote = "Les données ouvertes doivent être publiées sans délai."
    model = model_for(OLD_TEXT, [span_of(OLD_TEXT, quote)])
    updated = model.annotations[0].updated
    new_text = "Préambule : « texte révisé » 😀. " + OLD_TEXT
    result = reanchor(model, Document(new_text))
    annotation = model.annotations[0]
    assert result.counts[AnchorClass.MOVED] == 1
    assert new_text[annotation.start : annotation.end] == quote
    assert annotation.prefix == new_text[max(0, annotation.start - 32) : annotation.start]
    assert annotation.suffix == new_text[annotation.end : annotation.end + 32]
    assert annotation.updated == updated
    assert anchor_mark(annotation) is None


def test_context_picks_the_right_one_of_two_occurrences() -> None:
    text = "Alpha says: shared platforms. Beta says: shared platforms. End."
    model = model_for(text, [span_of(text, "shared platforms", 1)])
    # Both occurrences move; the second one (after "Beta says: ") must be chosen even though
    # the first one lands nearer the old offset.
    new_text = "Intro. Beta says: shared platforms. Alpha says: shared platforms. End."
    result = reanchor(model, Document(new_text))
    annotation = model.annotations[0]
    assert result.outcomes[0].kind == AnchorClass.MOVED
    assert annotation.start == new_text.index("Beta says: ") + len("Beta says: ")
    assert new_text[annotation.start : annotation.end] == "shared platforms"


def test_an_edited_quote_is_fuzzy_with_the_right_span() -> None:
    quote = "Chaque ministère nomme un responsable du numérique."
    model = model_for(OLD_TEXT, [span_of(OLD_TEXT, quote)])
    edited = "Chaque ministère désigne un responsable du numérique."
    new_text = "Ajout. " + OLD_TEXT.replace(quote, edited)
    result = reanchor(model, Document(new_text))
    annotation = model.annotations[0]
    assert result.outcomes[0].kind == AnchorClass.FUZZY
    assert result.outcomes[0].score is not None
    assert result.outcomes[0].score >= 0.75
    assert (annotation.start, annotation.end) == span_of(new_text, edited)
    assert annotation.quote == edited
    assert anchor_mark(annotation) == "fuzzy"


SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "review.md"


def test_words_inserted_near_the_start_of_a_sentence_keep_it_fuzzy_as_a_whole() -> None:
    # the bug: the best edit-distance match began after the inserted words, and scored too low
    old_text = SAMPLE.read_text(encoding="utf-8")
    sentence = "What it lacks is a habit of working together."
    new_sentence = "What it lacks, above all, is a habit of working together."
    new_text = old_text.replace(sentence, new_sentence)
    model = model_for(old_text, [span_of(old_text, sentence)])
    result = reanchor(model, Document(new_text))
    (outcome,) = result.outcomes
    assert outcome.kind is AnchorClass.FUZZY
    (annotation,) = model.annotations
    assert annotation.quote == new_sentence


def test_a_word_inserted_mid_sentence_keeps_the_whole_sentence() -> None:
    old_text = SAMPLE.read_text(encoding="utf-8")
    sentence = "What it lacks is a habit of working together."
    new_text = old_text.replace(sentence, "What it lacks is a real habit of working together.")
    model = model_for(old_text, [span_of(old_text, sentence)])
    (outcome,) = reanchor(model, Document(new_text)).outcomes
    assert outcome.kind is AnchorClass.FUZZY
    assert model.annotations[0].quote == "What it lacks is a real habit of working together."


def test_a_deleted_passage_is_orphaned_and_kept() -> None:
    quote = "Chaque ministère nomme un responsable du numérique."
    start, end = span_of(OLD_TEXT, quote)
    model = model_for(OLD_TEXT, [(start, end), span_of(OLD_TEXT, "rapport annuel")])
    new_text = OLD_TEXT.replace(quote + " ", "")
    result = reanchor(model, Document(new_text))
    assert [o.kind for o in result.outcomes] == [AnchorClass.ORPHANED, AnchorClass.MOVED]
    orphan = model.annotations[0]
    assert (orphan.start, orphan.end, orphan.quote) == (start, end, quote)
    assert anchor_mark(orphan) == "orphaned"


def test_an_orphan_found_again_loses_its_mark() -> None:
    quote = "Un rapport annuel"
    model = model_for(OLD_TEXT, [span_of(OLD_TEXT, quote)])
    reanchor(model, Document("Rien ici qui ressemble."))
    assert anchor_mark(model.annotations[0]) == "orphaned"
    result = reanchor(model, Document("Plus tôt. " + OLD_TEXT))
    assert result.outcomes[0].kind == AnchorClass.MOVED
    assert anchor_mark(model.annotations[0]) is None


def test_recommendation_spans_follow_their_title() -> None:
    title = "Les services sont conçus autour des besoins des usagers."
    start, end = span_of(OLD_TEXT, title)
    model = model_for(OLD_TEXT, [])
    model.taxonomy.recommendations = [
        Recommendation(id="R1", title=title, start=start, end=end),
        Recommendation(id="R2", title="A title that is nowhere", start=0, end=5),
        Recommendation(id="R3", title="No span"),
    ]
    new_text = "Nouveau début. " + OLD_TEXT
    result = reanchor(model, Document(new_text))
    first, second, third = model.taxonomy.recommendations
    assert (first.start, first.end) == span_of(new_text, title)
    assert (second.start, second.end) == (0, 5)
    assert (third.start, third.end) == (None, None)
    assert [o.recommendation_id for o in result.lost_recommendations] == ["R2"]


# --- properties ---------------------------------------------------------------------------

SENTENCES = st.lists(
    st.text(
        alphabet=st.sampled_from("abcdeéf gh ij€😀"),
        min_size=5,
        max_size=40,
    ).map(lambda s: s.strip() + "."),
    min_size=3,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(SENTENCES, st.data())
def test_an_unchanged_document_is_all_exact(sentences: list[str], data: st.DataObject) -> None:
    text = " ".join(sentences)
    spans = []
    for _ in range(data.draw(st.integers(1, 5))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        spans.append((start, end))
    result = reanchor(model_for(text, spans), Document(text))
    assert result.counts[AnchorClass.EXACT] == len(spans)


EDIT_TEXT = st.text(alphabet=st.sampled_from("xyz é.\n😀"), max_size=12)


@settings(max_examples=80, deadline=None)
@given(SENTENCES, st.data())
def test_edits_away_from_an_annotation_leave_it_exact_or_moved(
    sentences: list[str], data: st.DataObject
) -> None:
    text = " ".join(sentences)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 30)))
    quote = text[start:end]
    model = model_for(text, [(start, end)])
    before, after = text[: max(0, start - 32)], text[end + 32 :]
    for _ in range(data.draw(st.integers(1, 4))):
        side = data.draw(st.sampled_from(["before", "after"]))
        piece = before if side == "before" else after
        a = data.draw(st.integers(0, len(piece)))
        b = data.draw(st.integers(a, min(len(piece), a + 10)))
        piece = piece[:a] + data.draw(EDIT_TEXT) + piece[b:]
        before, after = (piece, after) if side == "before" else (before, piece)
    new_text = before + text[max(0, start - 32) : end + 32] + after
    result = reanchor(model, Document(new_text))
    annotation = model.annotations[0]
    assert result.outcomes[0].kind in {AnchorClass.EXACT, AnchorClass.MOVED}
    assert annotation.quote == quote
    assert new_text[annotation.start : annotation.end] == quote


# --- the command ----------------------------------------------------------------------------


run = run_command


def revise(project: Project, new_text: str, name: str = "doc.md") -> Path:
    path = project.folder / name
    path.write_text(new_text, encoding="utf-8")
    return path


def test_reanchor_command_in_place(project: Project) -> None:
    revise(project, "An inserted opening. " + DOCUMENT_TEXT)
    before = project.text()
    result = run("reanchor", "doc.annotations.toml", cwd=project.folder)
    assert result.returncode == 0, result.stderr
    assert "0 exact, 2 moved, 0 fuzzy, 0 orphaned" in result.stdout
    assert (project.folder / "doc.annotations.toml.bak").read_text(encoding="utf-8") == before
    assert run("validate", "doc.annotations.toml", cwd=project.folder).returncode == 0


def test_reanchor_command_with_a_new_document_and_output(project: Project) -> None:
    new_text = DOCUMENT_TEXT.replace("The second sentence.", "The second sentences.")
    new_text = new_text.replace("The first sentence.", "")
    (project.folder / "v2").mkdir()
    revise(project, new_text, "v2/doc-v2.md")
    original_document = project.document.read_text(encoding="utf-8")
    original = project.text()
    out = project.folder / "out" / "doc.toml"
    out.parent.mkdir()
    (project.folder / ".git").mkdir()  # a git work tree: out/doc.toml may name ../v2/doc-v2.md
    result = run(
        "reanchor", "doc.annotations.toml", "--document", "v2/doc-v2.md", "-o", str(out),
        cwd=project.folder,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "0 exact, 0 moved, 1 fuzzy, 1 orphaned" in result.stdout
    assert "fuzzy: a-second" in result.stdout
    assert "orphaned: a-first" in result.stdout
    assert "The first sentence." in result.stdout
    assert project.text() == original
    assert project.document.read_text(encoding="utf-8") == original_document
    saved = raw_toml(out.read_text(encoding="utf-8"))
    assert saved["document"]["path"] == "../v2/doc-v2.md"
    marks = {a["id"]: a.get("anchor") for a in saved["annotations"]}
    assert marks == {"a-first": "orphaned", "a-second": "fuzzy"}
    assert (out.parent / saved["document"]["path"]).read_text(encoding="utf-8") == new_text
    checked = run("validate", str(out), cwd=project.folder)
    # the orphan keeps its old quote, on purpose: validate names it as a warning, and the file
    # stays valid (and can be opened in the app) until someone resolves it
    assert checked.returncode == 0
    assert "warning: annotations[0]: orphaned by re-anchoring" in checked.stderr
    assert "The first sentence." in checked.stderr


def test_reanchor_command_errors_are_one_line(project: Project) -> None:
    result = run("reanchor", "missing.toml", cwd=project.folder)
    assert result.returncode == 1
    assert result.stderr.startswith("policy-annotate: missing.toml: no such file")
    result = run("reanchor", "doc.annotations.toml", "--document", "nope.md", cwd=project.folder)
    assert result.returncode == 1
    assert "nope.md: no such file" in result.stderr


def test_reanchor_command_loads_no_textual(project: Project) -> None:
    revise(project, "Inserted. " + DOCUMENT_TEXT)
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "code = main(['reanchor', 'doc.annotations.toml', '-o', 'out.toml'])\n"
        "assert code == 0, code\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad[:5]\n"
        "print('no textual')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project.folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("no textual")
