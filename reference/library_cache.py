"""Per-process copies of what is built from the published library, kept while the library version stands.

The suggestion index and the visit page's library choices are read on every request but change only when a
curator publishes. Each is built once per process and per library version (one indexed query tells whether
it is still current; see ``reference.versioning``), so pages do not re-read the library row by row.

Entries must be treated as read-only: every request in the process shares them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

Built = TypeVar("Built")

_lock = threading.Lock()
_entries: dict[str, tuple[int, object]] = {}


def cached_for_version(key: str, version: int, build: Callable[[], Built]) -> Built:
    """The entry ``key`` built for ``version``; built afresh (outside the lock) when missing or older."""
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0] == version:
            return entry[1]
    built = build()
    with _lock:
        _entries[key] = (version, built)
    return built


def forget_everything() -> None:
    """Drop every entry: tests roll library changes back (so a version number can recur with other content)
    and the benchmarks switch databases under the process."""
    with _lock:
        _entries.clear()
