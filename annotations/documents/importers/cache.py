"""A cache of extracted texts, so a 300-page PDF is not re-extracted each time it is opened.

One JSON file per source file and importer version:
``$XDG_CACHE_HOME/policy-annotate/extracted/<source sha256>-<importer>.json`` (``~/.cache`` when
XDG_CACHE_HOME is not set). Entries are written atomically (a temporary file renamed into place)
and checked when read (the text's own sha256 is stored with it); an unreadable, damaged or
mismatched entry is ignored, and a cache that cannot be written is no error. Setting
POLICY_ANNOTATE_NO_CACHE to a non-empty value turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from annotations.documents.importers.extracted import ImportedText


def cache_folder() -> Path | None:
    """The folder of cached extractions (None when the cache is off or there is no home)."""
    if os.environ.get("POLICY_ANNOTATE_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "policy-annotate" / "extracted"


def cache_path(source_sha256: str, importer: str) -> Path | None:
    """Where the extraction of a file with this sha256 by this importer is cached."""
    folder = cache_folder()
    if folder is None:
        return None
    return folder / f"{source_sha256}-{importer.replace('/', '-')}.json"


def _text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_cached(source_sha256: str, importer: str) -> ImportedText | None:
    """The cached extraction, or None when there is none or it is unreadable or damaged."""
    path = cache_path(source_sha256, importer)
    if path is None:
        return None
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        text, pages = entry["text"], entry["pages"]
        valid = (
            entry["importer"] == importer
            and entry["source_sha256"] == source_sha256
            and isinstance(text, str)
            and isinstance(pages, list)
            and all(isinstance(page, int) for page in pages)
            and entry["text_sha256"] == _text_sha256(text)
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not valid:
        return None
    return ImportedText(text, tuple(pages), importer, source_sha256)


def write_cached(imported: ImportedText) -> None:
    """Cache an extraction atomically; any failure to write is ignored."""
    path = cache_path(imported.source_sha256, imported.importer)
    if path is None:
        return
    entry = {
        "importer": imported.importer,
        "source_sha256": imported.source_sha256,
        "text_sha256": _text_sha256(imported.text),
        "pages": list(imported.pages),
        "text": imported.text,
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink()
