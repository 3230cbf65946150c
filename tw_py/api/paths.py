"""Build every API path from a template and untrusted segments: each segment is checked and percent-encoded.

An id or name that a user or a server hands twpy is data, never part of a path: `api_path("/workflow/{}", run_id)`
turns `../user-info` or `x?workspaceId=1` into a refusal before anything is sent, and any other odd character into
a percent-encoded one that the server sees as part of the segment.
"""
from __future__ import annotations

import re
from urllib.parse import quote, unquote

from tw_py.errors import InputError

#: Characters no Seqera id or name segment contains: separators, query/fragment marks, controls and white space.
_FORBIDDEN = re.compile(r"[/\\?#%\x00-\x20\x7f]")


#: Characters no storage path (object key) contains: controls only (keys may hold spaces, `%`, `?`, `#`...).
_KEY_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]")


class Key(str):
    """A path inside a bucket (`data/sample 1.fq`) given as ONE path segment of an API path, as tw's Java client
    sends it: every character but letters, digits and `-._~` percent-encoded, `/` included (`data%2Fsample%201.fq`).
    Empty keys, control characters and `.`/`..` components are refused."""


def path_segment(value: object, what: str = "id") -> str:
    """One path segment, percent-encoded; refuses what cannot be an id (empty, `.`/`..`, slashes, `?`, `#`,
    `%`, white space, control characters) with an InputError naming `what`. A `Key` may hold slashes."""
    text = str(value)
    if isinstance(value, Key):
        if not text.strip("/") or _KEY_FORBIDDEN.search(text) or \
                any(part in (".", "..") for part in text.split("/")):
            raise InputError(f"Invalid {what} '{_printable(text)}'",
                             hint=f"A {what} is relative to the data link's root, like data/reads; it cannot be "
                                  "empty, contain control characters, or '.'/'..' components.")
        return quote(text, safe="")
    if text in ("", ".", "..") or _FORBIDDEN.search(text):
        raise InputError(f"Invalid {what} '{_printable(text)}'",
                         hint=f"A {what} is a single word of letters, digits, '-' or '_'; check the value given.")
    return quote(text, safe="")


def api_path(template: str, *segments: object, what: str = "id") -> str:
    """`template` with each `{}` replaced by the next segment, checked and encoded by `path_segment`.

    >>> api_path("/workflow/{}/tasks", "4Bz2")
    '/workflow/4Bz2/tasks'
    """
    parts = template.split("{}")
    if len(parts) != len(segments) + 1:
        raise ValueError(f"api_path: {template!r} takes {len(parts) - 1} segments, got {len(segments)}")
    out = [parts[0]]
    for segment, rest in zip(segments, parts[1:]):
        out.append(path_segment(segment, what))
        out.append(rest)
    return "".join(out)


def check_path(path: str) -> str:
    """Refuse an API path that could leave the base path or smuggle a query: the last guard before a request.

    A path starts with `/`, holds no `?`, `#`, white space or control characters, and no segment that is (or
    decodes to) `.` or `..` (URL libraries resolve those, which would climb above the API's base path)."""
    if not path.startswith("/") or re.search(r"[?#\x00-\x20\x7f]", path) or \
            any(unquote(segment) in (".", "..") for segment in path.split("/")):
        raise InputError(f"Invalid API path '{_printable(path)}'",
                         hint="A path is relative to the API's base URL, like /workflow/abc123; it cannot "
                              "contain '..', '?' or '#' (give query parameters separately).")
    return path


def _printable(text: str, limit: int = 60) -> str:
    shown = "".join(c if c.isprintable() else "?" for c in text)
    return shown if len(shown) <= limit else shown[:limit] + "..."
