"""BLAKE2b, the one hash the ids and file digests use, without loading OpenSSL.

`import hashlib` loads its OpenSSL module (libcrypto: 0.6 MB of the reader's resident
memory) even though `hashlib.blake2b` is always CPython's own `_blake2`; taken from there,
OpenSSL is never loaded. A Python built without `_blake2` gets hashlib's.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython build we know has it
    from hashlib import blake2b

__all__ = ["blake2b"]
