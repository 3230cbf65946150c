"""The launch field table: every launch option reaches every launching request through one overlay."""
from __future__ import annotations

import dataclasses

import pytest

from tw_py.api import actions, pipelines, runs
from tw_py.api.launch import update_launch_request
from tw_py.api.launch_request import LAUNCH_FIELDS, LaunchOptions, option_values, overlay

#: LaunchOptions attributes that are not one request field each.
NOT_FIELDS = {"compute_env", "params_files", "params", "extra"}

#: A value for every option, so each request can be checked field by field.
GIVEN = LaunchOptions(work_dir="s3://w", revision="dev", commit_id="c0ffee", profiles=["test"],
                      params=[(["alpha"], 1)], config_text="process.cpus = 2", pre_run="echo pre", post_run="echo post",
                      pull_latest=True, stub_run=True, main_script="main.nf", entry_name="entry", schema_name="s.json",
                      user_secrets=["U"], workspace_secrets=["W"])
SAVED = {"workDir": "s3://old", "revision": "main", "commitId": "old", "configProfiles": ["x"],
         "paramsText": '{"beta": 2}', "configText": "old", "preRunScript": "old", "postRunScript": "old",
         "pullLatest": False, "stubRun": False, "mainScript": "old.nf", "entryName": "old", "schemaName": "old",
         "userSecrets": ["OLD"], "workspaceSecrets": ["OLD"]}


def test_table_covers_every_launch_option():
    attributes = {f.name for f in dataclasses.fields(LaunchOptions)} - NOT_FIELDS
    assert {attribute for _, attribute in LAUNCH_FIELDS if attribute} == attributes


def test_overlay_takes_the_option_over_the_base_and_keeps_the_base_otherwise():
    assert overlay(SAVED, LaunchOptions()) == SAVED
    over = overlay(SAVED, GIVEN)
    assert over["workDir"] == "s3://w" and over["userSecrets"] == ["U"] and over["stubRun"] is True
    assert over["paramsText"].replace("\n", "").replace(" ", "") in ('{"beta":2,"alpha":1}', "beta:2alpha:1")


def test_empty_string_counts_as_missing_and_cli_only_fields_drop_the_base():
    over = overlay(SAVED, LaunchOptions(revision="", work_dir=""), cli_only=("commitId",))
    assert over["revision"] == "main" and over["workDir"] == "s3://old" and over["commitId"] is None


@pytest.mark.parametrize("build", [
    lambda o: update_launch_request({"pipeline": "p", "computeEnvId": "ce"}, o),
    lambda o: pipelines.launch_config(o, pipeline="p", ce={"id": "ce"}),
    lambda o: pipelines.updated_launch({"computeEnv": {"id": "ce"}}, o, ce_id=None, pipeline=None),
    lambda o: actions.updated_launch({"computeEnv": {"id": "ce"}, "pipeline": "p"}, o, ce_id=None),
], ids=["launch", "pipelines add", "pipelines update", "actions update"])
def test_every_launching_request_carries_every_option(build):
    request = build(GIVEN)
    values = option_values(GIVEN)
    for key, _ in LAUNCH_FIELDS:
        assert request[key] == values[key], key


def test_relaunch_carries_every_option_it_takes():
    request = runs.relaunch_request({"id": "r", "launchId": "l"}, {"pipeline": "p"}, no_resume=True,
                                    overrides=option_values(GIVEN))
    values = option_values(GIVEN)
    for key, _ in LAUNCH_FIELDS:
        if key != "commitId":   # tw's relaunch has no commit to choose: it resumes or reruns the run's
            assert request[key] == values[key], key


def test_pipelines_update_clears_commit_id_as_tw_does():
    launch = pipelines.updated_launch({"commitId": "old", "revision": "main"}, LaunchOptions(), ce_id="ce",
                                      pipeline=None)
    assert "commitId" not in launch and launch["revision"] == "main"
