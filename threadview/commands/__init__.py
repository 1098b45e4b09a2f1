"""Command-line commands that never import Textual: `search` and `diff` (each module adds
its arguments to a subparser and runs it, returning an exit code)."""
