"""One HTTP session per invocation: auth, user agent, timeouts, retries, error decoding, verbose logs."""
from __future__ import annotations

import contextlib
import json
import random
import re
import socket
import sys
import threading
import time
from email.utils import parsedate_to_datetime
from typing import Any, Callable, TextIO
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import HTTPError as TransportError

from tw_py import __version__
from tw_py.api.paths import check_path
from tw_py.data import drop_nulls
from tw_py.errors import ApiError, AuthError, ConnectionFailed, TwpyError

RETRY_STATUSES = {429, 502, 503, 504}
IDEMPOTENT = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}
UNAUTHORIZED = "Unauthorized. Check your access token, workspace id and tower server url."
LOG_BODY_LIMIT = 50_000
MAX_REDIRECTS = 5
#: JSON fields whose values never appear in verbose logs, whoever sent them (a server may echo secrets).
SECRET_FIELDS = frozenset({"password", "secretKey", "token", "privateKey", "clientSecret", "batchKey", "storageKey",
                           "passphrase", "accessToken", "refreshToken", "certificate", "webhookSecret",
                           "private_key", "secret_key", "client_secret", "access_token", "refresh_token", "apiKey",
                           "api_key", "accessKey", "secretAccessKey", "sessionToken", "keyFile", "jsonKey"})
#: What OpenSSL says when an https request reaches a plain-http port.
PLAIN_HTTP_MARKS = ("WRONG_VERSION_NUMBER", "wrong version number", "record layer failure", "http request",
                    "UNKNOWN_PROTOCOL", "unknown protocol", "packet length too long")
#: Secrets shorter than this are redacted only as whole words.
SHORT_SECRET = 6


class Client:
    """HTTP client for one base URL and token. Methods return parsed JSON (None for empty bodies)."""

    def __init__(self, base_url: str, token: str | None, *, verify: bool | str = True,
                 timeout: tuple[float, float] = (10.0, 60.0), retries: int = 3,
                 backoff: float = 0.5, max_backoff: float = 30.0, deadline: float | None = None,
                 log: TextIO | None = None, sleep: Callable[[float], None] = time.sleep,
                 notify: Callable[[str], None] | None = None, notify_after: float = 5.0,
                 status: Callable[[str], None] | None = None):
        self.base_url = base_url.rstrip("/")  # 'https://host/api/' must not give '//path' (tw does)
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.log = log
        self.sleep = sleep
        self.deadline = deadline
        self.notify = notify
        self.notify_after = notify_after
        #: A one-line "what I am doing" for long work (pages of --all); "" clears it. None: nobody is watching.
        self.status = status
        self.request_count = 0
        self._secrets: set[str] = set()
        self.session = requests.Session()
        self.session.verify = verify
        self.session.headers.update({
            "User-Agent": f"twpy/{__version__} (python {sys.version_info.major}.{sys.version_info.minor})",
            "Accept": "application/json",
        })
        if token is not None:
            self.session.headers["Authorization"] = f"Bearer {token}"

    # HTTP-shaped helpers ------------------------------------------------------------------------
    def get(self, path: str, params: dict | None = None, **kw) -> Any:
        return self.request("GET", path, params=params, **kw)

    def post(self, path: str, body: Any = None, params: dict | None = None, **kw) -> Any:
        return self.request("POST", path, params=params, body=body, **kw)

    def put(self, path: str, body: Any = None, params: dict | None = None, **kw) -> Any:
        return self.request("PUT", path, params=params, body=body, **kw)

    def delete(self, path: str, params: dict | None = None, **kw) -> Any:
        return self.request("DELETE", path, params=params, **kw)

    def get_text(self, path: str, params: dict | None = None) -> str:
        """GET a text download (logs, reports)."""
        response = self.send("GET", path, params=params, accept="*/*")
        return response.text

    def get_bytes(self, path: str, params: dict | None = None) -> bytes:
        response = self.send("GET", path, params=params, accept="*/*")
        return response.content

    def request(self, method: str, path: str, *, params: dict | None = None, body: Any = None,
                idempotent: bool | None = None) -> Any:
        response = self.send(method, path, params=params, body=body, idempotent=idempotent)
        return decode_json(response)

    # Core ---------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        """The full URL of an API path; a path that could leave the base path is refused (`check_path`)."""
        return self.base_url + check_path(path)

    def send(self, method: str, path: str, *, params: dict | None = None, body: Any = None,
             idempotent: bool | None = None, accept: str | None = None, headers: dict | None = None,
             data: Any = None, raise_for_status: bool = True) -> requests.Response:
        """Send one request with retries; raise a typed error for any failure; return the response.

        `headers` are sent as given; `data` is a body already encoded (sent as is, instead of `body`);
        with `raise_for_status=False` an HTTP error status is returned instead of raised (`twpy api`)."""
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT
        query = {k: _query_value(v) for k, v in (params or {}).items() if v is not None}
        extra_headers, headers = headers, {}
        if data is not None:
            headers["Content-Type"] = "application/json"
        elif body is not None or method in ("POST", "PUT"):
            headers["Content-Type"] = "application/json"
            data = json.dumps(drop_nulls(body) if body is not None else {}, separators=(",", ":"))
        if accept:
            headers["Accept"] = accept
        headers.update(extra_headers or {})
        url = self.url(path)
        self._redirects = 0
        attempt = 0
        started = time.monotonic()
        while True:
            attempt += 1
            self.request_count += 1
            self._log_request(method, url, query, headers, data)
            try:
                with self._still_waiting(method, path):
                    # verify per request: requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE override a session's
                    response = self.session.request(method, url, params=query, data=data, headers=headers,
                                                    timeout=self._timeout(started, method, path), stream=True,
                                                    allow_redirects=False, verify=self.session.verify)
                    self._read_body(response, started, method, path)
            except requests.exceptions.RequestException as exc:
                not_sent = _never_reached_server(exc)
                if attempt <= self.retries and (idempotent or not_sent) and _is_transient(exc):
                    self._pause(attempt, None, f"{method} {path}")
                    continue
                error = _connection_error(exc, self.base_url)
                error.request_sent = not not_sent
                raise error from exc
            self._log_response(response)
            if response.is_redirect:
                url, query = self._follow(method, path, response), {}
                attempt -= 1
                continue
            if response.status_code in RETRY_STATUSES and attempt <= self.retries and idempotent:
                self._pause(attempt, response.headers.get("Retry-After"), f"{method} {path}", response.status_code)
                continue
            if response.status_code >= 400 and raise_for_status:
                raise self.redact_error(decode_error(response))  # a server may echo the request, token included
            return response

    def _timeout(self, started: float, method: str, path: str) -> tuple[float, float]:
        """(connect, read) timeouts for the next attempt, within what is left of the request's deadline."""
        if self.deadline is None:
            return self.timeout
        left = self.deadline - (time.monotonic() - started)
        if left <= 0:
            raise self._too_slow(method, path)
        return (min(self.timeout[0], left), min(self.timeout[1], left))

    def _too_slow(self, method: str, path: str) -> ConnectionFailed:
        host = urlsplit(self.base_url).netloc
        error = ConnectionFailed(f"No complete answer from {host} to {method} {path} within {self.deadline:g}s",
                                 hint="The server is slow or overloaded: try again later, or allow more time with "
                                      "TWPY_REQUEST_TIMEOUT.")
        error.request_sent = True
        return error

    def _read_body(self, response: requests.Response, started: float, method: str, path: str) -> None:
        """Read the answer within the deadline: a server that trickles bytes cannot hold twpy forever (a
        watchdog shuts the socket down when the time is up, which ends the blocked read)."""
        if self.deadline is None:
            _ = response.content
            return
        left = self.deadline - (time.monotonic() - started)
        fired = threading.Event()

        def cut() -> None:
            fired.set()
            sock = getattr(getattr(response.raw, "_connection", None), "sock", None)
            try:
                if sock is not None:
                    sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        watchdog = threading.Timer(max(left, 0.0), cut)
        watchdog.daemon = True
        watchdog.start()
        try:
            _ = response.content
        except (requests.exceptions.RequestException, OSError, ValueError, AttributeError):
            if fired.is_set():
                raise self._too_slow(method, path) from None
            raise
        finally:
            watchdog.cancel()
        if fired.is_set():
            raise self._too_slow(method, path)

    @contextlib.contextmanager
    def _still_waiting(self, method: str, path: str):
        """Say once (console only) what twpy is waiting for when an answer takes more than a few seconds."""
        if self.notify is None:
            yield
            return
        host = urlsplit(self.base_url).netloc
        timer = threading.Timer(self.notify_after, self.notify,
                                [f"still waiting for {host} to answer {method} {path}..."])
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    def _follow(self, method: str, path: str, response: requests.Response) -> str:
        """The next URL of a redirect twpy may follow: a read to the same scheme, host and port, 5 hops at most.

        A write is never redirected (requests would turn a POST into a GET, or resend a body holding secrets to
        another host): the redirect is an error that names the new location."""
        location = urljoin(response.url, response.headers.get("Location", ""))
        here, there = urlsplit(response.url), urlsplit(location)
        same_origin = (here.scheme.lower(), here.netloc.lower()) == (there.scheme.lower(), there.netloc.lower())
        self._redirects += 1
        if method in ("GET", "HEAD") and same_origin and self._redirects <= MAX_REDIRECTS:
            return location
        shown = self.redact(strip_userinfo(location))
        if method not in ("GET", "HEAD"):
            message = (f"The server redirected {method} {path} (HTTP {response.status_code}) to {shown}: "
                       "twpy does not resend a request to another location, so nothing was changed")
        elif not same_origin:
            message = f"The server redirected {method} {path} (HTTP {response.status_code}) to another server: {shown}"
        else:
            message = f"Too many redirects for {method} {path} (last to {shown})"
        raise ApiError(message, status=response.status_code,
                       hint="If the API has moved, use its new URL (-u/--url, TOWER_API_ENDPOINT or the profile's url).")

    def _pause(self, attempt: int, retry_after: str | None, what: str = "", status: int | None = None) -> None:
        """Sleep before a retry: the server's Retry-After (capped at max_backoff), else backoff with jitter. A wait
        of more than a couple of seconds is said (console only), so a quiet terminal is never a mystery."""
        delay = _retry_after_seconds(retry_after)
        if delay is None:
            delay = self.backoff * (2 ** (attempt - 1))
            delay += random.uniform(0, delay / 2)
        delay = min(delay, self.max_backoff)
        if self.notify is not None and delay >= 2:
            reason = f"the server answered HTTP {status}" if status else "the connection failed"
            self.notify(f"{reason} to {what}; retrying in {delay:.0f}s (attempt {attempt + 1} of {self.retries + 1})")
        self.sleep(delay)

    # Verbose logging, token redacted -------------------------------------------------------------
    def add_secret(self, value: str | None) -> None:
        """Never show `value` in verbose logs or errors, like the token, in any escaping it may come back in."""
        if value:
            self._secrets.update(escapings(value))

    def redact(self, text: str) -> str:
        """Replace the token and registered secrets with `***`, also a secret cut short at the end of a log, and
        the query of signed URLs (data-link transfers) with `<signature>`.

        Short values (a one-letter password) are replaced only as whole words, so that they cannot mangle a
        message ('Credentials ... already exists' stays readable)."""
        text = hide_signatures(text)
        forms = set(self._secrets)
        if self.token:
            forms.update(escapings(self.token))
        for form in sorted(forms, key=len, reverse=True):
            if len(form) < SHORT_SECRET:
                text = re.sub(rf"(?<![\w]){re.escape(form)}(?![\w])", "***", text)
                continue
            text = text.replace(form, "***")
            head = form[:12]
            cut = text.rfind(head) if len(form) > 12 else -1
            if cut >= 0 and form.startswith(text[cut:].rstrip("\n")):
                text = text[:cut] + "***\n"
        return text

    def redact_error(self, error: TwpyError, conflict_hint: str | None = None) -> TwpyError:
        """The error with the token and registered secrets blanked out of its message and hint (a server may
        echo a request body), and `conflict_hint` added to a 409 that has no hint."""
        error.message = self.redact(error.message or "")
        error.args = (error.message,)
        if error.hint:
            error.hint = self.redact(error.hint)
        if conflict_hint and getattr(error, "status", None) == 409 and not error.hint:
            error.hint = conflict_hint
        if isinstance(error, ApiError):
            error.body = None
        return error

    def _log_request(self, method, url, query, headers, data) -> None:
        if not self.log:
            return
        from urllib.parse import urlencode

        full = url + ("?" + urlencode(query) if query else "")
        lines = [f"> {method} {full}"]
        merged = dict(self.session.headers)
        merged.update(headers)
        for key, value in merged.items():
            if key.lower() == "authorization":
                value = "Bearer ***"
            lines.append(f"> {key}: {value.decode('latin-1') if isinstance(value, bytes) else value}")
        if isinstance(data, bytes):
            data = data.decode("utf-8", errors="replace")
        if isinstance(data, str) and data:
            lines.append(_mask_secret_fields(data)[:LOG_BODY_LIMIT])
        elif data is not None and hasattr(data, "__len__"):
            lines.append(f"<{len(data)} bytes streamed from a file>")
        self.log.write(self.redact("\n".join(lines)) + "\n")
        self.log.flush()

    def _log_response(self, response: requests.Response) -> None:
        if not self.log:
            return
        lines = [f"< {response.status_code} {response.reason or ''}".rstrip()]
        for key, value in response.headers.items():
            lines.append(f"< {key}: {value}")
        content_type = response.headers.get("Content-Type", "")
        if "json" in content_type:
            lines.append(_mask_secret_fields(response.text)[:LOG_BODY_LIMIT])
        elif content_type.startswith("text/"):
            lines.append(response.text[:LOG_BODY_LIMIT])
        self.log.write(self.redact("\n".join(lines)) + "\n")
        self.log.flush()

    def close(self) -> None:
        self.session.close()


#: A URL with a query, and the query parameters that make it a credential: S3 and GCS signatures, an Azure SAS
#: signature, a GCS resumable session id.
_URL_QUERY = re.compile(r"""(https?://[^\s"'<>?]+)\?([^\s"'<>]*)""")
_SIGNED = re.compile(r"(^|&|\\u0026)(x-amz-signature|x-amz-credential|x-goog-signature|x-goog-credential|sig|"
                     r"signature|upload_id)=", re.I)


def hide_signatures(text: str) -> str:
    """`https://host/path?<signature>` for every signed URL in `text` (the signature is a credential)."""
    return _URL_QUERY.sub(lambda m: f"{m.group(1)}?<signature>" if _SIGNED.search(m.group(2)) else m.group(0), text)


def escapings(value: str) -> set[str]:
    """The forms a secret may take in a log or a message: raw, JSON-escaped (once and twice), repr, URL-encoded."""
    from urllib.parse import quote, quote_plus

    once = json.dumps(value)[1:-1]
    forms = {value, once, json.dumps(value, ensure_ascii=False)[1:-1], json.dumps(once)[1:-1],
             repr(value)[1:-1], quote(value, safe=""), quote_plus(value)}
    return {form for form in forms if form}


def _mask_secret_fields(text: str) -> str:
    """The JSON text with the values of SECRET_FIELDS replaced by `***` (unchanged if it is not JSON)."""
    if not text or len(text) > 5 * LOG_BODY_LIMIT or not any(f'"{name}"' in text for name in SECRET_FIELDS):
        return text
    try:
        document = json.loads(text)
    except ValueError:
        return text

    def mask(value):
        if isinstance(value, dict):
            return {k: ("***" if k in SECRET_FIELDS and v not in (None, "") else mask(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [mask(v) for v in value]
        if isinstance(value, str) and value.lstrip().startswith("{") and any(f in value for f in SECRET_FIELDS):
            try:  # a JSON document inside a string field (a Google key file in `data`)
                return json.dumps(mask(json.loads(value)))
            except (ValueError, RecursionError):
                return value
        return value

    return json.dumps(mask(document), separators=(",", ":"))


def _query_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return value


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


def _never_reached_server(exc: requests.exceptions.RequestException) -> bool:
    """True when the request provably did not reach the server (connect phase failed)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.SSLError):
        return False
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = repr(exc)
        return any(mark in text for mark in ("NewConnectionError", "NameResolutionError",
                                              "Failed to establish a new connection", "Connection refused"))
    return False


def _is_transient(exc: Exception) -> bool:
    """A failure that may pass on its own (a reset, a timeout); not a bad URL, header, certificate, a refused
    connection or an unknown host, which no retry mends (it would only delay the message)."""
    if isinstance(exc, (requests.exceptions.SSLError, requests.exceptions.InvalidURL, requests.exceptions.InvalidHeader,
                        requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema, requests.exceptions.ProxyError)):
        return False
    text = repr(exc)
    return not (_is_dns_failure(exc) or "Connection refused" in text or "[Errno 111]" in text)


def _is_dns_failure(exc: Exception) -> bool:
    text = repr(exc)
    return any(mark in text for mark in ("NameResolutionError", "Name or service not known", "nodename nor servname",
                                         "getaddrinfo failed", "Temporary failure in name resolution"))


def _connection_error(exc: requests.exceptions.RequestException, base_url: str) -> ConnectionFailed:
    host = urlsplit(base_url).netloc or base_url
    text = repr(exc)
    check = "Check the URL (-u/--url, TOWER_API_ENDPOINT or the profile's url) and run 'twpy info'."
    if isinstance(exc, requests.exceptions.SSLError) and any(mark in text for mark in PLAIN_HTTP_MARKS):
        return ConnectionFailed(f"{host} does not speak https on that port (TLS protocol mismatch)",
                                hint="The server may be plain http: check the URL's scheme and port.")
    if isinstance(exc, requests.exceptions.SSLError):
        return ConnectionFailed(
            f"TLS certificate verification failed for {host}",
            hint="If the server uses a private certificate authority, point twpy at its CA bundle: "
                 "'twpy config set ca_bundle /path/to/ca.pem' (or TWPY_CA_BUNDLE / REQUESTS_CA_BUNDLE).")
    if isinstance(exc, requests.exceptions.ProxyError):
        return ConnectionFailed(f"Cannot reach {host} through the proxy", hint="Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY.")
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout)):
        return ConnectionFailed(f"Timed out talking to {host}", hint="The server is slow or unreachable; try again, or " + check[0].lower() + check[1:])
    if _is_dns_failure(exc):
        return ConnectionFailed(f"Cannot resolve host '{urlsplit(base_url).hostname}'", hint=check)
    if "Connection refused" in text or "NewConnectionError" in text:
        return ConnectionFailed(f"Cannot connect to {base_url}: connection refused", hint=check)
    if isinstance(exc, requests.exceptions.InvalidURL) or isinstance(exc, requests.exceptions.MissingSchema) \
            or isinstance(exc, requests.exceptions.InvalidSchema):
        return ConnectionFailed(f"Invalid server URL '{base_url}'", hint="Use a URL like https://api.cloud.seqera.io.")
    return ConnectionFailed(f"Connection error talking to {host}: {type(exc).__name__}", hint=check)


def strip_userinfo(url: str) -> str:
    """The URL without a `user:password@` part (never shown)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()


def expect_field(data: Any, *keys: str, what: str, read: bool = False) -> Any:
    """`data[keys[0]][keys[1]]...` of a success answer; an answer without it is an error, never a `None` printed
    as an id (a proxy answering 200, or a server that did not create anything)."""
    value = data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    if value in (None, ""):
        if read:
            raise ApiError(f"The server's answer to {what} has no {'.'.join(keys)}",
                           hint="Check the URL: a proxy may be answering instead of Seqera Platform.")
        raise ApiError(f"The server's answer to {what} has no {'.'.join(keys)}: it may not have been done",
                       hint="Check the URL (a proxy may be answering) and list what exists before trying again.")
    return value


def decode_json(response: requests.Response) -> Any:
    """Parse a successful response; an HTML page or other non-JSON body is an error, not a crash."""
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise ApiError(_not_json_message(response), status=response.status_code,
                       hint="A proxy or load balancer may be answering instead of Seqera Platform: check the URL and proxy settings.") from None


def _not_json_message(response: requests.Response) -> str:
    content_type = response.headers.get("Content-Type", "unknown type").split(";")[0]
    return f"Unexpected response from {response.url.split('?')[0]} (HTTP {response.status_code}, {content_type}): expected JSON"


def decode_error(response: requests.Response) -> ApiError:
    """Turn an HTTP error response into a typed error carrying the server's message."""
    status = response.status_code
    body: Any = None
    message = None
    if response.content:
        try:
            body = response.json()
            if isinstance(body, dict):
                message = body.get("message")
        except ValueError:
            body = None
    if status == 401:
        return AuthError(UNAUTHORIZED, status=401,
                         hint="Your token may be expired or revoked: run 'twpy auth login', or set TOWER_ACCESS_TOKEN.")
    if status == 403:
        return ApiError(message or "Forbidden", status=403, body=body,
                        hint="Your token is valid but lacks permission for this workspace or action.")
    if status == 429:
        return ApiError(message or "Too many requests: the server is rate limiting this client", status=429,
                        hint="Wait a minute and try again.")
    if message is None and response.content and body is None:
        return ApiError(_not_json_message(response), status=status,
                        hint="A proxy or load balancer may be answering instead of Seqera Platform: check the URL and proxy settings.")
    if message is None:
        message = f"HTTP {status} {response.reason or ''}".rstrip() + f" from {response.url.split('?')[0]}"
    hint = "The server had a problem; try again later." if status >= 500 else None
    return ApiError(message, status=status, hint=hint, body=body)


# Signed URLs (data-link transfers) ------------------------------------------------------------------

def _no_auth(request):
    """An auth hook that adds nothing: stops requests from picking credentials out of ~/.netrc for a host."""
    return request


def signed_url_shown(url: str) -> str:
    """A signed URL as it may be shown or logged: scheme, host and path; the query (the signature) never."""
    parts = urlsplit(strip_userinfo(url))
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


class SignedUrls:
    """Requests to the signed URLs Seqera hands out for data-link transfers (S3, Google Cloud Storage, Azure Blob).

    Those are third-party hosts: a session of its own that never carries the Seqera token (nor ~/.netrc
    credentials), verifies TLS (the system's authorities, or REQUESTS_CA_BUNDLE; never switched off), accepts
    plain http only with --insecure, and never shows or logs the signature in the URL's query."""

    def __init__(self, *, allow_http: bool = False, timeout: tuple[float, float] = (10.0, 60.0),
                 log: TextIO | None = None):
        self.allow_http = allow_http
        self.timeout = timeout
        self.log = log
        self.session = requests.Session()
        self.session.auth = _no_auth
        self.session.max_redirects = MAX_REDIRECTS
        self.session.headers.update({
            "User-Agent": f"twpy/{__version__} (python {sys.version_info.major}.{sys.version_info.minor})"})
        self.session.headers.pop("Authorization", None)

    def send(self, method: str, url: str, *, data=None, headers: dict | None = None,
             stream: bool = False) -> requests.Response:
        """One request; a connection failure is a ConnectionFailed (`transient` says whether a retry may help).
        HTTP error statuses are returned: each storage protocol reads its own answers. Only a GET follows
        redirects (a streamed upload body cannot be sent twice)."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname or (scheme == "http" and not self.allow_http):
            raise ApiError(f"The server handed out a transfer URL that twpy will not use: {signed_url_shown(url)}",
                           hint="Transfers go over https only (plain http needs --insecure, for a server you trust).")
        if self.log:
            self.log.write(f"> {method} {signed_url_shown(url)}{'?<signature>' if parts.query else ''}\n")
            self.log.flush()
        try:
            response = self.session.request(method, url, data=data, headers=headers or {}, timeout=self.timeout,
                                            stream=stream, allow_redirects=method == "GET", verify=True)
        except requests.exceptions.RequestException as exc:
            raise self._failure(exc, method, url) from None
        if self.log:
            self.log.write(f"< {response.status_code} {response.reason or ''}".rstrip() + "\n")
            self.log.flush()
        return response

    def chunks(self, response: requests.Response, size: int):
        """The body of a streamed answer as stored (no gzip decoding), `size` bytes at a time; a connection lost
        in the middle is a transient ConnectionFailed."""
        try:
            yield from response.raw.stream(size, decode_content=False)
        except (requests.exceptions.RequestException, TransportError, OSError, ValueError) as exc:
            raise self._failure(exc, "GET", response.url, midway=True) from None

    @staticmethod
    def _failure(exc: Exception, method: str, url: str, midway: bool = False) -> ConnectionFailed:
        host = urlsplit(url).netloc
        if isinstance(exc, requests.exceptions.SSLError):
            error = ConnectionFailed(f"TLS certificate verification failed for {host}",
                                     hint="Behind a TLS-inspecting proxy, point REQUESTS_CA_BUNDLE at its CA bundle.")
            error.transient = False
            return error
        if isinstance(exc, requests.exceptions.TooManyRedirects):
            error = ConnectionFailed(f"Too many redirects from {host}")
            error.transient = False
            return error
        what = "was lost during" if midway else "failed for"
        error = ConnectionFailed(f"The connection to {host} {what} {method} {signed_url_shown(url)} "
                                 f"({type(exc).__name__})", hint="Check your network connection and try again.")
        error.transient = midway or not (_is_dns_failure(exc) or "Connection refused" in repr(exc) or isinstance(exc, (
            requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema,
            requests.exceptions.InvalidHeader, requests.exceptions.ProxyError)))
        return error

    def close(self) -> None:
        self.session.close()
