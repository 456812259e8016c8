"""Projects: a folder of documents coded against one codebook (no Textual here).

The project file (``policy-annotate.toml``, :mod:`.model`, read by :mod:`.reading`) names the
codebook and the documents with their attributes; each document keeps its own, self-contained
annotation files beside it (:mod:`.layout`). Adding documents (:mod:`.adding`, :mod:`.csv_rows`),
the team's progress board (:mod:`.status`) and codebook checks (:mod:`.codebook`) build on it.
docs/format.md §15 is the normative description of the file.
"""
