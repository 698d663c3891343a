"""Citations: the annex of references to international law."""
