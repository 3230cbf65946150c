"""Labels as tw takes them (`name` or `name=value`, comma lists): parse, resolve to ids, create, apply.

Every command with labels (launch, pipelines, runs, compute envs, actions, datasets) goes through here:
`parse_labels` checks the syntax with tw's messages, `find_label_ids` finds each label in the workspace
(walking every page of `GET /labels`, unlike tw which skips the last one), creating missing labels unless
told not to, and `apply_labels` / `manage_labels` attach them to entities.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from tw_py.api.client import expect_field
from tw_py.api.paging import MAX_PAGE_SIZE, Page, PageRequest, fetch_page, iter_pages, list_items
from tw_py.api.paths import api_path
from tw_py.api.suggest import close_names, did_you_mean
from tw_py.errors import InputError, NotFoundError, TwpyError, api_error_context

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace


#: Entity label operations: CLI name -> (endpoint verb, tw's past-tense name shown in the output).
#: tw's label operation -> the API's verb (`POST /{entity}/labels/{verb}`); tw reports the operation's own word.
OPERATIONS = {"set": "apply", "append": "add", "delete": "remove"}
#: API path segment of each labelled entity -> the id list key of its Associate*LabelsRequest.
ENTITY_ID_KEYS = {"workflow": "workflowIds", "pipelines": "pipelineIds", "actions": "actionIds",
                  "datasets": "datasetIds"}

CREATE, FAIL, SKIP = "create", "fail", "skip"


class LabelSyntaxError(InputError):
    """A label that does not follow `name` or `name=value` (a usage error at the CLI)."""


@dataclass(frozen=True)
class Label:
    """A simple label (`name`) or a resource label (`name=value`)."""

    name: str
    value: str | None = None

    @property
    def resource(self) -> bool:
        return self.value is not None

    @property
    def type(self) -> str:
        return "resource" if self.resource else "simple"

    def matches(self, found: dict) -> bool:
        return found.get("name") == self.name and (self.value is None or found.get("value") == self.value)

    def __str__(self) -> str:
        return self.name if self.value is None else f"{self.name}={self.value}"


def parse_label(text: str, *, require_value: bool = False) -> Label:
    """One label, validated as tw's LabelConverter (and ResourceLabelsConverter with `require_value`)."""
    parts = text.split("=")
    if len(parts) > 2:
        raise LabelSyntaxError("Invalid label format")
    key = parts[0]
    if not key.strip():
        raise LabelSyntaxError("Label key cannot be empty")
    if len(parts) == 1:
        if require_value:
            raise LabelSyntaxError("Label value is required")
        return Label(key)
    value = parts[1]
    if not value.strip():
        raise LabelSyntaxError("Label value cannot be empty")
    return Label(key, value)


def parse_labels(text: str | Iterable[str], *, require_value: bool = False) -> list[Label]:
    """A comma-separated list (or several of them) of labels; empty text gives an empty list."""
    texts = [text] if isinstance(text, str) else list(text)
    labels: list[Label] = []
    for chunk in texts:
        items = chunk.split(",")
        while items and items[-1] == "":  # "a,b," as Java's split: trailing empties dropped
            items.pop()
        labels.extend(parse_label(item, require_value=require_value) for item in items)
    return labels


def find_label(client: Client, workspace: Workspace, label: Label) -> dict | None:
    """The workspace's label with this name (and value), walking every page of the search results."""
    params = workspace.params(search=label.name, type=label.type)
    for page in iter_pages(client, "/labels", "labels", params, size=MAX_PAGE_SIZE):
        for found in page.items:
            if label.matches(found):
                return found
    return None


def _close_labels_hint(client: Client, workspace: Workspace, wanted: str) -> str:
    """Close label names (from the first page of the workspace's labels), else how to create or list them."""
    fallback = "Leave out --no-create to create it, or list labels with 'twpy labels list'."
    try:
        names = [found.get("name") for found in fetch_page(client, "/labels", "labels", workspace.params(),
                                                            offset=0, size=MAX_PAGE_SIZE).items]
    except TwpyError:
        return fallback
    return did_you_mean(wanted, names, "twpy labels list") if close_names(wanted, names) else fallback


def create_label(client: Client, workspace: Workspace, label: Label) -> dict:
    body: dict[str, Any] = {"name": label.name}
    if label.resource:
        body.update(value=label.value, resource=True)
    with api_error_context(f"Failed to create label '{label}' in workspace '{workspace.id_or_user}'"):
        created = client.post("/labels", body, params=workspace.params(), idempotent=False)
    expect_field(created, "id", what="the new label")
    return created


def find_label_ids(client: Client, workspace: Workspace, labels: Sequence[Label] | None, *, missing: str = CREATE) -> list[int]:
    """The ids of `labels` in order. Missing labels are created (CREATE), an error (FAIL) or left out (SKIP).
    A label given twice is looked up once."""
    ids: list[int] = []
    seen: dict[Label, int | None] = {}
    for label in labels or ():
        if label not in seen:
            found = find_label(client, workspace, label)
            if found is None:
                if missing == FAIL:
                    raise NotFoundError(f"Label '{label}' does not exists in workspace '{workspace.id_or_user}'",
                                        hint=_close_labels_hint(client, workspace, label.name))
                found = create_label(client, workspace, label) if missing == CREATE else None
            seen[label] = found.get("id") if found else None
        label_id = seen[label]
        if label_id is not None and label_id not in ids:
            ids.append(label_id)
    return ids


def apply_labels(client: Client, workspace: Workspace, entity: str, entity_id: str | int, label_ids: list[int], operation: str = "set") -> None:
    """`POST /{entity}/labels/{apply|add|remove}` for one entity (`entity` is the API path segment)."""
    verb = OPERATIONS[operation]
    key = ENTITY_ID_KEYS[entity]
    ident = int(entity_id) if key == "pipelineIds" else str(entity_id)
    client.post(api_path("/{}/labels/{}", entity, verb), {"labelIds": list(label_ids), key: [ident]},
                params=workspace.params(), idempotent=True)


def manage_labels(client: Client, workspace: Workspace, entity: str, noun: str, entity_id: str | int, labels: Sequence[Label] | None,
                  operation: str = "set", no_create: bool = False) -> dict:
    """Resolve `labels` and set/append/delete them on an entity; returns tw's ManageLabels document.
    Labels to delete that do not exist are ignored; others are created unless `no_create`."""
    missing = SKIP if operation == "delete" else (FAIL if no_create else CREATE)
    ids = find_label_ids(client, workspace, labels, missing=missing)
    apply_labels(client, workspace, entity, entity_id, ids, operation)
    return {"operation": operation, "type": noun, "id": str(entity_id), "workspaceID": workspace.id}


# Label administration (`twpy labels ...`) ----------------------------------------------------------

def list_labels(client: Client, workspace: Workspace, *, label_type: str = "all", search: str | None = None, page: PageRequest | None = None) -> Page:
    """One page (or, with page.all, every page) of the workspace's labels of a type: simple, resource or all."""

    params = workspace.params(type=label_type, search=search or None)
    return list_items(client, "/labels", "labels", params, page or PageRequest())


def add_label(client: Client, workspace: Workspace, name: str, value: str | None) -> dict:
    """`POST /labels`: a resource label when a value is given, a simple one otherwise."""
    body = {"name": name, "value": value, "resource": value is not None}
    created = client.post("/labels", body, params=workspace.params(), idempotent=False)
    expect_field(created, "id", what="the new label")
    return created


def update_label(client: Client, workspace: Workspace, label_id: int, name: str | None, value: str | None) -> dict:
    """`PUT /labels/{id}` with the fields to change."""
    return client.put(api_path("/labels/{}", label_id), {"name": name, "value": value}, params=workspace.params()) or {}


def delete_label(client: Client, workspace: Workspace, label_id: int) -> None:
    with api_error_context(f"Unable to delete label '{label_id}' for workspace '{workspace.id_or_user}'"):
        client.delete(api_path("/labels/{}", label_id), params=workspace.params())
