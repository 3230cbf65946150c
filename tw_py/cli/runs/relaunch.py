"""twpy runs relaunch: launch a run again, resuming it by default."""
from __future__ import annotations

import click

from tw_py.api.states import WORKFLOW_STATES as STATES
from tw_py.cli.context import pass_app
from tw_py.cli.launch_options import launch_options
from tw_py.cli.options import run_id_option, workspace_option
from tw_py.cli.waiting import wait_options


@click.command("relaunch")
@run_id_option()
@workspace_option
@click.option("--pipeline", metavar="<pipeline>", help="Pipeline to launch (URL), instead of the run's.")
@click.option("--no-resume", "no_resume", is_flag=True, help="Do not resume the pipeline run (resume is the default).")
@click.option("-n", "--name", "run_name", metavar="<name>", help="Custom workflow run name.")
@click.option("--launch-container", "launch_container", metavar="<container>", help="Container to be used to run the "
              "Nextflow head job (BETA).")
@launch_options(compute_env_help="Compute environment name or id (defaults to the run's).")
@wait_options(STATES)
@pass_app
def relaunch_cmd(app, run_id, workspace, pipeline, no_resume, run_name, launch_container, launch, wait, wait_timeout):
    """Relaunch a pipeline run: resume it (the default) or start it over with --no-resume.

    Launch options override the run's; --work-dir needs --no-resume. The printed URL is the new run's
    page (tw prints '/watch/<id>' twice).

    \b
    Examples:
      twpy runs relaunch -i 5mDfiUtqyptDib
      twpy runs relaunch -i 5mDfiUtqyptDib --no-resume --work-dir s3://bucket/work -n retry-1
      twpy runs relaunch -i 5mDfiUtqyptDib --wait SUCCEEDED --wait-timeout 2h
    """
    from tw_py.api import launch as launch_api
    from tw_py.api import runs
    from tw_py.api.compute_envs import AvailableComputeEnvs
    from tw_py.api.launch_request import option_values
    from tw_py.api.waiting import WORKFLOW
    from tw_py.cli.waiting import resume_hint, wait_with_progress

    runs.check_work_dir(launch.work_dir, no_resume)  # before any request
    ws = app.workspace(workspace)
    client = app.client
    described = runs.describe(client, ws, run_id, attributes=None)
    saved = runs.workflow_launch(client, ws, run_id)
    ce_id = AvailableComputeEnvs(client, ws).entry(launch.compute_env)["id"] if launch.compute_env else None
    overrides = option_values(launch, saved.get("paramsText"))
    request = runs.relaunch_request(described["workflow"], saved, no_resume=no_resume, pipeline=pipeline,
                                    run_name=run_name, launch_container=launch_container, compute_env_id=ce_id,
                                    overrides=overrides)
    new_id = launch_api.submit_request(client, ws, request)
    url = f"{ws.web_url(app.server_url)}/watch/{new_id}"
    app.emit({"workflowId": new_id, "workflowUrl": url, "workspaceId": ws.id, "workspaceRef": ws.ref},
             f"\n  Workflow {new_id} submitted at {ws.ref} workspace.\n\n    {url}\n")
    if wait:
        wait_with_progress(app, lambda: runs.status(client, ws, new_id), wait, WORKFLOW, timeout=wait_timeout,
                           describe=f"pipeline run '{new_id}'", follow_hint=resume_hint("runs wait", new_id, ws, workspace))
