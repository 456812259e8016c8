"""Documents: loading and normalising text, offsets, structure, importers, detection."""
