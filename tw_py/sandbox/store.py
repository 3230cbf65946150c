"""The sandbox's state: plain JSON-ready data, one lock, ids, clock, and atomic persistence to a state file."""
from __future__ import annotations

import json
import os
import random
import string
import tempfile
import threading
import time
from datetime import datetime, timezone

from tw_py.atomic_write import replacing

STATE_VERSION = 1
BASE62 = string.digits + string.ascii_letters
COLLECTIONS = ("orgs", "workspaces", "computeEnvs", "credentials", "labels", "pipelines", "launches", "workflows")


class StateError(ValueError):
    """The --state file cannot be used: unreadable, not JSON, not a sandbox state, or not writable."""


def iso(epoch: float | None) -> str | None:
    """An epoch as the API's ISO-8601 UTC timestamp (`2024-05-01T10:00:00Z`)."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def drop_nulls(value):
    """The Platform omits null fields from its JSON (Jackson NON_NULL); so does the sandbox."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None and not k.startswith("_")}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


class Store:
    """All objects of one sandbox. Callers hold `lock` around a request; `save()` persists when a file is set."""

    def __init__(self, data: dict, path: str | None = None, speed: float = 1.0, clock=time.time, rng=None):
        self.data = data
        self.path = path
        self.speed = speed
        self.clock = clock
        self.rng = rng or random.SystemRandom()
        self.lock = threading.RLock()

    # Construction and persistence -----------------------------------------------------------------
    @classmethod
    def open(cls, fresh, path: str | None = None, speed: float = 1.0, clock=time.time) -> Store:
        """Load the state file when it exists (an empty file counts as new), else start from `fresh(now)` (and
        write the file when a path is set). StateError when the file cannot be read, is not a state file, or
        cannot be written."""
        if path:
            _remove_stale_temp_files(path)
        data = _load(path) if path else None
        store = cls(data if data is not None else fresh(clock()), path, speed, clock)
        if data is None:
            try:
                store.save()
            except OSError as error:
                raise StateError(f"Cannot write the state file '{path}': {error.strerror or error}") from None
        return store

    def save(self) -> None:
        """Write the state atomically: a temporary file in the same directory, then os.replace."""
        if not self.path:
            return
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".sandbox-", suffix=".tmp", dir=directory)
        with replacing(fd, tmp, self.path) as handle:
            json.dump(self.data, handle, separators=(",", ":"))

    # Ids and time ---------------------------------------------------------------------------------
    def now(self) -> float:
        return self.clock()

    def string_id(self, length: int = 22) -> str:
        return "".join(self.rng.choice(BASE62) for _ in range(length))

    def number_id(self) -> int:
        """A fresh numeric id (int64, like the Platform's); unique across every collection."""
        counters = self.data["counters"]
        counters["next"] += self.rng.randint(1, 997)
        return counters["next"]

    def task_number(self) -> int:
        counters = self.data["counters"]
        counters["task"] += 1
        return counters["task"]

    # Collections ----------------------------------------------------------------------------------
    def items(self, kind: str) -> list:
        """The objects of a collection (collections added since a state file was written start empty)."""
        return self.data.setdefault(kind, [])

    def find(self, kind: str, key: str, value):
        for item in self.items(kind):
            if item.get(key) == value:
                return item
        return None

    def remove(self, kind: str, item: dict) -> None:
        self.data[kind] = [x for x in self.items(kind) if x is not item]

    def tick(self) -> bool:
        """Apply what the clock decided since the last request; True when something changed."""
        changed = False
        now = self.now()
        for ce in self.data["computeEnvs"]:
            if ce.get("_deleteAt") is not None and not ce.get("_deleted") and now >= ce["_deleteAt"]:
                ce["_deleted"] = True
                ce["primary"] = False
                changed = True
        return changed


def _load(path: str):
    """The state in `path`, or None when the file does not exist or is empty (a new state)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (FileNotFoundError, NotADirectoryError):  # not there yet: save() says why it cannot be written
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise StateError(f"Cannot read the state file '{path}': {getattr(error, 'strerror', None) or error}") from None
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise StateError(f"'{path}' is not a twpy sandbox state file (invalid JSON: {error})") from None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION or not _complete(data):
        raise StateError(f"'{path}' is not a twpy sandbox state file (version {STATE_VERSION})")
    return data


def _complete(data: dict) -> bool:
    counters, user = data.get("counters"), data.get("user")
    return (isinstance(counters, dict) and all(isinstance(counters.get(k), int) for k in ("next", "task"))
            and isinstance(user, dict) and isinstance(user.get("id"), int)
            and all(isinstance(data.get(k), list) and all(isinstance(x, dict) for x in data[k]) for k in COLLECTIONS))


def _remove_stale_temp_files(path: str, older_than: float = 60.0) -> None:
    """Temporary files a killed sandbox (kill -9 mid-save) left beside its state file."""
    import glob

    directory = os.path.dirname(os.path.abspath(path))
    for tmp in glob.glob(os.path.join(glob.escape(directory), ".sandbox-*.tmp")):
        try:
            if time.time() - os.path.getmtime(tmp) > older_than:
                os.unlink(tmp)
        except OSError:
            pass
