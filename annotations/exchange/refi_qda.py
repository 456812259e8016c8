"""REFI-QDA interchange: a QDC codebook, a QDPX project (export), and QDPX import.

The REFI-QDA standard (https://www.qdasoftware.org) is how qualitative-analysis programs
(ATLAS.ti, MAXQDA, NVivo, QualCoder, ...) exchange codebooks and coded projects. The mapping:

- principles, recommendations and the stances become codes, grouped under three parent codes
  that cannot be coded themselves ("Principles", "Recommendations", "Stance"); neutral has no
  code (a selection without a stance code is neutral);
- the document becomes a ``TextSource`` whose text is ``sources/<guid>.txt`` in the archive;
- each annotation becomes a ``PlainTextSelection`` (code-point offsets, its id as the name, its
  note as the ``Description``), with one ``Coding`` per tag;
- what REFI-QDA has no place for (tag ids, a recommendation's full title and span, the document's
  path and title) travels in a project note named ``policy-annotate`` holding JSON; an import
  without that note falls back on the code names.
- every element whose type declares ``creationDateTime``/``modifiedDateTime`` (the project, the
  text source, the note, each selection, each coding) carries them, derived from the annotations'
  times so that re-exports stay byte-identical: real importers read them without checking.

The writer is ``refi_qda_write``, the reader ``refi_qda_read``; this module names both.
Reading never trusts the archive: XML with a DOCTYPE is refused before it is parsed (no entity
expansion, no external entities), member sizes are capped, and every problem is one line naming
the file. docs/interchange.md is the user-facing description.
"""

from __future__ import annotations

from annotations.exchange.refi_qda_read import (
    ImportedProject,
    ProjectFileError,
    open_project,
    parse_xml,
    read_project,
    read_sources,
)
from annotations.exchange.refi_qda_write import (
    CODEBOOK_NS,
    CODEBOOK_XSD,
    GROUPS,
    METADATA_NOTE,
    NO_TIME,
    PROJECT_NS,
    PROJECT_XSD,
    STANCE_CODES,
    XSI_NS,
    ZIP_TIME,
    build_codes,
    build_project,
    export_codebook,
    export_project,
    metadata_note,
    project_times,
    recommendation_code_name,
    taxonomy_codes,
)

__all__ = [
    "CODEBOOK_NS",
    "CODEBOOK_XSD",
    "GROUPS",
    "METADATA_NOTE",
    "NO_TIME",
    "PROJECT_NS",
    "PROJECT_XSD",
    "STANCE_CODES",
    "XSI_NS",
    "ZIP_TIME",
    "ImportedProject",
    "ProjectFileError",
    "build_codes",
    "build_project",
    "export_codebook",
    "export_project",
    "metadata_note",
    "open_project",
    "parse_xml",
    "project_times",
    "read_project",
    "read_sources",
    "recommendation_code_name",
    "taxonomy_codes",
]
