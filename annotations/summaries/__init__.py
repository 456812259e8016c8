"""Summaries: the numbers of an annotation file and their renderers."""
