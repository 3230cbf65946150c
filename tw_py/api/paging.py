"""Pagination over `max`/`offset` list endpoints: one page as tw does, or every page lazily (--all)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from tw_py.errors import InputError

if TYPE_CHECKING:
    from tw_py.api.client import Client


MAX_PAGE_SIZE = 100  # the server refuses a larger `max`


@dataclass(frozen=True)
class PageRequest:
    """What the user asked for: tw's --page/--offset/--max, or --all."""

    page: int | None = None
    offset: int | None = None
    max: int | None = None
    all: bool = False

    def __post_init__(self):
        if self.page is not None and self.offset is not None:
            raise InputError("Please use either --page or --offset as pagination parameter")
        if self.offset is not None and self.offset < 0:
            raise InputError("Record offset number must be a positive value.")
        if self.page is not None and self.page < 1:
            raise InputError("Page number must be greater than zero.")
        if self.max is not None and self.max < 1:
            raise InputError("The --max value must be greater than zero.")

    @property
    def first(self) -> bool:
        """Whether this is the start of the listing (what a list shows first: the names completion should offer)."""
        return not self.all and self.page in (None, 1) and not self.offset

    @property
    def size(self) -> int:
        return self.max or MAX_PAGE_SIZE

    @property
    def start(self) -> int:
        if self.page is not None:
            return (self.page - 1) * self.size
        return self.offset or 0

    @property
    def explicit(self) -> bool:
        """True when --page or --offset was given (tw prints its footer only then)."""
        return self.page is not None or self.offset is not None

    def footer(self, total: int | None) -> str | None:
        """tw's footer line, or None when tw prints none."""
        if not self.explicit or self.all:
            return None
        end = self.start + self.size - 1
        text = f"Showing from {self.start} to {end}"
        if self.page is not None:
            text = f"Page {self.page}, showing from {self.start} to {end}"
        if total is not None:
            text += f" from a total of {total} entries"
        return text + ". "


@dataclass
class Page:
    items: list
    total: int | None


def fetch_page(client: Client, path: str, key: str, params: dict | None = None, *, offset: int = 0,
               size: int = MAX_PAGE_SIZE, total_key: str = "totalSize") -> Page:
    """GET one page of `path` and return its `key` items and the total when the server gives it."""
    query = dict(params or {})
    query["max"] = size
    query["offset"] = offset
    data = client.get(path, query) or {}
    return Page(list(data.get(key) or []), data.get(total_key))


def iter_pages(client: Client, path: str, key: str, params: dict | None = None, *, start: int = 0,
               size: int = MAX_PAGE_SIZE, total_key: str = "totalSize") -> Iterator[Page]:
    """Yield pages from `start` until the total is reached (or, without a total, a short page), or a page is empty.

    Each request asks for at most MAX_PAGE_SIZE items; only the current page is held in memory.
    """
    size = min(size, MAX_PAGE_SIZE)
    offset = start
    status = getattr(client, "status", None) or (lambda text: None)
    shown = False
    try:
        while True:
            page = fetch_page(client, path, key, params, offset=offset, size=size, total_key=total_key)
            if shown:   # cleared before anything of the page is printed
                status("")
                shown = False
            offset += len(page.items)
            if not page.items:
                return
            more = offset < page.total if page.total is not None else len(page.items) >= size
            yield page
            if not more:   # a server that caps `max` lower still gets walked to the total
                return
            status(f"Fetched {offset}{f' of {page.total}' if page.total is not None else ''} {key}; fetching more...")
            shown = True
    finally:
        if shown:
            status("")


def iter_items(client: Client, path: str, key: str, params: dict | None = None, **kw) -> Iterator[Any]:
    for page in iter_pages(client, path, key, params, **kw):
        yield from page.items


def list_items(client: Client, path: str, key: str, params: dict | None, request: PageRequest) -> Page:
    """One page as tw requests it, or every page with --all (total = number of items then)."""
    if request.all:
        items = list(iter_items(client, path, key, params, start=request.start))
        return Page(items, len(items))
    return fetch_page(client, path, key, params, offset=request.start, size=request.size)
