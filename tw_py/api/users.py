"""The authenticated user (`GET /user-info`)."""
from __future__ import annotations


def user_info(client) -> dict:
    """The `user` object of `GET /user-info` (id, userName, email, ...)."""
    data = client.get("/user-info") or {}
    return data.get("user") or {}
