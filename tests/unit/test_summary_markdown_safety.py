"""The Markdown summary shows titles, quotes, names and ids as text: link and image syntax,
raw HTML, entities and emphasis in them never become a link, an image, a tag or formatting
once the Markdown is rendered."""

from __future__ import annotations

import html
from pathlib import Path

from markdown_it import MarkdownIt
from unit_helpers import make_annotation

from annotations.documents.document import load_document
from annotations.format.model import Recommendation
from annotations.session.store import new_store
from annotations.summaries.formats import render_markdown
from annotations.summaries.summary import build_summary

LINK = "[click](javascript:alert(1))"
IMAGE = "![x](http://remote/img.png)"
SCRIPT = "<script>alert(1)</script>"
ENTITY = "&lt;b&gt;"
EMPHASIS = "*loud* _and_ `code` ~~gone~~"


def rendered(tmp_path: Path) -> str:
    """The summary of a file whose title, quote, recommendation, id and author are hostile,
    written as Markdown and rendered to HTML by a CommonMark renderer (tables on, raw HTML
    allowed, as a Markdown viewer would)."""
    text = f"# Title {LINK} {SCRIPT}\n\nQuoted {IMAGE} and {SCRIPT} and {ENTITY} text.\n"
    path = tmp_path / "hostile.md"
    path.write_text(text, encoding="utf-8")
    document = load_document(path)
    store = new_store(document, tmp_path / "hostile.toml")
    store.model.taxonomy.recommendations.append(
        Recommendation(id="R1", title=f"Do {LINK} {EMPHASIS} <img src=x onerror=alert(1)>")
    )
    start = text.index("Quoted")
    store.model.annotations = [
        make_annotation(
            text,
            start,
            len(text) - 1,
            "a-1",
            principles=["collaboration"],
            recommendations=["R1"],
            author=f"{EMPHASIS} {IMAGE}",
        )
    ]
    markdown = render_markdown(build_summary([store.model], document, ["hostile.toml"]))
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def test_links_images_and_html_show_as_text(tmp_path: Path) -> None:
    page = rendered(tmp_path)
    for tag in ("<a ", "<img", "<script", "<em>", "<code>", "<s>", "<del>"):  # (bold is ours)
        assert tag not in page, tag
    shown = html.unescape(page)
    for hostile in (LINK, IMAGE, SCRIPT, ENTITY, EMPHASIS):
        assert hostile in shown, hostile
    assert "<img src=x onerror=alert(1)>" in shown
