"""Service information and the health checks behind `twpy info`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tw_py.api import users
from tw_py.errors import ApiError, AuthError, ConnectionFailed

if TYPE_CHECKING:
    from tw_py.api.client import Client


OK, FAILED, SKIPPED = 1, 0, -1


def version_tuple(text: str | None) -> tuple:
    """`1.198.0` -> (1, 198, 0); non-numeric parts end the tuple."""
    parts = []
    for piece in re.split(r"[.\-+]", text or ""):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)


@dataclass
class Health:
    connection: int = SKIPPED
    version: int = SKIPPED
    credentials: int = SKIPPED
    tower_version: str | None = None
    api_version: str | None = None
    user_name: str | None = None

    @property
    def healthy(self) -> bool:
        """Connection and token OK. An older or unreported API version is a warning, not a failure
        (tw exits 1 for it; most commands work with older servers)."""
        return self.connection == OK and self.credentials == OK


def check(client: Client, minimum_api_version: str) -> Health:
    """`GET /service-info`, then (if reachable) `GET /user-info`; failures become check results."""
    health = Health()
    try:
        info = (client.get("/service-info") or {}).get("serviceInfo") or {}
        health.connection = OK
    except (ConnectionFailed, ApiError):
        health.connection = FAILED
        return health
    health.tower_version = info.get("version")
    health.api_version = info.get("apiVersion")
    if health.api_version:
        health.version = OK if version_tuple(health.api_version) >= version_tuple(minimum_api_version) else FAILED
    try:
        health.user_name = users.user_info(client).get("userName")
        health.credentials = OK
    except AuthError:
        health.credentials = FAILED
    except (ConnectionFailed, ApiError):
        health.credentials = SKIPPED
    return health
