"""The annotation file: its models, TOML reading and canonical writing, ids."""
