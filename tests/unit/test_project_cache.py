"""The project cache: outputs as from the files, whatever state the cache is in."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.errors import PolicyAnnotateError
from annotations.format.model import Stance
from annotations.format.reading import load_annotation_file
from annotations.format.tomlfile import dump_annotation_text
from annotations.projects.cache import SCHEMA_VERSION, FactsReader, cache_folder, cache_path
from annotations.projects.facts import FileFacts, ReadOutcome, read_facts
from annotations.projects.project import load_project
from annotations.projects.status import document_statuses
from tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
COMMANDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("project", "status"), ()),
    (("project", "status"), ("--format", "json", "--by", "analyst")),
    (("summary",), ()),
    (("summary",), ("--format", "json", "--by", "attr:kind")),
    (("summary",), ("--format", "csv")),
    (("summary",), ("--format", "md", "--author", "analyst-a")),
    (("summary",), ("--format", "json", "--quotes", "5", "--attr", "kind=response")),
    (("summary",), ("--recommendation", "R2", "--recommendation", "R4", "--by", "attr:kind")),
    (("summary",), ("--format", "json", "--principle", "redesign")),
    (("summary",), ("--format", "json", "--quotes", "0")),
    (("agreement",), ()),
    (("agreement",), ("--format", "json", "--unit", "paragraph")),
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the sample project."""
    return Path(shutil.copytree(SAMPLES, tmp_path / "project"))


def run(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(arguments))
    return code, out.getvalue(), err.getvalue()


def outputs(folder: Path, *, no_cache: bool = False) -> list[tuple[int, str, str]]:
    """Every command's exit code, output and warnings on the project in ``folder``."""
    extra = ("--no-cache",) if no_cache else ()
    return [run(*words, str(folder), *options, *extra) for words, options in COMMANDS]


def cached_files(folder: Path) -> int:
    """How many annotation files the project's cache holds."""
    with contextlib.closing(sqlite3.connect(cache_path(load_project(folder)))) as db:
        return int(db.execute("SELECT count(*) FROM files").fetchone()[0])


def test_the_cache_gives_what_reading_the_files_gives(folder: Path) -> None:
    cold = outputs(folder, no_cache=True)
    assert not cache_folder().exists()  # --no-cache writes no cache
    building = outputs(folder)
    assert cached_files(folder) > 0
    assert outputs(folder) == building == cold
    assert all(code == 0 for code, _out, _err in cold)


def test_the_cache_is_outside_the_project(folder: Path) -> None:
    outputs(folder)
    path = cache_path(load_project(folder))
    assert path.is_file()
    assert not path.resolve().is_relative_to(folder.resolve())
    assert path.is_relative_to(Path(os.environ["XDG_CACHE_HOME"]) / "policy-annotate")


def change_stances(path: Path) -> None:
    """Rewrite an annotation file with every stance turned to "oppose"."""
    model = load_annotation_file(path, disk=False).model
    for annotation in model.annotations:
        annotation.stance = Stance.OPPOSE
    path.write_text(dump_annotation_text(model), encoding="utf-8")


def test_a_changed_file_is_read_again(folder: Path) -> None:
    before = outputs(folder)
    change_stances(folder / "response.analyst-a.toml")
    after = outputs(folder)
    assert after != before
    assert after == outputs(folder, no_cache=True)


def test_a_change_that_keeps_size_and_modification_time_is_seen(folder: Path) -> None:
    path = folder / "response.analyst-a.toml"
    before = outputs(folder)
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace('stance = "support"', 'stance = "caution"', 1)
    assert changed != text
    assert len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # as cp -p or a restore would
    after = outputs(folder)
    assert after != before
    assert after == outputs(folder, no_cache=True)


def test_a_broken_file_is_listed_from_the_cache_as_from_the_file(folder: Path) -> None:
    (folder / "response.analyst-b.toml").write_text("format = [", encoding="utf-8")
    cold = outputs(folder, no_cache=True)
    assert outputs(folder) == outputs(folder) == cold
    assert "response.analyst-b.toml" in cold[0][1]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:1000]), id="truncated"),
        pytest.param(lambda p: p.write_bytes(b"not a database at all" * 100), id="garbage"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    ],
)
def test_a_corrupt_cache_is_rebuilt(folder: Path, damage: object) -> None:
    cold = outputs(folder, no_cache=True)
    outputs(folder)
    path = cache_path(load_project(folder))
    for suffix in ("-wal", "-shm"):  # the write-ahead log holds what is not yet in the file
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    damage(path)  # type: ignore[operator]
    assert outputs(folder) == cold
    assert outputs(folder) == cold
    assert cached_files(folder) > 0


def tamper(folder: Path, *statements: str) -> None:
    """Run SQL statements on the project's cache, as another program might."""
    with contextlib.closing(sqlite3.connect(cache_path(load_project(folder)))) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()


def test_a_cache_of_another_schema_is_rebuilt(folder: Path) -> None:
    cold = outputs(folder, no_cache=True)
    outputs(folder)
    tamper(folder, "PRAGMA user_version = 99", "DELETE FROM annotations")
    assert outputs(folder) == cold
    assert cached_files(folder) > 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE files SET authors = 'nonsense'",
        "UPDATE files SET spans = NULL",
        "DELETE FROM annotations WHERE position = 1",
        "UPDATE files SET problems = '[]' WHERE path LIKE '%analyst-a%'",
        "UPDATE files SET tally = 'nonsense'",
        "UPDATE files SET tally = '[1, [], []]'",
        "UPDATE files SET tally = NULL",
        "UPDATE files SET quotes = NULL",
        "UPDATE files SET quotes = '[]'",
    ],
)
def test_rows_that_do_not_hold_together_are_not_believed(folder: Path, statement: str) -> None:
    cold = outputs(folder, no_cache=True)
    outputs(folder)
    tamper(folder, statement)
    assert outputs(folder) == cold


def test_a_locked_cache_is_gone_around(folder: Path) -> None:
    cold = outputs(folder, no_cache=True)
    outputs(folder)
    (folder / "response.analyst-a.toml").write_text("format = [", encoding="utf-8")
    expected = outputs(folder, no_cache=True)
    with contextlib.closing(
        sqlite3.connect(cache_path(load_project(folder)), isolation_level=None)
    ) as other:
        other.execute("BEGIN EXCLUSIVE")  # another command writing, for longer than we wait
        assert outputs(folder) == expected != cold
        other.execute("ROLLBACK")
    assert outputs(folder) == expected


def test_an_unusable_cache_folder_is_gone_around(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = outputs(folder, no_cache=True)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert outputs(folder) == cold


def test_the_board_rows_are_the_same_from_the_cache(folder: Path) -> None:
    project = load_project(folder)
    cold = [repr(s) for s in document_statuses(project, use_cache=False)]
    assert [repr(s) for s in document_statuses(project)] == cold
    assert [repr(s) for s in document_statuses(project)] == cold


def test_one_documents_row_read_again_is_the_boards(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board reads one document again (after the annotator, a change on disk) with a
    reader that looks up only that document's rows: the same row as reading every one."""
    import annotations.projects.cache as cache
    from annotations.projects.layout import annotation_files
    from annotations.projects.status import document_status

    project = load_project(folder)
    files = annotation_files(project)
    board = {s.document.id: repr(s) for s in document_statuses(project)}  # the cache built
    with monkeypatch.context() as patched:  # from the cache's rows now: no file is read
        patched.setattr(cache, "read_facts", lambda path: pytest.fail(f"{path} read"))
        for document in project.model.documents:
            status = document_status(project, document, files[document.id])
            assert repr(status) == board[document.id]
    path = folder / "documents" / "council.analyst-a.toml"
    model = load_annotation_file(path, disk=False).model
    del model.annotations[0]  # a count the row shows
    path.write_text(dump_annotation_text(model), encoding="utf-8")
    council = project.model.document("council")
    assert council is not None
    cold = repr(
        next(s for s in document_statuses(project, use_cache=False) if s.document == council)
    )
    assert repr(document_status(project, council, files["council"])) == cold


def comparable(outcome: ReadOutcome) -> object:
    """What a reader gives, as a value (FileFacts' reader of annotations is a function)."""
    if not isinstance(outcome, FileFacts):
        return [str(p) for p in outcome]
    return (
        outcome.document_path,
        outcome.sha256,
        outcome.length,
        outcome.principles,
        outcome.recommendations,
        outcome.authors,
        outcome.stale,
        outcome.spans,
        outcome.annotations,
        outcome.tally,
        outcome.quotes,
    )


EDITS = st.sampled_from(["stances", "touch", "same-bytes", "break", "delete-annotation", "none"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from([0, 1, 2, 3]), EDITS), min_size=1, max_size=6))
def test_after_any_edits_the_cache_agrees_with_the_files(edits: list[tuple[int, str]]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(shutil.copytree(SAMPLES, Path(temporary) / "project"))
        os.environ["XDG_CACHE_HOME"] = str(Path(temporary) / "cache")
        project = load_project(folder)
        files = sorted(folder.glob("*.analyst-*.toml"))
        for index, edit in edits:
            path = files[index % len(files)]
            if edit == "stances" and read_facts(path)[1] is not None:
                with contextlib.suppress(Exception):
                    change_stances(path)
            elif edit == "touch":
                os.utime(path)
            elif edit == "same-bytes":
                path.write_bytes(path.read_bytes())
            elif edit == "break":
                path.write_text("format = [", encoding="utf-8")
            elif edit == "delete-annotation":
                text = path.read_text(encoding="utf-8")
                cut = text.rfind("[[annotations]]")
                if cut > 0:
                    path.write_text(text[:cut], encoding="utf-8")
            with FactsReader(project) as reader:
                for each in files:
                    assert comparable(reader.facts(each)) == comparable(read_facts(each)[0])
            with FactsReader(project, annotations=False, tallies=True) as reader:
                for each in files:
                    cached, read = reader.facts(each), read_facts(each)[0]
                    if isinstance(read, FileFacts):
                        assert isinstance(cached, FileFacts)
                        assert (cached.tally, cached.quotes) == (read.tally, read.quotes)
                    else:
                        assert comparable(cached) == comparable(read)


def test_a_cache_of_the_first_schema_is_rebuilt(folder: Path) -> None:
    """Schema 1 kept no tallies: a cache written by it is rebuilt without a word."""
    cold = outputs(folder, no_cache=True)
    outputs(folder)
    tamper(
        folder,
        "ALTER TABLE files DROP COLUMN quotes",
        "ALTER TABLE files DROP COLUMN tally",
        "PRAGMA user_version = 1",
    )
    assert outputs(folder) == cold
    with contextlib.closing(sqlite3.connect(cache_path(load_project(folder)))) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT count(*) FROM files WHERE tally IS NOT NULL").fetchone()[0] > 0


def tallied(folder: Path, name: str) -> tuple[FactsReader, FileFacts]:
    """A reader of tallies from the project's (filled) cache, and one file's facts read by it."""
    outputs(folder)
    reader = FactsReader(load_project(folder), annotations=False, tallies=True)
    facts = reader.facts(folder / name)
    assert isinstance(facts, FileFacts)
    return reader, facts


def test_quotes_whose_row_was_replaced_meanwhile_come_from_the_unchanged_file(
    folder: Path,
) -> None:
    name = "response.analyst-a.toml"
    expected = read_facts(folder / name)[0]
    assert isinstance(expected, FileFacts)
    reader, facts = tallied(folder, name)
    with reader:
        tamper(folder, f"UPDATE files SET sha256 = 'another' WHERE path LIKE '%{name}'")
        assert facts.quotes == expected.quotes
        assert facts.tally == expected.tally


def test_quotes_of_a_file_changed_meanwhile_are_refused_in_one_line(folder: Path) -> None:
    name = "response.analyst-a.toml"
    reader, facts = tallied(folder, name)
    with reader:
        change_stances(folder / name)
        tamper(folder, f"UPDATE files SET sha256 = 'another' WHERE path LIKE '%{name}'")
        with pytest.raises(PolicyAnnotateError, match="changed while it was being read"):
            facts.read_quotes()


def test_a_summary_leaves_out_the_quote_of_a_file_changed_while_it_was_made(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotations.projects import cache

    name = "response.analyst-a.toml"
    outputs(folder)
    read_quotes = cache.FactsReader._quotes

    def changed_meanwhile(self: FactsReader, path: Path, sha256: str, count: int) -> object:
        if path.name == name:  # another command rewrote the file and its row since its tally
            change_stances(path)
            tamper(folder, f"UPDATE files SET sha256 = 'another' WHERE path LIKE '%{name}'")
        return read_quotes(self, path, sha256, count)

    monkeypatch.setattr(cache.FactsReader, "_quotes", changed_meanwhile)
    code, out, err = run("summary", str(folder), "--format", "json")
    assert code == 0
    assert f"{name}: changed while it was being read; run the command again (left out)" in err
    assert name.split(".")[0] in out  # the rest of the summary is there
