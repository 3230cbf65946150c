"""twpy labels: list, add, update and delete the labels of a workspace."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import filter_option, id_option, pagination_options, workspace_option
from tw_py.output.tables import Column

COLUMNS = (Column("id", "ID"), Column("name", "Name"), Column("value", "Value"),
           Column(lambda label: "Resource" if label.get("resource") else "Normal", "Type"))


@click.group("labels")
def group():
    """Manage workspace labels."""


def _at(workspace: str | int | None) -> str:
    """tw's ` at '<workspace>' workspace` fragment (empty in the personal workspace)."""
    return f" at '{workspace}' workspace" if workspace else ""


@group.command("list")
@workspace_option
@click.option("-t", "--type", "label_type", type=click.Choice(("simple", "resource", "all"), case_sensitive=False),
              default="all", show_default=True, help="Label type.")
@filter_option("Only labels whose name contains this text.")
@pagination_options
@pass_app
def list_cmd(app, workspace, label_type, search, page):
    """List the labels of a workspace.

    \b
    Examples:
      twpy labels list -w acme/showcase
      twpy labels list -t resource -f team --all
      twpy -o json labels list -w acme/showcase | jq -r '.labels[].name'
    """
    from tw_py.api import labels
    from tw_py.output import views

    ws = app.workspace(workspace)
    found = labels.list_labels(app.client, ws, label_type=label_type.lower(), search=search, page=page)
    app.remember_names("labels", ws, found.items,
                   replace=page.first and not search and label_type.lower() == "all")
    title = "Labels in user workspace" if ws.personal else f"Labels at {ws.id} workspace"
    app.emit({"workspaceId": ws.id, "labels": found.items, "labelType": label_type.lower()},
             lambda: views.listing(title, found.items, COLUMNS, empty="No labels found", footer=page.footer(found.total)))


@group.command("add")
@click.option("-n", "--name", required=True, metavar="<name>", help="Label name.")
@click.option("-v", "--value", metavar="<value>", help="Label value (makes it a resource label).")
@workspace_option
@pass_app
def add_cmd(app, name, value, workspace):
    """Add a label (a resource label when it has a value).

    \b
    Examples:
      twpy labels add -n urgent -w acme/showcase
      twpy labels add -n team -v genomics -w acme/showcase
    """
    from tw_py.api import labels

    ws = app.workspace(workspace)
    created = labels.add_label(app.client, ws, name, value)
    shown = f"{name}={value}" if value is not None else name
    ref = workspace or app.settings.workspace
    app.emit({"id": created.get("id"), "name": created.get("name", name), "isResource": value is not None,
              "value": value, "workspacRef": ref},  # sic: tw's key is spelled 'workspacRef'
             f"\n Label '{shown}' added{_at(ref)} with id '{created.get('id')}'\n")


@group.command("update")
@id_option("label_id", "Label")
@click.option("-n", "--name", metavar="<name>", help="New label name.")
@click.option("-v", "--value", metavar="<value>", help="New label value.")
@workspace_option
@pass_app
def update_cmd(app, label_id, name, value, workspace):
    """Update a label's name or value.

    \b
    Examples:
      twpy labels update -i 12 -n team -w acme/showcase
      twpy labels update -i 13 -v proteomics -w acme/showcase
    """
    from tw_py.api import labels

    if name is None and value is None:
        raise click.UsageError("Required at least one option to update: --name or --value")
    ws = app.workspace(workspace)
    updated = labels.update_label(app.client, ws, label_id, name, value)
    new_name, new_value = updated.get("name", name), updated.get("value", value)
    shown = f"{new_name}={new_value}" if new_value else str(new_name)
    ref = workspace or app.settings.workspace
    app.emit({"id": label_id, "name": new_name, "value": new_value, "workspaceRef": ref},
             f"\n Label with id '{label_id}'{_at(ref)} updated to '{shown}'\n")


@group.command("delete")
@id_option("label_id", "Label")
@workspace_option
@pass_app
def delete_cmd(app, label_id, workspace):
    """Delete a label.

    \b
    Examples:
      twpy labels delete -i 12 -w acme/showcase
    """
    from tw_py.api import labels
    from tw_py.output import views

    ws = app.workspace(workspace)
    labels.delete_label(app.client, ws, label_id)
    # tw names the workspace by its id here (DeleteLabelsResponse), not as given with -w
    app.emit({"labelId": label_id, "workspaceId": ws.id},
             views.message(f"Label '{label_id}' deleted{_at(ws.id)} "))
