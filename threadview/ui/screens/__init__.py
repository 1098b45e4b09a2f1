"""Modal screens of the reader (help; later: sources, bookmarks)."""
