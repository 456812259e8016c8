"""Overlapping saves from separate processes: no update is ever lost.

Several processes load the same annotation file through the public core API, add one
annotation each and save, over and over. Each save either lands on top of what its process
read, or finds the other's result on disk and ends as a conflict (FileChangedError): at the
end, every save reported as done is in the file.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from annotations.documents.document import load_document
from annotations.session.store import load_store, new_store

WRITERS = 4
SAVES_EACH = 25
SENTENCE = "Sentence {:03d} is here. "

WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from annotations.errors import FileChangedError
    from annotations.session.editing_session import EditingSession
    from annotations.session.store import load_store

    path, go, writer, saves, width = Path(sys.argv[1]), Path(sys.argv[2]), *map(int, sys.argv[3:])
    while not go.exists():
        time.sleep(0.001)
    for attempt in range(saves):
        number = writer * saves + attempt
        session = EditingSession(load_store(path), f"writer-{writer}")
        session.toggle_tag((number * width, number * width + width - 1), "principles", "redesign")
        error = session.save()
        if error is None:
            print("saved", number, flush=True)
        elif isinstance(error, FileChangedError):
            print("conflict", number, flush=True)
        else:
            print("error", number, error, flush=True)
    """
)


def test_no_update_is_lost_in_100_overlapping_saves(tmp_path: Path) -> None:
    width = len(SENTENCE.format(0))
    document = tmp_path / "doc.md"
    document.write_text(
        "".join(SENTENCE.format(n) for n in range(WRITERS * SAVES_EACH)) + "\n", encoding="utf-8"
    )
    path = tmp_path / "doc.annotations.toml"
    new_store(load_document(document), path).save()
    script = tmp_path / "writer.py"
    script.write_text(WORKER, encoding="utf-8")
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, str(script), str(path), str(go), str(w), str(SAVES_EACH), str(width)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WRITERS)
    ]
    go.touch()
    saved: set[int] = set()
    conflicts = 0
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        for line in out.splitlines():
            outcome, number, *_detail = line.split(maxsplit=2)
            assert outcome in ("saved", "conflict"), line
            if outcome == "saved":
                saved.add(int(number))
            else:
                conflicts += 1
    assert len(saved) + conflicts == WRITERS * SAVES_EACH
    final = load_store(path).model.annotations
    present = {annotation.start // width for annotation in final}
    assert saved - present == set()  # 0 lost
    assert present == saved  # and nothing that was reported as a conflict
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
