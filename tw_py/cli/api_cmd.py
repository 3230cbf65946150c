"""twpy api: call any Seqera Platform API endpoint with twpy's credentials and workspace context (like gh api)."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import _completer


@click.command("api")
@click.argument("path", metavar="PATH", shell_complete=_completer("api-paths"))
@click.option("-X", "--method", metavar="<method>", shell_complete=_completer("http-methods"),
              help="HTTP method [default: GET, or POST when fields or --input are given without --paginate].")
@click.option("-f", "--field", "fields", multiple=True, metavar="<key=value>",
              help="Add a typed field: true, false, null, numbers and JSON arrays/objects keep their type, "
                   "@FILE reads the value from a file (@- stdin). Nested keys as a.b=1 or a[b]=1, lists as "
                   "tags[]=x. Fields make the JSON body, or query parameters for GET/DELETE and with --input.")
@click.option("--raw-field", "raw_fields", multiple=True, metavar="<key=value>",
              help="Add a field whose value is always a string.")
@click.option("--input", "input_file", type=click.File("r"), metavar="<file>",
              help="The request body from a file ('-' for stdin); fields then become query parameters.")
@click.option("-w", "--workspace", metavar="<workspace>", shell_complete=_completer("workspaces"),
              help="Add workspaceId for this workspace (numeric id or OrganizationName/WorkspaceName). Without -w, "
                   "TOWER_WORKSPACE_ID (then the profile's workspace) is added where the API declares workspaceId "
                   "for the endpoint, unless the path or a field already gives one.")
@click.option("--paginate", is_flag=True,
              help="Walk every max/offset page of a list endpoint and print one merged document.")
@click.option("-H", "--header", "headers", multiple=True, metavar="<name:value>",
              help="Add an HTTP request header.")
@click.option("-i", "--include", is_flag=True,
              help="Print the HTTP status line and response headers before the body (the body of an error too).")
@pass_app
def command(app, path, method, fields, raw_fields, input_file, workspace, paginate, headers, include):
    """Call any Seqera Platform API endpoint with twpy's credentials (like gh api).

    The JSON response is printed as the server sent it.

    PATH is an API path such as /pipelines or /workflow/{workflowId} (placeholders filled in by you);
    a query string may be part of it. The server and token are twpy's (--url, --access-token, profile).
    A response with an HTTP error status exits 1 with the server's message on stderr.

    \b
    Examples:
      twpy api /user-info
      twpy api /pipelines -w acme/showcase -f search=rnaseq
      twpy api /workflow -w acme/showcase --paginate | jq -r '.workflows[].workflow.runName'
      twpy api -X POST /labels -w acme/showcase -f name=team -f value=genomics -f resource=true
      twpy api -X PUT /pipelines/123 --input pipeline.json
      twpy api /compute-envs -w 222756650686576 -f status=AVAILABLE --include
    """
    from pathlib import Path

    from tw_py.api import raw
    from tw_py.errors import InputError

    def read_file(name: str) -> str:
        if name == "-":
            return click.get_text_stream("stdin").read()
        try:
            return Path(name).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"Cannot read '{name}': {exc.strerror}") from None

    pairs = [(key, raw.typed_value(value, read_file)) for key, value in map(raw.parse_field, fields)]
    pairs += list(map(raw.parse_field, raw_fields))
    request = raw.build_request(method or ("GET" if paginate else None), path, pairs, input_file.read() if input_file else None,
                                dict(map(raw.parse_header, headers)), None)
    # -w always adds workspaceId; the default workspace (TOWER_WORKSPACE_ID, the profile's) only where the spec
    # declares workspaceId for the operation and the request does not already carry one
    if workspace or (app.settings.workspace and "workspaceId" not in request.params
                     and raw.takes_workspace_id(request.method, request.path)):
        ws_id = app.workspace(workspace).id
        if ws_id is not None:
            request.params["workspaceId"] = ws_id
    if paginate and request.method != "GET":
        raise click.UsageError("--paginate walks the pages of a GET request (fields make a POST: add -X GET)")
    response = raw.paginate(app.client, request) if paginate else raw.send(app.client, request)
    text = ""
    if include:
        text = raw.format_head(response) + "\n"
    if response.document is not None:
        text += raw.format_document(response.document) if response.is_json else response.document
    if text and (include or response.status < 400):
        app.io.out(text, end="" if text.endswith("\n") else "\n")
    if response.status >= 400:
        raise raw.error_message(response)
