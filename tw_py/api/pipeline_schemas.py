"""Pipeline schemas (`/pipeline-schemas`): create one from a schema document's text."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.api.client import expect_field

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace



def create(client: Client, workspace: Workspace, content: str) -> dict:
    """`POST /pipeline-schemas?workspaceId` `{"content"}`; returns the PipelineSchemaDbDto (`id`, `content`)."""
    created = client.post("/pipeline-schemas", {"content": content}, params=workspace.params(), idempotent=False) or {}
    return expect_field(created, "pipelineSchema", what="the new pipeline schema")
