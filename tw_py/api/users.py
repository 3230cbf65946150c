"""The authenticated user (`GET /user-info`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.errors import ApiError

if TYPE_CHECKING:
    from tw_py.api.client import Client



def user_info(client: Client) -> dict:
    """The `user` object of `GET /user-info` (id, userName, email, ...)."""
    data = client.get("/user-info")
    user = data.get("user") if isinstance(data, dict) else None
    if not isinstance(user, dict) or user.get("id") is None:
        raise ApiError("The server's answer to GET /user-info has no user",
                       hint="Check the URL: it should be the Seqera Platform API (e.g. https://api.cloud.seqera.io).")
    return user
