"""REFI-QDA export (QDC, QDPX) and QDPX import: structure, determinism, round trip, bad input.

The exports are validated against the REFI-QDA 1.0 Project.xsd and Codebook.xsd in
../shared/schemas/refi-qda (never copied into the project; those tests skip where it is absent).
The rules an XSD cannot say are tested directly: unique GUIDs, references that resolve to codable
codes, offsets that select the quote, and the optional attributes that real importers read
without checking (QualCoder stops on a Note without ``creationDateTime``).
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from unit_helpers import Project

from annotations.documents.anchoring import anchor_span
from annotations.exchange.interchange import annotation_guid, exportable
from annotations.exchange.refi_qda import (
    CODEBOOK_NS,
    NO_TIME,
    PROJECT_NS,
    ProjectFileError,
    export_codebook,
    export_project,
    read_project,
)
from annotations.format.model import (
    Annotation,
    AnnotationFile,
    DocumentRef,
    Principle,
    Recommendation,
    Stance,
    Taxonomy,
)
from annotations.session.store import load_store

P = f"{{{PROJECT_NS}}}"
C = f"{{{CODEBOOK_NS}}}"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
# xs:sequence of ProjectType in the standard
PROJECT_ORDER = [
    "Users",
    "CodeBook",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Links",
    "Sets",
    "Graphs",
    "Description",
    "NoteRef",
]
MOMENT = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
XSD = "http://www.w3.org/2001/XMLSchema"

# For each element the export writes: the attributes Project.xsd (REFI-QDA 1.0) declares for its
# type that the export fills (required ones included), and those it leaves out, with the reason.
# Together they are all the attributes the XSD declares (checked against the XSD below).
FILLED = {
    "Project": {"name", "origin", "creationDateTime", "modifiedDateTime"},
    "User": {"guid", "name"},
    "Code": {"guid", "name", "isCodable"},
    "TextSource": {"guid", "name", "plainTextPath", "creationDateTime", "modifiedDateTime"},
    # creatingUser/modifyingUser: left out only for an annotation without an author (none in
    # the sample, on which this is checked)
    "PlainTextSelection": {
        "guid",
        "name",
        "startPosition",
        "endPosition",
        "creatingUser",
        "creationDateTime",
        "modifyingUser",
        "modifiedDateTime",
    },
    "Coding": {"guid", "creatingUser", "creationDateTime"},
    "CodeRef": {"targetGUID"},
    "Note": {"guid", "name", "creationDateTime", "modifiedDateTime"},
}
NOT_FILLED = {
    "Project": {
        "creatingUserGUID": "an annotation file records who made each annotation, not the project",
        "modifyingUserGUID": "as creatingUserGUID",
        "basePath": "no source is outside the archive",
    },
    "User": {"id": "an author is a name; there is no separate user id"},
    "Code": {"color": "only principles and stances have a colour (checked with the codebook)"},
    "TextSource": {
        "richTextPath": "only the plain text is exported",
        "creatingUser": "the document has no author in the annotation file",
        "modifyingUser": "as creatingUser",
    },
    "PlainTextSelection": {},
    "Coding": {},
    "CodeRef": {},
    "Note": {
        "richTextPath": "the note is plain text",
        "plainTextPath": "the note's text is inline (PlainTextContent): the schema allows one",
        "creatingUser": "written by the program, not by an author",
        "modifyingUser": "as creatingUser",
    },
}
_SCHEMA_CACHE: dict[Path, object] = {}


def xml_schema(path: Path) -> object:
    """The lxml XMLSchema of ``path`` (parsed once per session)."""
    if path not in _SCHEMA_CACHE:
        from lxml import etree

        _SCHEMA_CACHE[path] = etree.XMLSchema(etree.parse(str(path)))
    return _SCHEMA_CACHE[path]


def assert_valid(xsd: Path, document: bytes) -> None:
    from lxml import etree

    schema = xml_schema(xsd)
    root = etree.fromstring(document)
    valid = schema.validate(root)  # type: ignore[attr-defined]
    errors = [f"line {e.line}: {e.message}" for e in schema.error_log]  # type: ignore[attr-defined]
    assert valid, f"not valid against {xsd.name}:\n" + "\n".join(errors[:20])


def sample_export(tmp_path: Path) -> tuple[bytes, AnnotationFile]:
    """The project export of samples/review.analyst-a.toml (a copy, with its document)."""
    for name in ("review.md", "review.analyst-a.toml"):
        shutil.copy(SAMPLES / name, tmp_path)
    store = load_store(tmp_path / "review.analyst-a.toml")
    fit, _ = exportable(store.model, store.document.text)
    assert len(fit) == len(store.model.annotations)
    return export_project(store.model, fit, store.document.text, "review.md"), store.model


def qde_of(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("project.qde")


def qdpx_of(project: Project) -> tuple[bytes, AnnotationFile, str]:
    store = load_store(project.annotations)
    fit, _ = exportable(store.model, store.document.text)
    data = export_project(store.model, fit, store.document.text, "doc.md")
    return data, store.model, store.document.text


def project_root(data: bytes) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ET.fromstring(archive.read("project.qde"))


def write_qdpx(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_project_zip_holds_project_qde_and_the_text(project: Project) -> None:
    data, _model, text = qdpx_of(project)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        root = ET.fromstring(archive.read("project.qde"))
        source = root.find(f"{P}Sources/{P}TextSource")
        assert source is not None
        path = source.get("plainTextPath", "")
        assert re.fullmatch(r"internal://[0-9a-f-]{36}\.txt", path)
        member = "sources/" + path.removeprefix("internal://")
        assert names == ["project.qde", member]
        assert archive.read(member).decode("utf-8") == text


def test_project_follows_the_standard_structure(project: Project) -> None:
    data, model, text = qdpx_of(project)
    root = project_root(data)
    assert root.tag == f"{P}Project"
    assert root.get("name")
    assert root.get("origin", "").startswith("policy-annotate")
    children = [child.tag.removeprefix(P) for child in root]
    assert children == sorted(children, key=PROJECT_ORDER.index)
    assert all(child.tag.startswith(P) for child in root.iter())
    guids = [e.get("guid") for e in root.iter() if e.get("guid") is not None]
    assert all(GUID.match(g or "") for g in guids)
    assert len(guids) == len(set(guids))
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{P}User")}
    assert set(users.values()) == {"analyst-a"}
    codes = {c.get("guid"): c for c in root.iter(f"{P}Code")}
    for code in codes.values():
        assert code.get("name")
        assert code.get("isCodable") in {"true", "false"}
        assert code.get("color") is None or COLOR.match(code.get("color", ""))
    top = [c.get("name") for c in root.findall(f"{P}CodeBook/{P}Codes/{P}Code")]
    assert top == ["Principles", "Recommendations", "Stance"]
    selections = list(root.iter(f"{P}PlainTextSelection"))
    assert len(selections) == len(model.annotations)
    for selection, annotation in zip(selections, model.annotations, strict=True):
        start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
        assert text[start:end] == annotation.quote
        assert selection.get("name") == annotation.id
        assert selection.get("guid") == annotation_guid(annotation.id)
        assert users[selection.get("creatingUser")] == annotation.author
        assert DATETIME.match(selection.get("creationDateTime", ""))
        assert DATETIME.match(selection.get("modifiedDateTime", ""))
        order = [child.tag.removeprefix(P) for child in selection]
        assert order == sorted(order, key=["Description", "Coding", "NoteRef"].index)
        for coding in selection.findall(f"{P}Coding"):
            target = coding.find(f"{P}CodeRef")
            assert target is not None
            assert target.get("targetGUID") in codes
            assert codes[target.get("targetGUID")].get("isCodable") == "true"
    first = selections[0]
    assert first.findtext(f"{P}Description") == "Line one\nLine two"
    coded = {codes[c.get("targetGUID")].get("name") for c in first.iter(f"{P}CodeRef")}
    assert coded == {"Collaboration", "R1: Share platforms across government", "support"}


def test_export_is_deterministic(project: Project) -> None:
    assert qdpx_of(project)[0] == qdpx_of(project)[0]


def test_every_attribute_a_reader_may_dereference_is_present(tmp_path: Path) -> None:
    """For each element type written, each attribute its XSD type declares that the export can
    fill is there: QualCoder, for one, reads creationDateTime of sources and notes unchecked."""
    data, _model = sample_export(tmp_path)
    root = ET.fromstring(qde_of(data))
    seen: set[str] = set()
    for element in root.iter():
        tag = element.tag.removeprefix(P)
        if tag not in FILLED:
            continue
        seen.add(tag)
        missing = FILLED[tag] - set(element.attrib)
        assert not missing, f"{tag} {element.get('name') or element.get('guid')} lacks {missing}"
    assert seen == set(FILLED)


@pytest.mark.schemas
def test_filled_and_left_out_attributes_are_those_of_the_xsd(schemas: Path) -> None:
    """FILLED and NOT_FILLED name every attribute Project.xsd declares, and only those."""
    xsd = ET.parse(schemas / "refi-qda" / "Project.xsd").getroot()
    q = f"{{{XSD}}}"
    types = {
        t.get("name"): {a.get("name") for a in t.iter(f"{q}attribute")}
        for t in xsd.iter(f"{q}complexType")
    }
    element_types = {e.get("name"): e.get("type") for e in xsd.iter(f"{q}element") if e.get("type")}
    for tag, filled in FILLED.items():
        declared = types[element_types[tag]]
        assert filled | set(NOT_FILLED[tag]) == declared, tag
        assert not filled & set(NOT_FILLED[tag]), tag


def test_dates_come_from_the_annotations(tmp_path: Path) -> None:
    data, model = sample_export(tmp_path)
    root = ET.fromstring(qde_of(data))
    first = min(a.created for a in model.annotations).strftime("%Y-%m-%dT%H:%M:%SZ")
    last = max(a.updated for a in model.annotations).strftime("%Y-%m-%dT%H:%M:%SZ")
    for tag in ("Project", "TextSource", "Note"):
        (element,) = root.iter(f"{P}{tag}")  # iter() includes the root itself
        assert (element.get("creationDateTime"), element.get("modifiedDateTime")) == (first, last)
    empty = ET.fromstring(qde_of(export_project(model, [], "text", "doc.md")))
    fixed = NO_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert fixed == "1980-01-01T00:00:00Z"
    for element in (empty, *empty.iter(f"{P}TextSource"), *empty.iter(f"{P}Note")):
        assert element.get("creationDateTime") == element.get("modifiedDateTime") == fixed


@pytest.mark.schemas
def test_project_is_valid_against_project_xsd(
    schemas: Path, project: Project, tmp_path: Path
) -> None:
    xsd = schemas / "refi-qda" / "Project.xsd"
    sample, model = sample_export(tmp_path)
    assert_valid(xsd, qde_of(sample))
    assert_valid(xsd, qde_of(qdpx_of(project)[0]))
    assert_valid(xsd, qde_of(export_project(model, [], "", "empty.md")))


@pytest.mark.schemas
def test_codebook_is_valid_against_codebook_xsd(
    schemas: Path, project: Project, tmp_path: Path
) -> None:
    xsd = schemas / "refi-qda" / "Codebook.xsd"
    _sample, model = sample_export(tmp_path)
    assert_valid(xsd, export_codebook(model))
    assert_valid(xsd, export_codebook(load_store(project.annotations).model))
    assert_valid(xsd, export_codebook(AnnotationFile(document=model.document)))


def test_codebook_has_one_code_per_tag(project: Project) -> None:
    model = load_store(project.annotations).model
    root = ET.fromstring(export_codebook(model))
    assert root.tag == f"{C}CodeBook"
    groups = root.findall(f"{C}Codes/{C}Code")
    assert [g.get("name") for g in groups] == ["Principles", "Recommendations", "Stance"]
    assert all(g.get("isCodable") == "false" for g in groups)
    principles = groups[0].findall(f"{C}Code")
    assert [p.get("name") for p in principles] == [p.label for p in model.taxonomy.principles]
    assert [p.get("color") for p in principles] == [p.color for p in model.taxonomy.principles]
    assert principles[0].findtext(f"{C}Description") == model.taxonomy.principles[0].description
    assert [r.get("name") for r in groups[1]] == ["R1: Share platforms across government"]
    assert [s.get("name") for s in groups[2]] == ["support", "caution", "oppose"]
    assert all(GUID.match(e.get("guid", "")) for e in root.iter(f"{C}Code"))


def test_round_trip_keeps_every_field(project: Project, tmp_path: Path) -> None:
    data, model, text = qdpx_of(project)
    path = tmp_path / "p.qdpx"
    path.write_bytes(data)
    imported = read_project(path)
    assert imported.text == text
    back = imported.annotation_file(model.document)
    assert back.model_dump() == model.model_dump()


def _model(text: str, annotations: list[Annotation]) -> AnnotationFile:
    taxonomy = Taxonomy(
        principles=[
            Principle(id="p-1", label="Zusammenarbeit 🤝", color="#AbCdEf", description="ü\nx"),
            Principle(id="p2", label="Two", color="#000000"),
        ],
        recommendations=[
            Recommendation(id="R1", title="First\nline two", description="d", start=0, end=1),
            Recommendation(id="R2", title="Second"),
        ],
    )
    return AnnotationFile(
        document=DocumentRef(path="doc.md", sha256="0" * 64, length=len(text), title="T"),
        taxonomy=taxonomy,
        annotations=annotations,
    )


TEXT_ALPHABET = st.sampled_from(list("ab c\n.é€🤝𝄞\u0301\t\"<&'>"))
FREE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(["\n", "\t"]),
    max_size=30,
)


@st.composite
def documents_with_annotations(draw: st.DrawFn) -> tuple[str, AnnotationFile]:
    text = draw(st.text(TEXT_ALPHABET, min_size=1, max_size=60))
    count = draw(st.integers(0, 6))
    annotations = []
    for n in range(count):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        anchor = anchor_span(text, start, end)
        created = MOMENT + timedelta(seconds=draw(st.integers(0, 10**8)))
        annotations.append(
            Annotation(
                id=f"{draw(st.sampled_from(['01', 'a-', 'x.']))}{n}",
                start=start,
                end=end,
                quote=anchor.quote,
                prefix=anchor.prefix,
                suffix=anchor.suffix,
                principles=draw(st.lists(st.sampled_from(["p-1", "p2"]), unique=True)),
                recommendations=draw(st.lists(st.sampled_from(["R1", "R2"]), unique=True)),
                stance=draw(st.sampled_from(list(Stance))),
                note=draw(FREE_TEXT).replace("\r", ""),
                author=draw(st.sampled_from(["", "analyst-a", "Zoë 𝒜"])),
                created=created,
                updated=created + timedelta(seconds=draw(st.integers(0, 10**6))),
            )
        )
    model = _model(text, annotations)
    model.sort_annotations()
    return text, model


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents_with_annotations())
def test_round_trip_property(tmp_path: Path, case: tuple[str, AnnotationFile]) -> None:
    text, model = case
    path = tmp_path / "p.qdpx"
    path.write_bytes(export_project(model, model.annotations, text, "doc.md"))
    imported = read_project(path)
    assert imported.text == text
    back = imported.annotation_file(model.document)
    assert back.model_dump() == model.model_dump()


@pytest.mark.schemas
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents_with_annotations())
def test_generated_projects_are_valid(schemas: Path, case: tuple[str, AnnotationFile]) -> None:
    """Odd text (astral characters, markup, control characters) stays valid against the XSDs."""
    text, model = case
    assert_valid(
        schemas / "refi-qda" / "Project.xsd",
        qde_of(export_project(model, model.annotations, text, "doc.md")),
    )
    assert_valid(schemas / "refi-qda" / "Codebook.xsd", export_codebook(model))


# --- import of projects not written by policy-annotate -------------------------------------

FOREIGN = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews">
 <Users><User guid="{u}" name="Ana"/></Users>
 <CodeBook><Codes>
  <Code guid="{c1}" name="Trust" isCodable="true" color="#abc"/>
  <Code guid="{c2}" name="Recommendations" isCodable="false">
   <Code guid="{c3}" name="R7: Train staff" isCodable="true"/>
  </Code>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="{s}" name="interview one.docx" plainTextPath="internal://{s}.txt">
   <PlainTextSelection guid="{sel}" name="Quote 1" startPosition="{start}" endPosition="{end}"
     creatingUser="{u}" creationDateTime="2024-05-01T12:00:00.123+02:00">
    <Coding guid="{g1}"><CodeRef targetGUID="{{{c1}}}"/></Coding>
    <Coding guid="{g2}"><CodeRef targetGUID="{ref}"/></Coding>
    <NoteRef targetGUID="{n}"/>
   </PlainTextSelection>
  </TextSource>
 </Sources>
 <Notes><Note guid="{n}" name="memo"><PlainTextContent>A memo.</PlainTextContent></Note></Notes>
</Project>
"""
IDS = {
    k: f"{i:08x}-0000-4000-8000-000000000000"
    for i, k in enumerate(["u", "c1", "c2", "c3", "s", "sel", "g1", "g2", "n"], 1)
}


def foreign(tmp_path: Path, raw: str, start: int, end: int, ref: str | None = None) -> Path:
    qde = FOREIGN.format(**IDS, start=start, end=end, ref=ref or IDS["c3"])
    members = {"project.qde": qde.encode(), f"sources/{IDS['s']}.txt": raw.encode()}
    return write_qdpx(tmp_path / "foreign.qdpx", members)


def test_foreign_project_imports_with_names_and_crlf_offsets(tmp_path: Path) -> None:
    raw = "Line one\r\nWe trust the 🤝 staff.\r\n"
    start = raw.index("trust")
    path = foreign(tmp_path, raw, start, start + len("trust the 🤝"))
    project = read_project(path)
    assert project.text == "Line one\nWe trust the 🤝 staff.\n"
    assert [(p.id, p.label, p.color) for p in project.taxonomy.principles] == [
        ("trust", "Trust", "#aabbcc")
    ]
    assert [(r.id, r.title) for r in project.taxonomy.recommendations] == [("R7", "Train staff")]
    (annotation,) = project.annotations
    assert annotation.quote == "trust the 🤝"
    assert (annotation.principles, annotation.recommendations) == (["trust"], ["R7"])
    assert annotation.author == "Ana"
    assert annotation.note == "A memo."
    assert annotation.created == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert re.fullmatch(r"[0-9A-Z]{26}", annotation.id)  # not ours: a new ULID


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (None, "is not a zip archive"),
        ({"other.xml": b"<a/>"}, "has no project.qde"),
        ({"project.qde": b"<Project xmlns='urn:QDA-XML:project:1.0'>"}, "is not well-formed XML"),
        (
            {
                "project.qde": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                b"<Project xmlns='urn:QDA-XML:project:1.0'>&a;</Project>"
            },
            "DOCTYPE",
        ),
        ({"project.qde": b"<Other/>"}, "is not a REFI-QDA project"),
        ({"project.qde": b"<Project xmlns='urn:QDA-XML:project:1.0'/>"}, "holds 0 text sources"),
    ],
)
def test_bad_archives_are_one_line_errors(
    tmp_path: Path, members: dict[str, bytes] | None, message: str
) -> None:
    path = tmp_path / "bad.qdpx"
    if members is None:
        path.write_text("not a zip", encoding="utf-8")
    else:
        write_qdpx(path, members)
    with pytest.raises(ProjectFileError) as caught:
        read_project(path)
    (problem,) = caught.value.problems
    assert problem.file.startswith(str(path))
    assert message in problem.message
    assert "\n" not in str(problem)


def test_selection_outside_the_text_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match=r"outside the text \(5 characters\)"):
        read_project(foreign(tmp_path, "short", 2, 9))


def test_unknown_code_reference_is_an_error(tmp_path: Path) -> None:
    missing = "99999999-0000-4000-8000-000000000000"
    with pytest.raises(ProjectFileError, match="not in the codebook"):
        read_project(foreign(tmp_path, "some text", 0, 4, ref=missing))


def test_missing_source_text_is_an_error(tmp_path: Path) -> None:
    qde = FOREIGN.format(**IDS, start=0, end=1, ref=IDS["c3"]).encode()
    path = write_qdpx(tmp_path / "p.qdpx", {"project.qde": qde})
    with pytest.raises(ProjectFileError, match="has no sources/"):
        read_project(path)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('name="Trust"', 'name="' + "Trust " * 60 + '"'),  # an in-vivo code named by a long quote
        ('name="R7: Train staff"', 'name="R' + "7" * 250 + ': Train staff"'),
        ('name="R7: Train staff"', 'name="' + "x" * 300 + '"'),
    ],
)
def test_long_code_names_give_valid_tag_ids(tmp_path: Path, old: str, new: str) -> None:
    qde = FOREIGN.format(**IDS, start=0, end=4, ref=IDS["c3"]).replace(old, new)
    members = {"project.qde": qde.encode(), f"sources/{IDS['s']}.txt": b"some text"}
    project = read_project(write_qdpx(tmp_path / "long.qdpx", members))
    tags = [*project.taxonomy.principles, *project.taxonomy.recommendations]
    assert all(0 < len(tag.id) <= 200 for tag in tags)
    (annotation,) = project.annotations
    assert len(annotation.principles) == len(annotation.recommendations) == 1
