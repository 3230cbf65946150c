"""Label options shared by every command with labels, and the entity `labels` subcommand in a few lines.

- `labels_option("-l", "--labels")` for launch, `labels_option("--labels")` for pipelines add, and
  `labels_option("--labels", require_value=True)` for compute environments (resource labels). The command
  receives a list of `tw_py.api.labels.Label` (None when the option was not given). Repeating the option adds.
- `label_subcommand_options` + `manage_entity_labels` make `runs labels`, `pipelines labels`, ... :

      @group.command("labels")
      @pipeline_ref
      @label_subcommand_options
      @pass_app
      def labels_cmd(app, ref, workspace, labels, operation, no_create):
          \"\"\"Manage the labels of a pipeline. ...\"\"\"
          ws = app.workspace(workspace)
          manage_entity_labels(app, ws, "pipelines", "pipeline", pipeline_id, labels, operation, no_create)

Syntax errors (`a=b=c`, `=x`, `k=`) are usage errors (exit 2) with tw's messages.
"""
from __future__ import annotations

import functools

import click

from tw_py.cli.options import _completer, workspace_option

LABELS_HELP = "Comma-separated list of labels: 'name' or 'name=value' (created when missing)."
RESOURCE_LABELS_HELP = "Comma-separated list of resource labels 'name=value' (created when missing)."


class LabelsType(click.ParamType):
    """A comma-separated list of `name` / `name=value` labels, converted to a list of Label."""

    name = "labels"

    def __init__(self, require_value: bool = False):
        self.require_value = require_value

    def convert(self, value, param, ctx):
        if isinstance(value, list):
            return value
        from tw_py.api.labels import LabelSyntaxError, parse_labels

        try:
            return parse_labels(str(value), require_value=self.require_value)
        except LabelSyntaxError as error:
            self.fail(f"{error.message} in '{value}'", param, ctx)


def _flatten(ctx, param, value):
    if not value:
        return None
    return [label for chunk in value for label in chunk]


def labels_option(*decls: str, require_value: bool = False, help: str | None = None, dest: str = "labels"):
    """A repeatable comma-list label option; the command receives `labels: list[Label] | None`."""
    return click.option(*decls, dest, type=LabelsType(require_value), multiple=True, callback=_flatten, shell_complete=_completer("labels"),
                        metavar="<labels>" if not require_value else "<key=value>[,<key=value>...]",
                        help=help or (RESOURCE_LABELS_HELP if require_value else LABELS_HELP))


def label_subcommand_options(f):
    """tw's LabelsSubcmdOptions: positional LABELS, `-o/--operations set|append|delete`, `--no-create`, `-w`.
    The command receives `workspace`, `labels` (list of Label, possibly empty), `operation`, `no_create`."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        kwargs["labels"] = [label for chunk in kwargs.pop("labels") or () for label in chunk]
        return f(*args, **kwargs)

    wrapper = click.argument("labels", nargs=-1, type=LabelsType(), metavar="[LABELS]...", shell_complete=_completer("labels"))(wrapper)
    wrapper = click.option("--no-create", "no_create", is_flag=True,
                           help="Assign labels without creating the ones which were not found.")(wrapper)
    wrapper = click.option("-o", "--operations", "operation", type=click.Choice(("set", "append", "delete")),
                           default="set", show_default=True,
                           help="Type of operation: set replaces the labels, append adds, delete removes.")(wrapper)
    wrapper = workspace_option(wrapper)
    return wrapper


def manage_entity_labels(app, workspace, entity: str, noun: str, entity_id, labels, operation: str,
                         no_create: bool) -> None:
    """Resolve the labels, set/append/delete them on one entity and emit tw's result.

    `entity` is the API path segment (`workflow`, `pipelines`, `actions`, `datasets`), `noun` the word tw prints
    (`run`, `pipeline`, `action`, `dataset`)."""
    from tw_py.api import labels as api_labels

    doc = api_labels.manage_labels(app.client, workspace, entity, noun, entity_id, labels, operation, no_create)
    where = workspace.id if workspace.id is not None else "user"
    app.emit(doc, f"\n '{doc['operation']}' labels on '{noun}' with id '{entity_id}' at {where} workspace\n")
