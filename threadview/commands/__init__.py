"""Command-line commands that never import Textual: `search` and `diff` (`arguments` adds
their arguments to a subparser; each command module runs one, returning an exit code)."""
