"""Widgets of the reader: the article pane, the comment pane and the header."""
