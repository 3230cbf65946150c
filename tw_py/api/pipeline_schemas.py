"""Pipeline schemas (`/pipeline-schemas`): create one from a schema document's text."""
from __future__ import annotations

from tw_py.api.client import expect_field


def create(client, workspace, content: str) -> dict:
    """`POST /pipeline-schemas?workspaceId` `{"content"}`; returns the PipelineSchemaDbDto (`id`, `content`)."""
    created = client.post("/pipeline-schemas", {"content": content}, params=workspace.params(), idempotent=False) or {}
    return expect_field(created, "pipelineSchema", what="the new pipeline schema")
