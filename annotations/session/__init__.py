"""Editing an annotation file: the editing session, edits with undo, and saving."""
