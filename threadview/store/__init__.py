"""The library store: the index of a folder of saved threads, search, and reading memory.

`library.py` holds all of the library's SQL, `indexer.py` walks folders and feeds it,
`query.py` turns what a user types into a safe FTS5 expression, `records.py` says what the
store hands out. No Textual anywhere in the package.
"""
