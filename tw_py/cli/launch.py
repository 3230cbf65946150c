"""twpy launch: run a Launchpad pipeline or a repository URL, optionally waiting for the run to reach a state."""
from __future__ import annotations

import click

from tw_py.api.states import WORKFLOW_STATES
from tw_py.cli.context import pass_app
from tw_py.cli.label_options import labels_option
from tw_py.cli.launch_options import launch_options
from tw_py.cli.options import _completer, mutually_exclusive, workspace_option
from tw_py.cli.waiting import wait_options


@click.command("launch")
@click.argument("pipeline", metavar="PIPELINE_OR_URL", shell_complete=_completer("pipelines"))
@workspace_option
@click.option("-n", "--name", "run_name", metavar="<name>", help="Custom workflow run name.")
@launch_options(stdin=True, revision_short=True,
                compute_env_help="Compute environment name or id [default: as saved in the Launchpad, else the "
                                 "workspace's primary compute environment].")
@click.option("--version-id", metavar="<versionId>", help="Launchpad pipeline version id (default: the default version).")
@click.option("--version-name", metavar="<versionName>", help="Launchpad pipeline version name.")
@wait_options(WORKFLOW_STATES, help_text="Wait until the run reaches this status (exit 0), or can no longer reach it (exit 1).")
@labels_option("-l", "--labels", help="Comma-separated list of labels for the run: 'name' or 'name=value' "
                                      "(created when missing).")
@click.option("--launch-container", metavar="<launchContainer>", help="Container to be used to run the Nextflow head job.")
@click.option("--disable-optimization", is_flag=True, help="Turn off the optimization for the pipeline before launching.")
@click.option("--head-job-cpus", type=int, metavar="<headJobCpus>", help="The number of CPUs to be allocated for the Nextflow head job.")
@click.option("--head-job-memory", type=int, metavar="<headJobMemoryMb>", help="The memory to be allocated for the Nextflow head job in megabytes.")
@pass_app
def command(app, pipeline, workspace, run_name, launch, version_id, version_name, wait, wait_timeout, labels,
            launch_container, disable_optimization, head_job_cpus, head_job_memory):
    """Launch a Nextflow pipeline execution.

    PIPELINE is a Launchpad pipeline name, or a repository URL (https://, http://, file:/).

    A Launchpad pipeline runs with its saved launch configuration, the options given here overriding it.
    A URL runs on the chosen (-c) or the workspace's primary compute environment.
    Parameters: --params-file (YAML or JSON; several are merged left to right) and --param KEY=VALUE
    (dotted keys nest) over them. The launch request is never sent twice.

    Exit status with --wait: 0 the run reached STATUS (or went past it), 1 it can no longer reach it,
    3 --wait-timeout expired (the run keeps going), 130 interrupted (Ctrl-C; the run keeps going).

    \b
    Examples:
      twpy launch hello -w acme/showcase
      twpy launch https://github.com/nextflow-io/hello -c my-ce -r main
      twpy launch rnaseq --params-file base.yaml --params-file test.json --param input=s3://bucket/sheet.csv
      twpy launch hello --wait SUCCEEDED --wait-timeout 2h && echo done
      twpy -o json launch hello | jq -r .workflowId
    """
    from tw_py.api import launch as launch_api

    if version_id is not None and version_name is not None:
        raise mutually_exclusive("--version-id and --version-name")
    ws = app.workspace(workspace)
    if wait_timeout is not None:
        from tw_py.api.waiting import parse_duration

        parse_duration(wait_timeout)  # a bad duration fails before the run is launched
    overrides = dict(run_name=run_name, launch_container=launch_container, disable_optimization=disable_optimization,
                     head_job_cpus=head_job_cpus, head_job_memory=head_job_memory)
    if launch_api.is_url(pipeline):
        prepared = launch_api.prepare_url(app.client, ws, pipeline, launch, labels=labels, **overrides)
    else:
        prepared = launch_api.prepare_launchpad(app.client, ws, pipeline, launch, version_id=version_id,
                                                version_name=version_name, labels=labels, **overrides)
    workflow_id = launch_api.submit(app.client, ws, prepared)
    url = f"{ws.web_url(app.server_url)}/watch/{workflow_id}"
    app.emit({"workflowId": workflow_id, "workflowUrl": url, "workspaceId": ws.id, "workspaceRef": ws.ref},
             f"\n  Workflow {workflow_id} submitted at {ws.ref} workspace.\n\n    {url}\n\n")
    if wait:
        wait_for_run(app, ws, workflow_id, wait, wait_timeout, workspace)


def wait_for_run(app, ws, workflow_id: str, target: str, timeout: str | None, workspace_arg: str | None) -> str:
    """Poll `GET /workflow/{id}` until the run reaches `target` (shared with runs relaunch)."""
    from tw_py.api import launch as launch_api
    from tw_py.api.waiting import WORKFLOW
    from tw_py.cli.waiting import resume_hint, wait_with_progress

    hint = resume_hint("runs wait", workflow_id, ws, workspace_arg)
    return wait_with_progress(app, lambda: launch_api.workflow_status(app.client, ws, workflow_id), target, WORKFLOW,
                              timeout=timeout, describe=f"run {workflow_id}", follow_hint=hint)
