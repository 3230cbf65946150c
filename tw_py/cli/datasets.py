"""twpy datasets: list, add (a streamed CSV/TSV upload), view, versions, update, delete, download, url, hide, show,
labels. `-w` is required (as in tw) on every subcommand but `labels`; titles use the `-w` value as given."""
from __future__ import annotations

import click

from tw_py.cli.context import AppContext, pass_app
from tw_py.cli.label_options import label_subcommand_options
from tw_py.cli.options import _completer, filter_option, pagination_options, ref_options, show_labels_option, workspace_option
from tw_py.output.tables import LABELS_COLUMN, Column

DATASET_REF = ref_options("dataset", complete="datasets")


@click.group("datasets")
def group():
    """Manage datasets."""


def _where(app, workspace: str | None) -> tuple:
    """The resolved workspace (required) and the reference tw prints: the -w value as typed."""
    ws = app.workspace(workspace, required=True)
    return ws, workspace or (str(ws.id) if ws.id is not None else "user")


def _columns(show_hidden: bool, show_labels: bool) -> list:
    from tw_py.output.formats import format_date

    columns = [Column("id", "ID"), Column("name", "Name"), Column(lambda d: format_date(d.get("dateCreated")), "Created")]
    if show_hidden:
        columns.append(Column(lambda d: "yes" if d.get("hidden") else "no", "Hidden"))
    if show_labels:
        columns.append(LABELS_COLUMN)
    return columns


@group.command("list")
@workspace_option(required=True)
@filter_option("Only datasets whose name contains this text.")
@click.option("--show-hidden", is_flag=True, help="Also list hidden datasets.")
@show_labels_option("Show the datasets' labels.")
@pagination_options
@pass_app
def list_cmd(app, workspace, search, show_hidden, show_labels, page):
    """List the datasets of a workspace.

    \b
    Examples:
      twpy datasets list -w acme/showcase
      twpy datasets list -w acme/showcase -f samples --show-hidden -l
      twpy -o json datasets list -w acme/showcase --all | jq -r '.datasetList[].name'
    """
    from tw_py.api import datasets
    from tw_py.output import views

    ws, where = _where(app, workspace)
    found = datasets.list_datasets(app.client, ws, search=search, show_hidden=show_hidden, labels=show_labels,
                                   page=page)
    app.remember_names("datasets", ws, found.items, replace=page.first and not search and show_hidden)
    app.emit({"datasetList": found.items, "workspace": where, "showLabels": show_labels, "showHidden": show_hidden},
             lambda: views.listing(f"Datasets at {where} workspace", found.items, _columns(show_hidden, show_labels),
                                   empty="No datasets found", footer=page.footer(found.total)))


@group.command("add")
@click.option("-n", "--name", required=True, metavar="<name>",
              help="Dataset name: unique in the workspace; letters, digits, '-' and '_'.")
@click.option("-d", "--description", metavar="<description>", help="Dataset description.")
@click.option("--header", is_flag=True, help="Treat the first row as a header.")
@click.argument("filename", metavar="FILENAME", type=click.Path(dir_okay=True))
@workspace_option(required=True)
@click.option("--overwrite", is_flag=True, help="Delete a dataset of the same name first.")
@pass_app
def add_cmd(app, name, description, header, filename, workspace, overwrite):
    """Add a dataset from a CSV or TSV file (uploaded as its first version).

    \b
    Examples:
      twpy datasets add -n samples --header samples.csv -w acme/showcase
      twpy datasets add -n samples -d "RNA-seq samples" --header samples.csv -w acme/showcase --overwrite
    """
    from tw_py.api import datasets
    from tw_py.errors import NotFoundError
    from tw_py.output import views

    datasets.check_upload_file(filename)  # before any request
    ws, where = _where(app, workspace)
    if overwrite:
        try:
            datasets.delete(app.client, ws, datasets.find_by_name(app.client, ws, name)["id"])
        except NotFoundError:
            pass
    created = datasets.create(app.client, ws, name, description)
    datasets.upload(app.client, ws, created["id"], filename, header)
    app.emit({"datasetName": created.get("name"), "workspaceRef": where, "datasetId": created["id"]},
             views.message(f"Dataset '{created.get('name')}' added at {where} workspace with id '{created['id']}'"))


@group.group("view", invoke_without_command=True)
@click.option("-i", "--id", "ref_id", metavar="<id>", help="Dataset unique identifier.")
@click.option("-n", "--name", "ref_name", metavar="<name>", help="Dataset name.", shell_complete=_completer("datasets"))
@workspace_option(required=True)
@click.pass_context
def view_group(ctx, ref_id, ref_name, workspace):
    """View a dataset's details (`view ... versions` lists its versions).

    \b
    Examples:
      twpy datasets view -n samples -w acme/showcase
      twpy datasets view -n samples -w acme/showcase versions
    """
    if ctx.invoked_subcommand is not None:
        return
    from tw_py.output import views
    from tw_py.output.formats import format_date

    app, ws, where, dataset = _view_target(ctx)
    app.emit({"dataset": dataset, "workspace": where},
             lambda: views.details(f"Dataset at {where} workspace:", [
                 ("ID", dataset.get("id")), ("Name", dataset.get("name")), ("Description", dataset.get("description")),
                 ("Media Type", dataset.get("mediaType")), ("Created", format_date(dataset.get("dateCreated"))),
                 ("Updated", format_date(dataset.get("lastUpdated")))]))


def _view_target(ctx) -> tuple:
    from tw_py.api import datasets
    from tw_py.cli.options import Ref

    params = ctx.params if ctx.command.name == "view" else ctx.parent.params
    if (params["ref_id"] is None) == (params["ref_name"] is None):
        raise click.UsageError("Specify exactly one of -i/--id or -n/--name", ctx=ctx)
    app = ctx.find_object(AppContext)
    ws, where = _where(app, params["workspace"])
    return app, ws, where, datasets.find(app.client, ws, Ref(params["ref_id"], params["ref_name"]))


@view_group.command("versions")
@click.pass_context
def versions_cmd(ctx):
    """List a dataset's versions.

    \b
    Examples:
      twpy datasets view -n samples -w acme/showcase versions
    """
    from tw_py.api import datasets
    from tw_py.output import views

    app, ws, where, dataset = _view_target(ctx)
    found = datasets.versions(app.client, ws, dataset["id"], dataset.get("mediaType"))
    ref = ctx.parent.params["ref_name"] or ctx.parent.params["ref_id"]
    columns = [Column("version", "Version"), Column(lambda v: str(v.get("hasHeader")).lower(), "Has Header"),
               Column("mediaType", "Media Type"), Column("fileName", "File Name"), Column("url", "URL")]
    app.emit({"versions": found, "dataset": ref, "workspace": where},
             lambda: views.listing(f"Datasets versions for dataset {ref} at {where} workspace", found, columns,
                                   empty="No versions found"))


@group.command("update")
@DATASET_REF
@click.option("--new-name", metavar="<name>", help="The dataset's new name.")
@click.option("-d", "--description", metavar="<description>", help="The dataset's new description.")
@click.option("--header", is_flag=True, help="Treat the first row of the new file as a header.")
@click.option("-f", "--file", "filename", metavar="<file>", help="A data file to upload as a new version.")
@workspace_option(required=True)
@pass_app
def update_cmd(app, ref, new_name, description, header, filename, workspace):
    """Update a dataset's name or description, or upload a new version of its file.

    \b
    Examples:
      twpy datasets update -n samples --new-name samples_v2 -w acme/showcase
      twpy datasets update -n samples -f samples.csv --header -w acme/showcase
    """
    from tw_py.api import datasets
    from tw_py.errors import InputError
    from tw_py.output import views

    if header and filename is None:
        raise InputError("Please provide a new file version to upload or remove the --header option")
    if filename is not None:
        datasets.check_upload_file(filename)
    ws, where = _where(app, workspace)
    dataset = datasets.find(app.client, ws, ref)
    datasets.update(app.client, ws, dataset["id"], new_name or dataset.get("name"),
                    description if description is not None else dataset.get("description"))
    if filename is not None:
        datasets.upload(app.client, ws, dataset["id"], filename, header)
    app.emit({"datasetName": dataset.get("name"), "workspaceRef": where, "datasetId": dataset["id"]},
             views.message(f"Dataset '{dataset.get('name')}' updated at {where} workspace with id '{dataset['id']}'"))


@group.command("delete")
@DATASET_REF
@workspace_option(required=True)
@pass_app
def delete_cmd(app, ref, workspace):
    """Delete a dataset.

    \b
    Examples:
      twpy datasets delete -n samples -w acme/showcase
    """
    from tw_py.api import datasets
    from tw_py.output import views

    ws, where = _where(app, workspace)
    dataset_id = ref.id if ref.id is not None else datasets.find_by_name(app.client, ws, ref.name)["id"]
    datasets.delete(app.client, ws, dataset_id)
    app.emit({"datasetRef": str(ref), "workspaceRef": where},
             views.message(f"Dataset '{ref}' deleted at {where} workspace"))


def _version(app, ws, ref, version):
    from tw_py.api import datasets

    dataset = datasets.find(app.client, ws, ref)
    found = datasets.versions(app.client, ws, dataset["id"], dataset.get("mediaType"))
    return dataset, datasets.pick_version(found, dataset["id"], version)


@group.command("download")
@DATASET_REF
@click.option("--dataset-version", "version", type=int, metavar="<version>", help="The version to download [default: the latest].")
@click.option("-o", "--output", "output_file", metavar="<file>",
              help="Write the file here (atomically) instead of printing it (twpy extension).")
@workspace_option(required=True)
@pass_app
def download_cmd(app, ref, version, output_file, workspace):
    """Download a dataset version's file: printed, or written with -o FILE.

    \b
    Examples:
      twpy datasets download -n samples -w acme/showcase > samples.csv
      twpy datasets download -n samples --dataset-version 2 -o samples_v2.csv -w acme/showcase
    """
    from tw_py.api import datasets
    from tw_py.files import write_atomically
    from tw_py.output import views

    ws, _ = _where(app, workspace)
    dataset, picked = _version(app, ws, ref, version)
    content = datasets.download(app.client, ws, dataset["id"], picked)
    file_name = picked.get("fileName") or f"{dataset.get('name')}.csv"
    if output_file:
        write_atomically(output_file, content)
        app.emit({"fileName": file_name, "path": output_file, "bytes": len(content)},
                 views.message(f"Dataset '{ref}' version {picked.get('version')} written to {output_file}"))
        return
    text = content.decode("utf-8", errors="replace")
    app.emit({file_name: text}, lambda: text)


@group.command("url")
@DATASET_REF
@click.option("--dataset-version", "version", type=int, metavar="<version>", help="The version [default: the latest].")
@workspace_option(required=True)
@pass_app
def url_cmd(app, ref, version, workspace):
    """Print the URL of a dataset version (to use as a pipeline input).

    \b
    Examples:
      twpy datasets url -n samples -w acme/showcase
      twpy launch rnaseq -w acme/showcase --param input="$(twpy -o json datasets url -n samples -w acme/showcase | jq -r .datasetUrl)"
    """
    ws, where = _where(app, workspace)
    _, picked = _version(app, ws, ref, version)
    url = picked.get("url")
    app.emit({"datasetUrl": url, "dataset": str(ref), "workspace": where},
             f"\n  Dataset URL\n\n  -----------\n\n  {url}\n")


def _visibility(hidden: bool):
    verb = "hide" if hidden else "show"

    @group.command(verb)
    @click.option("-i", "--id", "ids", multiple=True, metavar="<id>", help="Dataset id (repeatable; may be combined with --name).")
    @click.option("-n", "--name", "dataset_names", multiple=True, metavar="<name>", shell_complete=_completer("datasets"),
                  help="Dataset name (repeatable; may be combined with --id).")
    @workspace_option(required=True)
    @pass_app
    def command(app, ids, dataset_names, workspace):
        from tw_py.api import datasets

        if not ids and not dataset_names:
            raise click.UsageError("Specify at least one dataset with -i/--id or -n/--name")
        ws, where = _where(app, workspace)
        chosen = list(ids) + [datasets.find_by_name(app.client, ws, n)["id"] for n in dataset_names]
        datasets.set_hidden(app.client, ws, chosen, hidden)
        word = "hidden" if hidden else "shown"
        app.emit({"datasetIds": chosen, "workspace": where, "hidden": hidden},
                 f"\n  Datasets {word} at {where} workspace:\n" + "".join(f"    - {i}\n" for i in chosen) + "\n")

    command.__doc__ = (f"{verb.capitalize()} datasets {'from' if hidden else 'in'} the default listing.\n\n\b\n"
                       f"Examples:\n  twpy datasets {verb} -n samples -n old_samples -w acme/showcase\n")
    command.help = command.__doc__
    return command


hide_cmd = _visibility(True)
show_cmd = _visibility(False)


@group.command("labels")
@DATASET_REF
@label_subcommand_options
@pass_app
def labels_cmd(app, ref, workspace, labels, operation, no_create):
    """Set, append or delete the labels of a dataset.

    \b
    Examples:
      twpy datasets labels -n samples -w acme/showcase rnaseq,human
      twpy datasets labels -n samples -w acme/showcase -o delete human
    """
    from tw_py.api import datasets
    from tw_py.cli.label_options import manage_entity_labels

    ws = app.workspace(workspace)
    dataset_id = ref.id if ref.id is not None else datasets.find_by_name(app.client, ws, ref.name)["id"]
    manage_entity_labels(app, ws, "datasets", "dataset", dataset_id, labels, operation, no_create)
