"""The sandbox's Seqera Platform API dispatcher: matches a request to the handler a resource module declared
(tw_py.sandbox.resources), checks the token, parses the body, and runs the handler under the store's lock."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

from tw_py.sandbox import web
from tw_py.sandbox.http import HttpError, Request, Response, bad_request, multipart_parts, not_found
from tw_py.sandbox.resources import ROUTES
from tw_py.sandbox.resources.common import label_dto
from tw_py.sandbox.storage import ObjectStore
from tw_py.sandbox.store import Store, drop_nulls


class Api:
    """Dispatches one request to its handler under the store's lock, persisting the state after changes."""

    def __init__(self, store: Store, token: str, base_url: str = "http://127.0.0.1"):
        self.store = store
        self.token = token
        self.base_url = base_url   # where the sandbox listens: the URLs it hands out (dataset files, signed URLs)
        self.objects = ObjectStore(base_url)
        self.routes = []
        for method, template, handler in ROUTES:
            names = re.findall(r"\{(\w+)(?::[^}]+)?\}", template)
            regex = re.sub(r"\{\w+(?::([^}]+))?\}", lambda m: "(" + (m.group(1) or "[^/]+") + ")", template)
            pattern = re.compile("^" + regex + "$")
            self.routes.append((method, pattern, names, len(names), handler))

    def handle(self, method: str, path: str, query: str, headers: dict, raw_body: bytes) -> Response:
        try:
            return self._handle(method, path, query, headers, raw_body)
        except HttpError as error:
            return Response(error.status, {"message": error.message})
        except Exception as error:  # noqa: BLE001 - a sandbox bug, or a state file it cannot save: answer, keep serving
            return Response(500, {"message": f"Sandbox internal error: {type(error).__name__}: {error}"})

    def _handle(self, method, path, query, headers, raw_body) -> Response:
        path = path.rstrip("/") or "/"
        with self.store.lock:
            page = web.run_page(self.store, method, path)   # the run's web page, opened in a browser: no token
            if page is None:   # a signed URL of the object store behind data links: its signature, no token
                page = self.objects.serve(self.store, method, path, query, headers, raw_body)
            if page is not None and method != "GET" and page.status < 300:
                self.store.save()
        if page is not None:
            return page
        matches = [r for r in self.routes if r[1].match(path)]
        if not matches:
            raise not_found(f"Resource not found: {path}")
        allowed = [r for r in matches if r[0] == method]
        if not allowed:
            raise HttpError(405, f"Method {method} not allowed for {path}")
        _, pattern, names, _, handler = min(allowed, key=lambda r: r[3])
        if path != "/service-info":
            auth = headers.get("authorization") or ""
            if not auth.startswith("Bearer ") or auth[len("Bearer "):].strip() != self.token:
                raise HttpError(401, "Unauthorized")
        body, files = None, {}
        content_type = headers.get("content-type") or ""
        if raw_body and content_type.startswith("multipart/form-data"):
            files = multipart_parts(raw_body, content_type)
        elif raw_body:
            try:
                body = json.loads(raw_body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise bad_request("Invalid JSON request body") from None
            except RecursionError:
                raise bad_request("JSON request body nested too deeply") from None
        request = Request(method, path, parse_qs(query, keep_blank_values=True), body,
                          dict(zip(names, pattern.match(path).groups())), files)
        with self.store.lock:
            changed = self.store.tick()
            result = handler(self, request)
            if method != "GET" or changed:
                self.store.save()
            if result is None or isinstance(result, Response):
                return result or Response(204, None)
            # Copied under the lock: the document may share dicts and lists with the state other threads change.
            return Response(200, drop_nulls(result))

    # Shared lookups ------------------------------------------------------------------------------
    @property
    def user(self) -> dict:
        return self.store.data["user"]

    def workspace(self, request: Request, name: str = "workspaceId"):
        """The `workspaceId` query parameter as a workspace id (None = personal); 403 when not yours."""
        ws_id = request.int_arg(name)
        if ws_id is None:
            return None
        ws = self._workspace(ws_id)
        if ws is None:
            raise HttpError(403, f"Forbidden: workspace '{ws_id}' does not exist or you are not a participant")
        return ws_id

    def _workspace(self, ws_id: int):
        ws = self.store.find("workspaces", "id", ws_id)
        return ws if ws is not None and not ws.get("_left") else None

    def _ws_names(self, ws_id) -> dict:
        if ws_id is None:
            return {}
        ws = self._workspace(ws_id)
        org = self.store.find("orgs", "orgId", ws["orgId"]) if ws else None
        return {"orgId": ws and ws["orgId"], "orgName": org and org["name"], "workspaceId": ws_id,
                "workspaceName": ws and ws["name"]}

    def _in_ws(self, kind: str, key: str, value, ws_id, what: str, ws_text=None) -> dict:
        item = self.store.find(kind, key, value)
        if item is None or item.get("workspaceId") != ws_id or item.get("_deleted"):
            where = "user workspace" if ws_id is None else f"workspace '{ws_id}'"
            raise not_found(f"{what} '{value}' not found at {where}")
        return item

    def numbered_in_ws(self, request: Request, param: str, kind: str, key: str, ws_id, what: str) -> dict:
        """The item of `kind` whose numeric id is the path parameter `param`, in workspace `ws_id` (400, 404)."""
        raw = request.params[param]
        if not raw.isdigit():
            raise bad_request(f"Invalid {what.lower()} id '{raw}'")
        return self._in_ws(kind, key, int(raw), ws_id, what)

    def _label_ids(self, ids, ws_id) -> list:
        found = []
        for label_id in ids or []:
            label = self.store.find("labels", "id", label_id)
            if label is None or label["workspaceId"] != ws_id:
                raise bad_request(f"Label '{label_id}' not found")
            found.append(label_id)
        return found

    def _labels(self, ids) -> list:
        out = []
        for label_id in ids or []:
            label = self.store.find("labels", "id", label_id)
            if label is not None:
                out.append(label_dto(label))
        return out

    def _live_ces(self, ws_id) -> list:
        return [c for c in self.store.items("computeEnvs") if c["workspaceId"] == ws_id and not c.get("_deleted")]
