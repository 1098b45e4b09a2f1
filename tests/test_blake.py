"""Ids and file digests hash with BLAKE2b without loading hashlib's OpenSSL module, whose
library pages cost the reader about 0.6 MB of resident memory for nothing."""

from __future__ import annotations

import hashlib

from tests.imports_helpers import modules_after
from threadview.blake import blake2b
from threadview.model import comment_id


def test_the_reader_and_its_stores_never_load_hashlibs_openssl_module():
    loaded = modules_after(
        "import threadview.cli, threadview.ui.app, threadview.ui.screens.reader,"
        " threadview.ui.reading_memory, threadview.store.library, threadview.store.indexer,"
        " threadview.bookmarks.store\n"
        "from threadview.model import comment_id; comment_id('a', None, 'b')"
    )
    assert not loaded & {"hashlib", "_hashlib"}


def test_it_is_hashlibs_blake2b():
    data = b"the same bytes"
    assert blake2b(data, digest_size=8).digest() == hashlib.blake2b(data, digest_size=8).digest()
    assert comment_id("a", None, "b") == "c872e8dcf6baa944", "ids saved before still match"
