"""twpy pipeline-schemas: add a pipeline schema (nextflow_schema.json) to a workspace."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import workspace_option
from tw_py.files import read_text


@click.group("pipeline-schemas")
def group():
    """Manage pipeline schemas."""


@group.command("add")
@click.option("-c", "--content", required=True, metavar="<content>",
              help="Path to a file containing the pipeline schema content ('-' for stdin).")
@workspace_option
@pass_app
def add_cmd(app, content, workspace):
    """Add a pipeline schema.

    \b
    Examples:
      twpy pipeline-schemas add -c nextflow_schema.json -w acme/showcase
      twpy -o json pipeline-schemas add -c nextflow_schema.json | jq -r .schemaId
    """
    from tw_py.api import pipeline_schemas
    from tw_py.errors import InputError
    from tw_py.output import views

    text = read_text(content, "--content", tw_style=True)
    if not text.strip():
        raise InputError(f"The pipeline schema given by --content is empty ({'stdin' if content == '-' else content})")
    ws = app.workspace(workspace)
    schema_id = pipeline_schemas.create(app.client, ws, text).get("id")
    app.emit({"workspaceRef": ws.ref, "schemaId": schema_id},
             lambda: views.message(f"New pipeline schema '{schema_id}' added at {ws.ref} workspace"))
