"""twpy data-links: list, add, update, delete, browse, download, upload the data links (cloud buckets) of a workspace.

A data link is found by `-i/--id`, `-n/--name` or `--uri`; a name or URI is looked up once the server has fetched
the workspace's buckets (it answers HTTP 202 while it is still fetching: twpy waits, at most FETCH_WAIT).
Downloads and uploads go through signed URLs straight to the bucket's cloud, streamed, never with the Seqera token.
"""
from __future__ import annotations

import contextlib
import functools

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import (
    Choice,
    _completer,
    filter_option,
    item_command,
    missing_one_of,
    mutually_exclusive,
    pagination_options,
    workspace_option,
)
from tw_py.cli.waiting import wait_options
from tw_py.output.tables import Column

#: The providers `add -p` and `list -p` accept (tw's choices); the API knows more (seqeracompute, s3...).
PROVIDERS = ("aws", "azure", "google")
#: tw's line when the listing came while the server was still fetching the workspace's buckets (HTTP 202).
STILL_FETCHING = ("Data links are being fetched: result might be incomplete, launch the command again to check "
                  "the status")
FETCH_WAIT = "10m"  # the longest a command waits for the server to fetch the data links
COLUMNS = (Column("id", "ID"), Column("provider", "Provider"), Column("name", "Name"),
           Column("resourceRef", "Resource ref"), Column("region", "Region"))
TRANSFER_COLUMNS = (Column("type", "Type"), Column("fileCount", "File count"), Column("path", "Path"))
CREDENTIALS_HELP = "Credentials identifier or name."


@click.group("data-links")
def group():
    """Manage data links.

    A data link is a cloud bucket (S3, Google Cloud Storage, Azure Blob) known to a workspace: list them, add your
    own, browse their content, download and upload files.
    """


def link_ref(f):
    """tw's data link reference: exactly one of `-i/--id`, `-n/--name`, `--uri`; the command receives `ref`."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        from tw_py.api.data_links import LinkRef

        given = {flag: kwargs.pop(key) for flag, key in (("--id", "ref_id"), ("--name", "ref_name"), ("--uri", "ref_uri"))}
        chosen = [flag for flag, value in given.items() if value is not None]
        if len(chosen) > 1:
            raise mutually_exclusive(", ".join(chosen))
        if not chosen:
            raise missing_one_of("(-i=<dataLinkId> | -n=<dataLinkName> | --uri=<dataLinkUri>)")
        kwargs["ref"] = LinkRef(given["--id"], given["--name"], given["--uri"])
        return f(*args, **kwargs)

    wrapper = click.option("--uri", "ref_uri", metavar="<uri>", help="Data link URI (e.g., s3://bucket-name).")(wrapper)
    wrapper = click.option("-n", "--name", "ref_name", metavar="<name>", help="Data link name.",
                           shell_complete=_completer("data-links"))(wrapper)
    return click.option("-i", "--id", "ref_id", metavar="<id>", help="Data link identifier.")(wrapper)


def credentials_option(required: bool = False):
    return click.option("-c", "--credentials", "credentials", metavar="<credentials>", required=required,
                        help=CREDENTIALS_HELP + (" Required." if required else ""),
                        shell_complete=_completer("credentials"))


def _credentials_id(app, ws, ref: str | None) -> str | None:
    from tw_py.api import credentials

    return None if ref is None else credentials.find_credentials(app.client, ws, ref)["id"]


def _wait_fetched(app, ws, credentials_id: str | None, timeout: str | None, first: str | None = None) -> str:
    """Wait (bounded by `timeout`) until the server has fetched the workspace's data links; tw's progress on a
    terminal. `first` is a status already seen, so that the first check costs no request."""
    from tw_py.api import data_links
    from tw_py.api.waiting import DATA_LINKS_FETCH
    from tw_py.cli.waiting import wait_with_progress

    pending = [first] if first else []

    def status() -> str:
        return pending.pop() if pending else data_links.fetch_status(app.client, ws, credentials_id)

    return wait_with_progress(app, status, "DONE", DATA_LINKS_FETCH, timeout=timeout,
                              describe="the server's fetching of the data links",
                              follow_hint="The server keeps fetching: run the command again in a moment.")


def ensure_fetched(app, ws, credentials_id: str | None = None) -> None:
    """Return once the server has fetched the workspace's data links (one probe; waiting at most FETCH_WAIT):
    looking a data link up by name or URI before that may miss it. Also used by `studios` (--mount-data)."""
    from tw_py.api import data_links

    first = data_links.fetch_status(app.client, ws, credentials_id)
    if first != "DONE":
        _wait_fetched(app, ws, credentials_id, FETCH_WAIT, first)


def _find(app, ws, ref, credentials_id: str | None = None) -> dict:
    """The data link `ref` names: by id directly; by name or URI once the server's fetching is done (as tw)."""
    from tw_py.api import data_links

    if ref.id is None:
        ensure_fetched(app, ws, credentials_id)
    return data_links.find(app.client, ws, ref, credentials_id)


def _link_view(title: str, link: dict) -> str:
    from tw_py.output import views

    return views.listing(title, [link], COLUMNS, empty="", prefix="")


@group.command("list")
@workspace_option
@credentials_option()
@wait_options((), help_text="Wait for all data links to be fetched to cache.", default_timeout=FETCH_WAIT)
@click.option("--visibility", type=Choice(("hidden", "visible", "all")), metavar="<visibility>",
              help="Filter by visibility: hidden, visible, or all.")
@click.option("-n", "--name", "name", metavar="<name>", help="Show only data links with names that start with the given word.")
@click.option("-r", "--region", metavar="<region>", help="Show only data links belonging to given region.")
@click.option("-p", "--providers", "providers", multiple=True, metavar="<providers>",
              help="Show only data links belonging to given providers: aws, azure, google (comma-separated, repeatable).")
@click.option("-u", "--uri", metavar="<uri>", help="Show only data links with URI (resource reference) that start with the given URI.")
@pagination_options
@pass_app
def list_cmd(app, workspace, credentials, wait, wait_timeout, visibility, name, region, providers, uri, page):
    """List the data links of a workspace.

    The server fetches a workspace's buckets in the background: while it is, the list may be incomplete (said in
    the output, `showFetchingInfo` in JSON); --wait waits until it is done (bounded by --wait-timeout).

    \b
    Examples:
      twpy data-links list -w acme/showcase
      twpy data-links list -w acme/showcase -p aws,google -r eu-west-1 --wait
      twpy -o json data-links list -w acme/showcase --all | jq -r '.dataLinks[].resourceRef'
    """
    from tw_py.api import data_links
    from tw_py.output import views

    chosen = [p.strip().lower() for value in providers for p in value.split(",") if p.strip()]
    for provider in chosen:
        if provider not in PROVIDERS:
            raise click.BadParameter(f"expected one of [{', '.join(PROVIDERS)}] (case-insensitive) but was "
                                     f"'{provider}'", param_hint="'--providers'")
    ws = app.workspace(workspace)
    credentials_id = _credentials_id(app, ws, credentials)
    search = data_links.search_text(name, chosen, region, uri)
    status = data_links.fetch_status(app.client, ws, credentials_id)
    if wait and status != "DONE":
        status = _wait_fetched(app, ws, credentials_id, wait_timeout, status)
    fetching = status != "DONE"
    found = data_links.list_(app.client, ws, credentials_id=credentials_id, search=search, visibility=visibility,
                             page=page)
    app.remember_names("data-links", ws, found.items)
    footer = None
    if not page.all:  # tw always prints this footer here
        footer = f"Showing from {page.start} to {page.start + page.size - 1}" + (
            f" from a total of {found.total} entries" if found.total is not None else "") + ". "

    def console() -> str:
        text = views.listing(f"Data links at {ws.ref} workspace", found.items, COLUMNS, empty="No data links found",
                             footer=footer, prefix="")
        if fetching:
            head, _, rest = text.partition(":\n\n")
            text = f"{head}:\n\n{STILL_FETCHING}\n{rest}"
        return text

    app.emit({"workspaceRef": ws.ref, "dataLinks": found.items, "showFetchingInfo": fetching}, console)


@group.command("add")
@workspace_option
@click.option("-n", "--name", required=True, metavar="<name>", help="Data link name.")
@click.option("-d", "--description", metavar="<description>", help="Data link description.")
@click.option("-u", "--uri", required=True, metavar="<uri>", help="Data link URI (e.g., s3://bucket-name).")
@click.option("-p", "--provider", required=True, type=Choice(PROVIDERS), metavar="<provider>",
              help="Cloud provider: aws, azure, or google.")
@credentials_option()
@pass_app
def add_cmd(app, workspace, name, description, uri, provider, credentials):
    """Add a data link.

    A bucket given by its URI; public (no credentials) unless -c names the workspace credentials to reach it.

    \b
    Examples:
      twpy data-links add -w acme/showcase -n results -u s3://acme-results -p aws -c aws-creds
      twpy data-links add -n open-data -u s3://1000genomes -p aws
    """
    from tw_py.api import data_links

    ws = app.workspace(workspace)
    credentials_id = _credentials_id(app, ws, credentials)
    created = data_links.create(app.client, ws, name=name, uri=uri, provider=provider, description=description,
                                credentials_id=credentials_id)
    app.remember_names("data-links", ws, [created])
    app.emit({"dataLink": created, "message": "Data link created"}, lambda: _link_view("Data link created", created))


@group.command("update")
@workspace_option
@click.option("-i", "--id", "link_id", required=True, metavar="<id>", help="Data link identifier.")
@click.option("-n", "--name", required=True, metavar="<name>", help="Data link name (its new name, or the same).")
@click.option("-d", "--description", metavar="<description>", help="Data link description.")
@credentials_option()
@pass_app
def update_cmd(app, workspace, link_id, name, description, credentials):
    """Update a data link.

    Its name (required: the new one, or the same), description or credentials.

    \b
    Examples:
      twpy data-links update -w acme/showcase -i v1-user-ad5192871d3d -n results-2024 -d "2024 results"
    """
    from tw_py.api import data_links

    ws = app.workspace(workspace)
    credentials_id = _credentials_id(app, ws, credentials)
    updated = data_links.update(app.client, ws, link_id, name=name, description=description,
                                credentials_id=credentials_id)
    app.remember_names("data-links", ws, [updated])
    app.emit({"dataLink": updated, "message": "Data link updated"}, lambda: _link_view("Data link updated", updated))


@item_command(group, "delete", link_ref)
def delete_cmd(app, workspace, ref):
    """Delete a data link.

    The bucket and its content are left alone: only Seqera's link to it goes.

    \b
    Examples:
      twpy data-links delete -w acme/showcase -n results
      twpy data-links delete -w acme/showcase --uri s3://acme-results
    """
    from tw_py.api import data_links
    from tw_py.output import views

    ws = app.workspace(workspace)
    link_id = ref.id if ref.id is not None else _find(app, ws, ref)["id"]
    data_links.delete(app.client, ws, link_id)
    where = "user workspace" if ws.personal else f"'{ws.id}' workspace"
    app.emit({"id": link_id, "wspId": ws.id}, views.message(f"Data link '{link_id}' deleted at {where}."))


@item_command(group, "browse", link_ref)
@credentials_option()
@click.option("-p", "--path", metavar="<path>", help="Path to browse within the data link.")
@filter_option("Filter results by prefix.", metavar="<prefix>")
@click.option("-t", "--token", "token", metavar="<token>", help="Next page token for pagination.")
@click.option("--page", "page_size", type=click.IntRange(min=1), metavar="<size>",
              help="How many items to show (sent as the page size, as tw does).")
def browse_cmd(app, workspace, ref, credentials, path, search, token, page_size):
    """Browse the content of a data link.

    The folders and files at a path (the root by default), a page at a time.

    \b
    Examples:
      twpy data-links browse -w acme/showcase -n results -p runs/2024
      twpy data-links browse -w acme/showcase -n results --page 50 -t <token from the previous page>
    """
    from tw_py.api import data_links
    from tw_py.output.tables import table

    ws = app.workspace(workspace)
    credentials_id = _credentials_id(app, ws, credentials)
    link_id = ref.id if ref.id is not None else _find(app, ws, ref, credentials_id)["id"]
    link = data_links.describe(app.client, ws, link_id, credentials_id)
    content = data_links.browse(app.client, ws, link_id, path=path, credentials_id=credentials_id, search=search,
                                token=token, page_size=page_size)
    items = [i for i in content.get("objects") or [] if isinstance(i, dict)]
    next_token = content.get("nextPageToken")

    def console() -> str:
        where = f" and path '{path}'" if path is not None else ""
        columns = (Column("type", "Type"), Column("name", "Name"), Column(lambda i: i.get("size") or 0, "Size"))
        text = f"\n  Content of '{link.get('resourceRef')}'{where}:\n\n" + table(items, columns, prefix="", sort_by=0) + "\n"
        if next_token:
            text += f"\n  Next page token to fetch the next page: {next_token}\n\n"
        return text + "\n"

    app.emit({"dataLink": link, "path": path, "items": items, "nextPageToken": next_token}, console)


def _progress(app):
    """A progress bar on stderr when it is a terminal, never in JSON mode; otherwise nothing."""
    from tw_py.api.transfers import QUIET

    if app.renderer.json or not app.io.stderr_tty:
        return QUIET
    from tw_py.output.progress import ProgressBar

    return ProgressBar(app.io.stderr)


def _signed_urls(app):
    from tw_py.api.client import SignedUrls
    from tw_py.config.environment import number

    timeout = (number("TWPY_CONNECT_TIMEOUT", 10.0, minimum=0.1), number("TWPY_READ_TIMEOUT", 30.0, minimum=0.1))
    return SignedUrls(allow_http=app.settings.insecure, timeout=timeout, log=app.io.stderr if app.verbose else None)


def _transferred(app, direction: str, paths: list) -> None:
    from tw_py.output.tables import table

    word = "downloaded" if direction == "DOWNLOAD" else "uploaded"
    app.emit({"transferDirection": direction, "paths": paths},
             lambda: f"\n  Successfully {word} files \n\n\n" + table(paths, TRANSFER_COLUMNS, sort_by=0) + "\n\n")


def _transfer_command(name: str, output_dir_help: str):
    """`download` and `upload`: -w, the link (-i|-n|--uri), -c, -o <dir> and the paths to transfer."""
    def decorate(f):
        for option in reversed((group.command(name), workspace_option, link_ref, credentials_option(required=True),
                                click.option("-o", "--output-dir", "output_dir", metavar="<dir>", help=output_dir_help),
                                click.argument("paths", nargs=-1, required=True, metavar="PATHS..."), pass_app)):
            f = option(f)
        return f
    return decorate


@contextlib.contextmanager
def _transfer_tools(app):
    """A session for signed URLs (closed at the end), the progress display and the retry policy of the transfers."""
    from tw_py.api import transfers

    signed = _signed_urls(app)
    try:
        yield signed, _progress(app), transfers.Retry.from_env()
    finally:
        signed.close()


@_transfer_command("download", "Output directory for downloaded files [default: the current directory].")
def download_cmd(app, workspace, ref, credentials, output_dir, paths):
    """Download files or folders from a data link.

    A file lands as <output dir>/<file name>; a folder's files keep their paths (<output dir>/<folder>/...).
    Each file is written to a temporary file beside its target and renamed into place only when complete.

    \b
    Examples:
      twpy data-links download -w acme/showcase -n results -c aws-creds runs/2024/report.html
      twpy data-links download -w acme/showcase --uri s3://acme-results -c aws-creds -o ./local runs/2024/
    """
    from tw_py.api import data_links, transfers

    ws = app.workspace(workspace)
    credentials_id = _credentials_id(app, ws, credentials)
    link_id = ref.id if ref.id is not None else _find(app, ws, ref, credentials_id)["id"]
    done = []
    with _transfer_tools(app) as (signed, progress, retry):
        for path in paths:
            files = [i.get("path") for i in data_links.tree(app.client, ws, link_id, path, credentials_id)]
            if not files:  # nothing under it: a file
                target = transfers.local_target(output_dir, path, keep_folders=False)
                transfers.download(app.client, signed, ws, link_id, path, target, credentials_id=credentials_id,
                                   progress=progress, retry=retry)
                done.append({"type": "FILE", "path": path, "fileCount": 1})
                continue
            files = [f for f in files if isinstance(f, str) and not f.endswith("/")]  # folder markers
            targets = [transfers.local_target(output_dir, f, keep_folders=True) for f in files]  # all checked first
            for remote, target in zip(files, targets):
                transfers.download(app.client, signed, ws, link_id, remote, target, credentials_id=credentials_id,
                                   progress=progress, retry=retry)
            done.append({"type": "FOLDER", "path": path, "fileCount": len(files)})
    _transferred(app, "DOWNLOAD", done)


@_transfer_command("upload", "Destination folder in the data link [default: its root].")
def upload_cmd(app, workspace, ref, credentials, output_dir, paths):
    """Upload files or folders to a data link.

    300 files and 5 TB per file at most, as tw. A file lands as <output dir>/<file name>; a folder as <output dir>/<folder name>/... Files are streamed
    in parts, each retried when the connection fails; a failed S3 upload is aborted.

    \b
    Examples:
      twpy data-links upload -w acme/showcase -n results -c aws-creds report.html
      twpy data-links upload -w acme/showcase --uri gs://acme-results -c gcp-creds -o runs/2024 ./outdir
    """
    from tw_py.api import transfers

    planned = transfers.plan_upload(list(paths))  # before any request: files exist, tw's limits
    ws = app.workspace(workspace)
    credentials_id = _credentials_id(app, ws, credentials)
    link = _find(app, ws, ref, credentials_id)
    with _transfer_tools(app) as (signed, progress, retry):
        for item in planned:
            for local in item.files:
                transfers.upload(app.client, signed, ws, link, local, credentials_id=credentials_id,
                                 directory=output_dir, progress=progress, retry=retry)
    _transferred(app, "UPLOAD", [{"type": i.type, "path": i.given, "fileCount": len(i.files)} for i in planned])
