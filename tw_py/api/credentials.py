"""Workspace credentials: list, look up by id or name, create, update, delete, validate.

The lookups are shared with `compute-envs add -c` and `data-links -c` (tw's `credentialsByRef` and
`findWorkspaceCredentials`); the request bodies are built by the command layer from its provider table.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tw_py.api.client import expect_field
from tw_py.api.paths import api_path
from tw_py.api.refs import Ref
from tw_py.api.suggest import close_names, did_you_mean
from tw_py.errors import ApiError, NotFoundError, TwpyError

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace


NO_VALID = "No valid credentials found at the workspace"
MULTIPLE = ("Multiple credentials match this compute environment. "
            "Please provide the credentials identifier that you want to use")
#: `keys` fields holding secrets (the spec's writeOnly ones, plus GitHub/Gitea/CodeCommit tokens): never logged.
SECRET_FIELDS = frozenset({"secretKey", "data", "password", "token", "passphrase", "privateKey", "batchKey",
                           "storageKey", "clientSecret", "webhookSecret"})
#: `keys` fields safe to print (the spec's *SecurityKeys fields that name or locate, never authenticate). Anything
#: else a server returns in `keys` (secrets, GitHub/Gitea tokens, unknown future fields) is left out of every output.
PUBLIC_KEY_FIELDS = ("discriminator", "mode", "accessKey", "assumeRoleArn", "externalId", "username", "userName",
                     "registry", "batchName", "storageName", "tenantId", "clientId", "subscriptionId", "connectionId",
                     "workDir", "shared", "serviceAccountEmail", "workloadIdentityProvider", "tokenAudience", "appId",
                     "slug", "pathStyleAccessEnabled")


def list_credentials(client: Client, workspace: Workspace, platform_id: str | None = None) -> list[dict]:
    """`GET /credentials?workspaceId&platformId`: the workspace's credentials (optionally for one platform)."""
    found = client.get("/credentials", params=workspace.params(platformId=platform_id)) or {}
    return [public(entry) for entry in found.get("credentials") or [] if isinstance(entry, dict)]


def public(entry: dict) -> dict:
    """A Credentials object with only the printable `keys` fields (a server may echo secrets: never show them)."""
    keys = entry.get("keys")
    if not isinstance(keys, dict):
        return entry
    return {**entry, "keys": {k: v for k, v in keys.items() if k in PUBLIC_KEY_FIELDS}}


def _label(entry: dict) -> str:
    return f"{entry.get('name')} ({entry.get('id')})"


def _available_hint(entries: list[dict], platform_id: str | None) -> str:
    scope = f" for platform '{platform_id}'" if platform_id else ""
    if not entries:
        return (f"There are no credentials{scope} in this workspace: add some with 'twpy credentials add "
                "<provider>'.")
    names = ", ".join(sorted(_label(e) for e in entries))
    return f"Credentials available{scope}: {names}."


def find_credentials(client: Client, workspace: Workspace, ref: str, platform_id: str | None = None) -> dict:
    """tw's `credentialsByRef`: the credentials whose id, else whose name, equals `ref` (one list request)."""
    entries = list_credentials(client, workspace, platform_id)
    ref = str(ref)
    for key in ("id", "name"):
        for entry in entries:
            if entry.get(key) == ref:
                return entry
    raise NotFoundError(NO_VALID, hint=f"No credentials have the id or name '{ref}'. "
                        + _available_hint(entries, platform_id))


def single_for_platform(client: Client, workspace: Workspace, platform_id: str) -> dict:
    """tw's `findWorkspaceCredentials`: the one credential for this platform, or an error naming the candidates."""
    entries = list_credentials(client, workspace, platform_id)
    if len(entries) == 1:
        return entries[0]
    if not entries:
        raise NotFoundError(NO_VALID, hint=_available_hint(entries, platform_id))
    names = ", ".join(sorted(_label(e) for e in entries))
    raise NotFoundError(MULTIPLE, hint=f"Choose one with -c/--credentials <name or id>: {names}.")


def find_by_name(client: Client, workspace: Workspace, name: str) -> dict:
    """Credentials by exact name (the credentials commands' `-n`), else `Credentials '<name>' not found ...`."""
    entries = list_credentials(client, workspace)
    for entry in entries:
        if entry.get("name") == name:
            return entry
    names = [e.get("name") for e in entries]
    raise NotFoundError(f"Credentials '{name}' not found at {workspace.id_or_user} workspace",
                        hint=did_you_mean(name, names, "twpy credentials list") if close_names(name, names)
                        else _available_hint(entries, None))


def describe(client: Client, workspace: Workspace, credentials_id: str) -> dict:
    """`GET /credentials/{id}`: `{"credentials": {...}, "setupSnippet"?: "..."}` (only printable `keys`)."""
    found = client.get(api_path("/credentials/{}", credentials_id, what="credentials id"), params=workspace.params()) or {}
    if isinstance(found.get("credentials"), dict):
        found["credentials"] = public(found["credentials"])
    return found


def find(client: Client, workspace: Workspace, ref: Ref) -> dict:
    """The credentials given by id (one GET) or by name (one list request); returns the Credentials object."""
    if ref.id is None:
        return find_by_name(client, workspace, ref.required_name)
    try:
        found = describe(client, workspace, ref.id).get("credentials")
    except ApiError as error:
        if error.status not in (403, 404):
            raise
        found = None
    if not found:
        raise NotFoundError(f"Credentials '{ref.id}' not found at {workspace.id_or_user} workspace",
                            hint="List them with 'twpy credentials list'.")
    return found


def remove_named(client: Client, workspace: Workspace, name: str) -> str | None:
    """Delete the credentials called `name` if there are any (`add --overwrite`); returns the deleted id."""
    for entry in list_credentials(client, workspace):
        if entry.get("name") == name:
            delete(client, workspace, entry["id"])
            return entry["id"]
    return None


def create(client: Client, workspace: Workspace, credentials: dict, use_external_id: bool = False) -> str:
    """`POST /credentials`; returns the new credentials id. Secret key values are kept out of verbose logs."""
    protect_secrets(client, credentials)
    try:
        created = client.post("/credentials", {"credentials": credentials},
                              params=workspace.params(useExternalId=use_external_id), idempotent=False) or {}
    except TwpyError as error:
        raise client.redact_error(error, conflict_hint="Add --overwrite to replace them.") from None
    return expect_field(created, "credentialsId", what="the new credentials")


def update(client: Client, workspace: Workspace, credentials_id: str, credentials: dict, use_external_id: bool = False) -> None:
    """`PUT /credentials/{id}` with the full credentials object (name, provider, keys...)."""
    protect_secrets(client, credentials)
    try:
        client.put(api_path("/credentials/{}", credentials_id, what="credentials id"), {"credentials": credentials},
                   params=workspace.params(useExternalId=use_external_id))
    except TwpyError as error:
        raise client.redact_error(error) from None


def delete(client: Client, workspace: Workspace, credentials_id: str) -> None:
    """`DELETE /credentials/{id}?checked=false` (as tw: no conflict check)."""
    client.delete(api_path("/credentials/{}", credentials_id, what="credentials id"), params=workspace.params(checked=False))


def validate(client: Client, workspace: Workspace, credentials_id: str, force: bool = False) -> dict[str, Any]:
    """`POST /credentials/{id}/validate`: `{"status", "transientError", "message"?}`."""
    return client.post(api_path("/credentials/{}/validate", credentials_id, what="credentials id"), None,
                       params=workspace.params(force=force), idempotent=True) or {}


# Keeping secrets out of `--verbose` HTTP logs -------------------------------------------------------
def secret_values(credentials: dict) -> list[str]:
    """The secret strings of a credentials object's `keys`."""
    keys = credentials.get("keys") or {}
    return [v for k, v in keys.items() if k in SECRET_FIELDS and isinstance(v, str) and v]


def protect_secrets(client: Client, credentials: dict) -> None:
    """Register the credentials' secret values with the client so its verbose log never shows them."""
    for value in secret_values(credentials):
        client.add_secret(value)
