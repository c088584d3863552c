"""Reactions to framework signals; the core flow never depends on these."""
