"""Typed errors raised by every layer; the root command turns them into `ERROR: ...` and an exit code."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

# Exit codes, documented in README.md and every man page.
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 3          # a --wait / --wait-timeout / runs wait deadline passed
EXIT_PENDING = 4          # apply --check: the Platform differs from the files (changes are pending)
EXIT_INTERRUPTED = 130    # Ctrl-C


class TwpyError(Exception):
    """A failure to report as one `ERROR: <message>` line (plus an optional hint) and exit code."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, hint: str | None = None, exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code


class ConfigError(TwpyError):
    """Bad or missing configuration: URL, token, profile, config file."""


class InputError(TwpyError):
    """A file or value given by the user that cannot be used (missing file, malformed params...)."""


class NotFoundError(TwpyError):
    """A named thing (workspace, pipeline, compute env...) does not exist."""


class ApiError(TwpyError):
    """The server answered with an HTTP error."""

    def __init__(self, message: str, status: int | None = None, hint: str | None = None, body=None):
        super().__init__(message, hint)
        self.status = status
        self.body = body


class AuthError(ApiError):
    """HTTP 401: the token is missing, wrong or expired."""


class ConnectionFailed(TwpyError):
    """The server could not be reached (refused, DNS, TLS, timeout)."""

    #: Whether the request may have reached the server before the failure (a launch must then not be resent).
    request_sent: bool = True
    #: Whether trying again may help (a dropped connection or a timeout; not a TLS failure or an unknown host).
    transient: bool = True


class WaitTimeout(TwpyError):
    """A wait deadline passed before the target state was reached."""

    exit_code = EXIT_TIMEOUT


@contextmanager
def api_error_context(message: str, *, server_text_as_hint: bool = False) -> Iterator[None]:
    """Say what was being done when the API answers with an error: the one way to add context to one.

    The error keeps its class, status and exit code; its message becomes `<message>: <server's message>`, or,
    with `server_text_as_hint`, `<message>` with the server's message as the hint (tw's wording for some
    commands). An AuthError passes unchanged: its own message and hint (log in again) say what to do."""
    try:
        yield
    except AuthError:
        raise
    except ApiError as error:
        if server_text_as_hint:
            error.hint = error.message or error.hint
            error.message = message
        else:
            error.message = f"{message}: {error.message}"
        error.args = (error.message,)
        raise
