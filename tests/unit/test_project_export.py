"""A whole project exported (long-form CSV, one REFI-QDA project) and a multi-source .qdpx imported."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from annotations.format.reading import load_annotation_file
from annotations.projects.layout import annotation_files
from annotations.projects.long_form import LONG_COLUMNS
from annotations.projects.project import load_project
from tests.unit.test_refi_qda import assert_valid
from tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
NS = "{urn:QDA-XML:project:1.0}"


def expected_rows() -> int:
    project = load_project(SAMPLES)
    rows = 0
    for refs in annotation_files(project).values():
        for ref in refs:
            for a in load_annotation_file(ref.path).model.annotations:
                rows += max(1, len(a.principles) + len(a.recommendations))
    return rows


def test_long_form_csv_has_a_row_per_annotation_and_tag_with_attributes(tmp_path: Path) -> None:
    out = tmp_path / "project.csv"
    assert main(["export", str(SAMPLES), "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == expected_rows()
    header = list(rows[0])
    assert header[: len(LONG_COLUMNS)] == LONG_COLUMNS
    assert {"kind", "organisation-type", "region", "respondent"} <= set(header)
    supplier = [r for r in rows if r["document"] == "suppliers" and r["tag"] == "R2"]
    assert supplier
    assert all(r["stance"] == "oppose" for r in supplier)
    assert supplier[0]["organisation-type"] == "supplier-body"
    assert supplier[0]["file"] == "documents/suppliers.analyst-a.toml"
    assert {r["tag_kind"] for r in rows} <= {"principle", "recommendation", ""}


def test_export_refuses_an_existing_output_and_other_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "project.csv"
    out.write_text("mine", encoding="utf-8")
    assert main(["export", str(SAMPLES), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "mine"
    assert main(["export", str(SAMPLES), "-o", str(tmp_path / "p.jsonld")]) == 2
    assert "csv or qdpx" in capsys.readouterr().err
    assert main(["export", str(SAMPLES)]) == 2


def test_a_folder_that_is_not_a_project_is_said_to_be_one_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """export DIR of a folder with no project file: that it is not a project, not which
    formats a project is exported in."""
    assert main(["export", str(tmp_path), "-o", str(tmp_path.parent / "x.jsonld")]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line == (
        f"policy-annotate: {tmp_path / 'policy-annotate.toml'}: no such file "
        "(is this a policy-annotate project?)"
    )


def test_a_broken_file_is_left_out_of_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    (folder / "documents" / "council.analyst-a.toml").write_text("junk", encoding="utf-8")
    (folder / "documents" / "charity.md").unlink()
    assert main(["export", str(folder), "-o", str(tmp_path / "p.csv")]) == 0
    [warning] = capsys.readouterr().err.strip().splitlines()
    assert "council.analyst-a.toml:1: not valid TOML" in warning
    assert main(["export", str(folder), "-o", str(tmp_path / "p.qdpx")]) == 0
    warnings = capsys.readouterr().err.strip().splitlines()
    assert len(warnings) == 2
    assert any("charity.md" in w for w in warnings)


def test_the_qdpx_has_every_source_and_the_attributes_as_cases(
    tmp_path: Path, schemas: Path
) -> None:
    out = tmp_path / "project.qdpx"
    assert main(["export", str(SAMPLES), "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde")
        texts = [n for n in archive.namelist() if n.startswith("sources/")]
    assert_valid(schemas / "refi-qda" / "Project.xsd", qde)
    assert len(texts) == 8
    import xml.etree.ElementTree as ET

    root = ET.fromstring(qde)
    variables = {v.get("name") for v in root.iter(f"{NS}Variable")}
    assert {"kind", "organisation-type", "region", "respondent"} <= variables
    cases = {c.get("name"): c for c in root.iter(f"{NS}Case")}
    assert len(cases) == 8
    council = cases["council"]
    values = [v.findtext(f"{NS}TextValue") for v in council.iter(f"{NS}VariableValue")]
    assert "council" in values
    assert council.find(f"{NS}SourceRef") is not None
    first = out.read_bytes()
    assert main(["export", str(SAMPLES), "-o", str(out), "--force"]) == 0
    assert out.read_bytes() == first  # deterministic


def summary(capsys: pytest.CaptureFixture[str], folder: Path) -> dict[str, object]:
    assert main(["summary", str(folder), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_import_of_a_multi_source_project_gives_the_project_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "project.qdpx"
    assert main(["export", str(SAMPLES), "-o", str(out)]) == 0
    folder = tmp_path / "imported"
    assert main(["import", str(out), "-o", str(folder)]) == 0
    assert "8 documents, 16 annotation files" in capsys.readouterr().out
    project = load_project(folder)
    council = project.model.document("council")
    assert council is not None
    assert council.attributes["organisation-type"] == "council"
    assert council.path == "documents/council.txt"
    again, original = summary(capsys, folder), summary(capsys, SAMPLES)
    assert again["matrix"] == original["matrix"]
    assert again["annotations"] == original["annotations"]
    assert main(["project", "check", str(folder)]) == 0
    capsys.readouterr()
    assert main(["import", str(out), "-o", str(folder)]) == 1
    assert "a project is already here" in capsys.readouterr().err


def test_a_foreign_project_s_cases_become_attributes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the policy-annotate note (as MAXQDA or NVivo write it): ids from the source names,
    attributes from the cases that refer to each source."""
    import xml.etree.ElementTree as ET

    exported = tmp_path / "project.qdpx"
    assert main(["export", str(SAMPLES), "-o", str(exported)]) == 0
    foreign = tmp_path / "foreign.qdpx"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(foreign, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "project.qde":
                ET.register_namespace("", NS[1:-1])
                root = ET.fromstring(data)
                notes = root.find(f"{NS}Notes")
                assert notes is not None
                root.remove(notes)
                data = ET.tostring(root, encoding="utf-8")
            target.writestr(info.filename, data)
    folder = tmp_path / "foreign"
    assert main(["import", str(foreign), "-o", str(folder)]) == 0
    capsys.readouterr()
    project = load_project(folder)
    assert len(project.model.documents) == 8
    by_title = {d.title: d for d in project.model.documents}
    council = next(d for t, d in by_title.items() if t.startswith("Tollerby District Council"))
    assert council.attributes["organisation-type"] == "council"
    assert summary(capsys, folder)["annotations"] == 173


def test_a_multi_source_project_into_one_annotation_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "project.qdpx"
    assert main(["export", str(SAMPLES), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["import", str(out), "-o", str(tmp_path / "x.annotations.toml")]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "holds 8 text sources" in line
    assert "-o FOLDER" in line
