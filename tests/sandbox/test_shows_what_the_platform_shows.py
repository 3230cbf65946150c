"""The sandbox shows what the real Platform shows: a run's params and resolved config, and a page at its URL."""
from __future__ import annotations

import requests

from tests.sandbox.test_sandbox import launch


def twpy(run, sandbox, *args):
    env = {"TOWER_API_ENDPOINT": sandbox.url, "TOWER_ACCESS_TOKEN": sandbox.token, "TWPY_INSECURE": "1"}
    return run(*args, env=env)


def test_runs_view_shows_the_params_and_the_resolved_config_of_a_launch(run, sandbox, http):
    run_id = launch(http, paramsText='{"greeting": "hola", "times": 3}', configText="process.cpus = 2")
    params = twpy(run, sandbox, "-o", "json", "runs", "view", "-i", run_id, "--params", "--config")
    assert params.exit_code == 0, params
    doc = params.json()
    assert doc["parameters"] == {"greeting": "hola", "times": 3}
    assert "process.cpus = 2" in doc["configuration_text"] and "workDir = '" in doc["configuration_text"]
    assert doc["configuration_files"] and doc["configuration_files"][0].endswith("/nextflow.config")
    console = twpy(run, sandbox, "runs", "view", "-i", run_id, "--params", "--config")
    assert "greeting" in console.stdout and "hola" in console.stdout and "executor" in console.stdout


def test_the_run_url_printed_after_a_launch_is_a_page(run, sandbox, http):
    launched = twpy(run, sandbox, "-o", "json", "launch", "hello", "-w", "demo/showcase")
    assert launched.exit_code == 0, launched
    page = requests.get(launched.json()["workflowUrl"], timeout=10)   # a browser: no token
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert launched.json()["workflowId"] in page.text and "twpy runs view" in page.text
    missing = requests.get(sandbox.url + "/orgs/demo/workspaces/showcase/watch/nosuchrun", timeout=10)
    assert missing.status_code == 404 and "Run not found" in missing.text
    named = launch(http, workDir="s3://bucket/<script>x</script>")
    escaped = requests.get(sandbox.url + f"/user/demo/watch/{named}", timeout=10)
    assert escaped.status_code == 200 and "<script>" not in escaped.text and "&lt;script&gt;" in escaped.text
