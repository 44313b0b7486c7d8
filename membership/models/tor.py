"""Terms of Reference: documents, immutable revisions, lifecycle, comments, acknowledgements."""

__all__: list[str] = []
