"""The one web page the sandbox serves: a run's page, at the URL twpy prints after a launch
(`/orgs/<org>/workspaces/<workspace>/watch/<id>` or `/user/<name>/watch/<id>`), so that link is not a 404."""
from __future__ import annotations

import html
import re

from tw_py.sandbox import simulate
from tw_py.sandbox.http import Response

RUN_PAGE = re.compile(r"^/(?:orgs/[^/]+/workspaces/[^/]+|user/[^/]+)/watch/([A-Za-z0-9]{1,64})$")


def run_page(store, method: str, path: str) -> Response | None:
    """The run's page for a GET of its web URL; None for any other request (the API handles it)."""
    match = RUN_PAGE.match(path) if method in ("GET", "HEAD") else None
    if match is None:
        return None
    run = store.find("workflows", "id", match.group(1))
    if run is None:
        return Response(404, _page("Run not found", "<p>No run with this id in the sandbox.</p>"), "text/html")
    state = simulate.snapshot(run, store.now())
    rows = [("Run", run["runName"]), ("Id", run["id"]), ("Status", state.status),
            ("Pipeline", run.get("repository") or run.get("projectName")), ("Work directory", run["workDir"]),
            ("Tasks", str(len(state.tasks)))]
    table = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    body = (f"<table>{table}</table><p>This is the twpy sandbox: follow the run with "
            f"<code>twpy runs view -i {html.escape(run['id'])}</code> or <code>twpy runs watch -i "
            f"{html.escape(run['id'])}</code>.</p>")
    return Response(200, _page(f"{run['runName']} ({state.status})", body), "text/html")


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>\n")
