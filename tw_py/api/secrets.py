"""Pipeline secrets (`/pipeline-secrets`): list, look up by id or name, create, update, delete.

A secret's value only ever travels in a request body: it is registered with the client first, so verbose logs
show `***`, and error messages (a server may echo the body) are redacted before they are raised.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.api.client import expect_field
from tw_py.api.paths import api_path
from tw_py.api.refs import Ref
from tw_py.errors import ApiError, NotFoundError, TwpyError

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace



def list_secrets(client: Client, workspace: Workspace) -> list[dict]:
    """`GET /pipeline-secrets?workspaceId`: the workspace's secrets (404: tw's `Workspace '<id>' not found`)."""
    try:
        found = client.get("/pipeline-secrets", params=workspace.params()) or {}
    except ApiError as error:
        if error.status == 404:
            raise NotFoundError(f"Workspace '{workspace.id_or_user}' not found",
                                hint="List the workspaces you can use with 'twpy workspaces list'.") from None
        raise
    return [entry for entry in found.get("pipelineSecrets") or [] if isinstance(entry, dict)]


def _available_hint(entries: list[dict]) -> str:
    if not entries:
        return "There are no secrets in this workspace: add one with 'twpy secrets add -n <name>'."
    names = ", ".join(sorted(str(e.get("name")) for e in entries))
    return f"Secrets in this workspace: {names}."


def find_by_name(client: Client, workspace: Workspace, name: str, entries: list[dict] | None = None) -> dict:
    """The secret called exactly `name`, else tw's `Unknown secret '<name>' at <ref> workspace`."""
    entries = list_secrets(client, workspace) if entries is None else entries
    for entry in entries:
        if entry.get("name") == name:
            return entry
    raise NotFoundError(f"Unknown secret '{name}' at {workspace.ref} workspace", hint=_available_hint(entries))


def describe(client: Client, workspace: Workspace, secret_id: int) -> dict:
    """`GET /pipeline-secrets/{id}`: the PipelineSecret (no value: the API never returns it)."""
    found = (client.get(api_path("/pipeline-secrets/{}", secret_id, what="secret id"), params=workspace.params()) or {}).get("pipelineSecret")
    if not found:
        raise NotFoundError(f"Secret '{secret_id}' not found at {workspace.ref} workspace",
                            hint="List them with 'twpy secrets list'.")
    return found


def find(client: Client, workspace: Workspace, ref: Ref) -> dict:
    """The secret given by id (one GET) or by name (one list request), as tw's `fetchSecret`."""
    if ref.id is not None:
        return describe(client, workspace, ref.id)
    return find_by_name(client, workspace, ref.required_name)


def create(client: Client, workspace: Workspace, name: str, value: str) -> int | None:
    """`POST /pipeline-secrets` `{"name", "value"}`; returns the new secret id."""
    client.add_secret(value)
    try:
        created = client.post("/pipeline-secrets", {"name": name, "value": value}, params=workspace.params(),
                              idempotent=False) or {}
    except TwpyError as error:
        raise client.redact_error(error, conflict_hint="Add --overwrite to replace it.") from None
    return expect_field(created, "secretId", what="the new secret")


def update(client: Client, workspace: Workspace, secret_id: int, value: str) -> None:
    """`PUT /pipeline-secrets/{id}` `{"value"}`."""
    client.add_secret(value)
    try:
        client.put(api_path("/pipeline-secrets/{}", secret_id, what="secret id"), {"value": value}, params=workspace.params())
    except TwpyError as error:
        raise client.redact_error(error) from None


def delete(client: Client, workspace: Workspace, secret_id: int) -> None:
    """`DELETE /pipeline-secrets/{id}`."""
    client.delete(api_path("/pipeline-secrets/{}", secret_id, what="secret id"), params=workspace.params())


def remove_named(client: Client, workspace: Workspace, name: str) -> dict | None:
    """Delete the secret called `name` if there is one (`add --overwrite`); returns the deleted secret."""
    for entry in list_secrets(client, workspace):
        if entry.get("name") == name:
            delete(client, workspace, entry["id"])
            return entry
    return None
