"""The sandbox's route table: each handler declares its routes where it is defined, with `@route`."""
from __future__ import annotations

from typing import Callable

#: (method, path template, handler) of every route, filled as the resource modules are imported. A template's
#: `{name}` is one path segment, `{name:a|b}` one of the alternatives; the match with fewest parameters wins.
ROUTES: list[tuple[str, str, Callable]] = []


def route(method: str, template: str) -> Callable[[Callable], Callable]:
    """Declare that `method template` is answered by the decorated handler `(api, request) -> document`."""
    def register(handler: Callable) -> Callable:
        ROUTES.append((method, template, handler))
        return handler
    return register
