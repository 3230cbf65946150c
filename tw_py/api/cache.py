"""A small on-disk JSON cache keyed by server and token (the token itself is never written)."""
from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from tw_py.config import paths
from tw_py.config.environment import number


def ttl() -> float:
    return number("TWPY_CACHE_TTL", 300.0)


def account_key(url: str, token: str | None) -> str:
    """A stable, non-reversible key for one account on one server."""
    return hashlib.sha256(f"{url}\0{token or ''}".encode()).hexdigest()[:20]


class JsonCache:
    """One JSON document per (kind, account) in the cache dir, with its write time."""

    def __init__(self, kind: str, key: str, directory: Path | None = None):
        self.path = (directory or paths.cache_dir()) / f"{kind}-{key}.json"

    def load(self, max_age: float | None = None) -> dict | None:
        """The cached document, or None when absent, unreadable or older than max_age seconds."""
        max_age = ttl() if max_age is None else max_age
        try:
            with open(self.path, encoding="utf-8") as handle:
                doc = json.load(handle)
        except (OSError, ValueError):
            return None
        if not isinstance(doc, dict) or time.time() - doc.get("time", 0) > max_age:
            return None
        return doc.get("data")

    def age(self) -> float | None:
        try:
            with open(self.path, encoding="utf-8") as handle:
                return time.time() - json.load(handle).get("time", 0)
        except (OSError, ValueError, AttributeError):
            return None

    def save(self, data) -> None:
        if ttl() <= 0:
            return
        try:
            paths.write_private(self.path, json.dumps({"time": time.time(), "data": data}))
        except OSError:
            pass  # a cache that cannot be written only costs requests

    def clear(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass
