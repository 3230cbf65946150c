"""Pipeline schema routes: /pipeline-schemas (a schema kept as given, for pipelines to point at)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tw_py.sandbox.http import Request, bad_request
from tw_py.sandbox.routing import route

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


@route("POST", "/pipeline-schemas")
def pipeline_schemas_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.checked_body({"content": ("string", 1024 * 1024)}, "content")
    try:
        json.loads(body["content"])
    except ValueError:
        raise bad_request("Invalid pipeline schema: its content is not JSON") from None
    schema = {"id": api.store.number_id(), "workspaceId": ws_id, "content": body["content"]}
    api.store.items("pipelineSchemas").append(schema)
    return {"pipelineSchema": {"id": schema["id"], "content": schema["content"]}}
