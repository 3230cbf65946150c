"""twpy apply and twpy export: Platform resources as code, in seqerakit's YAML format, with a plan first."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import workspace_option

ON_EXISTS = ("fail", "ignore", "overwrite")


@click.command("apply")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--dry-run", "--dryrun", "dry_run", is_flag=True,
              help="Print the plan and send no write request (seqerakit's --dryrun too).")
@click.option("--check", is_flag=True,
              help="Print the plan, send no write; exit 0 when the Platform matches the files, 4 when changes are "
                   "pending (launches do not count).")
@click.option("--delete", is_flag=True,
              help="Delete the resources the files describe, in reverse order; what is already gone is skipped.")
@click.option("--on-exists", type=click.Choice(ON_EXISTS, case_sensitive=False), metavar="fail|ignore|overwrite",
              help="What to do with every entry whose resource exists and differs, over each entry's on_exists: "
                   "fail (stop before any change), ignore (leave it), overwrite (make it match).")
@click.option("--overwrite", "legacy_overwrite", is_flag=True, hidden=True,
              help="seqerakit's deprecated global overwrite: --on-exists overwrite.")
@click.option("--replace", is_flag=True,
              help="Allow deleting and creating again resources whose differing fields cannot change in place, "
                   "also for entries without 'on_exists: overwrite'.")
@click.option("--update-secrets", is_flag=True,
              help="Write secret values (secrets, credential keys) again for 'on_exists: overwrite' entries that "
                   "exist: the Platform cannot show them, so they are otherwise never compared or sent.")
@click.option("--targets", metavar="KIND,...",
              help="Only these blocks, comma-separated (e.g. workspaces,pipelines), as seqerakit's --targets.")
@click.option("--env-file", type=click.Path(dir_okay=False), metavar="<file>",
              help="Variables for $VAR / ${VAR} in the files: a YAML mapping or NAME=VALUE lines; over the "
                   "environment's.")
@click.option("--wait-timeout", default="1h", show_default=True, metavar="<duration>",
              help="Longest wait for a compute environment ('wait: AVAILABLE') or a launch ('wait:') to get ready, "
                   "and for a deleted compute environment to be gone (90s, 15m, 2h).")
@pass_app
def apply_cmd(app, files, dry_run, check, delete, on_exists, legacy_overwrite, replace, update_secrets, targets,
              env_file, wait_timeout):
    """Create or update Platform resources from seqerakit YAML files, plan first (twpy).

    Reads seqerakit's format unchanged: the blocks organizations, teams, workspaces, labels, members,
    participants, credentials, compute-envs, secrets, actions, datasets, pipelines, launch, data-links and
    studios, with seqerakit's keys, 'on_exists: fail|ignore|overwrite' (and the older 'overwrite: true'), several
    files merged as seqerakit merges them, a directory for the .yml/.yaml files under it, and '-' for standard
    input. $VAR and ${VAR} come from the environment and --env-file; an unset one is an error. Everything is
    checked before any request is sent.

    twpy first reads each resource as it is (by name, every page) and prints the plan: '+' create, '~' update in
    place (each differing field, old and new value), '-/+' replace (delete and create, only where a field cannot
    change in place and on_exists: overwrite or --replace allow it), '=' unchanged, '-' delete, '>' launch. Then
    it applies the plan and prints 'N created, N updated, N replaced, N deleted, N unchanged'. Applying the same
    files again sends no write request. Secret values travel in request bodies only and are never compared or shown.

    An entry whose resource exists and differs stops the apply before any change unless its on_exists (or
    --on-exists) is overwrite (make it match) or ignore (leave it). If a change fails, the apply stops there and
    lists what was applied, what failed and what was not attempted; running it again continues from there.

    Exit codes: 0 done (or, with --check, nothing pending), 1 failure or conflict, 2 usage, 4 --check found
    pending changes.

    \b
    Examples:
      twpy apply workspace.yml --dry-run
      twpy apply orgs.yml teams.yml pipelines.yml --env-file secrets.env
      twpy apply workspace.yml --check || echo "the Platform drifted from workspace.yml"
      cat pipelines.yml | twpy apply - --targets pipelines --on-exists overwrite
      twpy apply workspace.yml --delete
      twpy -o json apply workspace.yml | jq '.summary'
    """
    from tw_py.api.waiting import parse_duration
    from tw_py.apply import loader, run
    from tw_py.apply import plan as plans
    from tw_py.errors import EXIT_PENDING

    timeout = parse_duration(wait_timeout)
    document = loader.load(list(files), env_file=env_file, targets=targets)
    client = app.client
    for secret in document.secrets():
        client.add_secret(secret)
    ctx = run.Context(client, app.directory, progress=app.renderer.progress, wait_timeout=timeout)
    changes = run.plan(ctx, document.entries, delete=delete, on_exists=on_exists or ("overwrite" if legacy_overwrite else None),
                       replace=replace, update_secrets=update_secrets)
    quiet = dry_run or check
    title = ("Delete plan" if delete else "Plan") + (" (nothing is sent)" if quiet else "")
    app.renderer.console(plans.render(changes, title))
    problem = run.conflicts_error(changes)
    result = run.document(changes, dry_run=dry_run, delete=delete, check=check)
    if problem is not None:
        app.emit(result, plans.summary_line(changes, done=False))
        raise problem
    if quiet:
        app.emit(result, plans.summary_line(changes, done=False))
        if check and plans.pending(changes):
            raise click.exceptions.Exit(EXIT_PENDING)
        return
    try:
        run.apply(ctx, changes, report=lambda change: app.renderer.progress(
            f"  {plans.SYMBOLS[change.action]} {run.VERBS[change.action]} {change.kind} {change.label}"))
    except Exception:
        app.emit(run.document(changes, dry_run=False, delete=delete),
                 lambda: plans.render(changes, "Result") + plans.summary_line(changes, done=True))
        raise
    app.emit(run.document(changes, dry_run=False, delete=delete), plans.summary_line(changes, done=True))



@click.command("export")
@workspace_option
@click.option("--targets", metavar="KIND,...",
              help="Only these blocks, comma-separated: labels, participants, credentials, compute-envs, secrets, "
                   "actions, datasets, pipelines, data-links, studios (default: all of them).")
@click.option("-o", "--output", "output", metavar="DIR|FILE",
              help="Write the YAML to FILE (.yml or .yaml) or to DIR/<workspace>.yml, and the files it refers to "
                   "beside it; without it the YAML goes to standard output (when no file is needed).")
@pass_app
def export_cmd(app, workspace, targets, output):
    """Write a workspace's resources as YAML that 'twpy apply' recreates (twpy).

    The YAML is seqerakit's format: labels, participants, credentials (their secret values as $VARIABLE
    placeholders to give when applying), compute environments and pipelines (each as a JSON file beside the YAML,
    without ids, dates or workspace-specific fields, referred to by 'file-path'), secrets (names, values as
    $VARIABLE placeholders), actions, datasets (their latest version's file beside the YAML), data links and
    studios.
    Applying it to another workspace (change the 'workspace:' values) and
    exporting that one gives the same files.

    \b
    Examples:
      twpy export -w acme/showcase -o showcase/
      twpy export -w acme/showcase --targets labels,secrets > showcase.yml
      sed 's#acme/showcase#acme/staging#' showcase/showcase.yml > staging.yml && twpy apply staging.yml
    """
    from tw_py.apply import export, run
    from tw_py.errors import InputError

    wanted = export.parse_targets(targets)
    ws = app.workspace(workspace)
    ref = None if ws.personal else f"{ws.org_name}/{ws.name}"
    ctx = run.Context(app.client, app.directory)
    blocks, out = export.collect(ctx, ws, ref, wanted)
    text = export.render(blocks, f"workspace {ref or 'personal'}")
    for why in out.skipped:
        app.renderer.warn(f"not exported: {why}")
    doc = {"workspace": ref, "entries": export.summary(blocks), "variables": out.variables}
    if output is None:
        if out.files:
            raise InputError("This export writes files beside the YAML (" + ", ".join(sorted(out.files)[:3])
                             + ("..." if len(out.files) > 3 else "") + ")",
                             hint="Give -o DIR or -o FILE.yml, or leave compute-envs, pipelines and actions out "
                                  "with --targets.")
        app.emit({**doc, "yaml": text}, text)
        return
    path = export.destination(output, ws.name or "personal")
    written = export.write(path, text, out.files)
    needed = (f"\n  Give these variables when applying: {', '.join(out.variables)}\n" if out.variables else "")
    app.emit({**doc, "file": path, "files": written},
             f"\n  Exported {sum(doc['entries'].values())} resources of {ref or 'the personal workspace'} into "
             f"'{path}' ({len(written) - 1} more files beside it)\n" + needed)
