"""The policy-annotate core: documents, annotation files, storage and summaries.

This package never imports Textual; the command line and the app live in ``tui``.
"""

__version__ = "0.1.0"
