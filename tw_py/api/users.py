"""The authenticated user (`GET /user-info`)."""
from __future__ import annotations

from tw_py.errors import ApiError


def user_info(client) -> dict:
    """The `user` object of `GET /user-info` (id, userName, email, ...)."""
    data = client.get("/user-info")
    user = data.get("user") if isinstance(data, dict) else None
    if not isinstance(user, dict) or user.get("id") is None:
        raise ApiError("The server's answer to GET /user-info has no user",
                       hint="Check the URL: it should be the Seqera Platform API (e.g. https://api.cloud.seqera.io).")
    return user
