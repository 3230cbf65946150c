"""The web pages the sandbox serves: a run's page, at the URL twpy prints after a launch, and a studio's page
(`.../studios/<id>/connect`, printed by `studios start`). The run page is at
(`/orgs/<org>/workspaces/<workspace>/watch/<id>` or `/user/<name>/watch/<id>`), so that link is not a 404."""
from __future__ import annotations

import html
import re

from tw_py.sandbox import simulate
from tw_py.sandbox.http import Response

RUN_PAGE = re.compile(r"^/(?:orgs/[^/]+/workspaces/[^/]+|user/[^/]+)/(?:watch|studios)/([A-Za-z0-9]{1,64})(/connect)?$")


def run_page(store, method: str, path: str) -> Response | None:
    """The run's page for a GET of its web URL; None for any other request (the API handles it)."""
    match = RUN_PAGE.match(path) if method in ("GET", "HEAD") else None
    if match is None:
        return None
    if match.group(2) or "/studios/" in path:
        return _studio_page(store, match.group(1))
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


def _studio_page(store, session_id: str) -> Response:
    """What `studios start` sends the user to: a page naming the studio (the sandbox runs no real tool)."""
    studio = store.find("studios", "sessionId", session_id)
    if studio is None:
        return Response(404, _page("Studio not found", "<p>No studio with this session id in the sandbox.</p>"),
                        "text/html")
    body = (f"<p>Studio <b>{html.escape(studio['name'])}</b> ({html.escape(studio['template'])}).</p>"
            "<p>This is the twpy sandbox: no tool runs here. Stop the studio with <code>twpy studios stop -i "
            f"{html.escape(session_id)}</code>.</p>")
    return Response(200, _page(f"Studio {studio['name']}", body), "text/html")


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>\n")
