"""Reading seqerakit YAML: merging, $VARS, validation errors naming file, entry and key, all before any request."""
from __future__ import annotations

import io

import pytest

from tw_py.apply import loader
from tw_py.errors import InputError

ENV = {"PASS": "s3cr3t-value", "WS": "acme/lab"}


def load(write_file, *texts, environ=ENV, **kw):
    paths = [write_file(f"f{n}.yml", text) for n, text in enumerate(texts)]
    return loader.load(paths, environ=environ, **kw)


def error(write_file, *texts, environ=ENV, **kw) -> str:
    with pytest.raises(InputError) as caught:
        load(write_file, *texts, environ=environ, **kw)
    return caught.value.message + ("\n" + caught.value.hint if caught.value.hint else "")


def test_blocks_come_in_seqerakit_order_and_entries_in_file_order(write_file):
    doc = load(write_file, "labels:\n  - {name: b, workspace: acme/lab}\n  - {name: a, workspace: acme/lab}\n"
                           "organizations:\n  - {name: acme, full-name: Acme}\n")
    assert [(e.kind, e.name) for e in doc.entries] == [("organizations", "acme"), ("labels", "b"), ("labels", "a")]
    assert doc.entries[1].where.endswith("f0.yml: labels[1] 'b'")


def test_files_merge_as_seqerakit_merges_them(write_file):
    first = "labels:\n  - {name: a, workspace: acme/lab}\n"
    second = "labels:\n  - {name: a, workspace: acme/lab}\n  - {name: b, workspace: acme/lab}\n"
    doc = load(write_file, first, second)
    assert [e.name for e in doc.entries] == ["a", "b"]          # the identical entry is kept once
    assert doc.entries[1].source.endswith("f1.yml") and doc.entries[1].index == 2


def test_on_exists_and_the_legacy_overwrite(write_file):
    doc = load(write_file, "labels:\n  - {name: a, on_exists: IGNORE}\n  - {name: b, overwrite: true}\n"
                           "  - {name: c, overwrite: false}\n  - {name: d}\n")
    assert [e.on_exists for e in doc.entries] == ["ignore", "overwrite", "fail", "fail"]
    assert "key 'on_exists' must be one of fail, ignore, overwrite, not 'sometimes'" in error(
        write_file, "labels:\n  - {name: a, on_exists: sometimes}\n")


def test_unknown_block_names_the_file_and_close_blocks(write_file):
    message = error(write_file, "workspace:\n  - {name: x}\n")
    assert "f0.yml': unknown block 'workspace'" in message
    assert "Did you mean 'workspaces'?" in message


def test_unknown_key_names_the_file_the_entry_and_the_key(write_file):
    message = error(write_file, "workspaces:\n  - name: lab\n    full-name: Lab\n    organization: acme\n"
                                "    fullname: oops\n")
    assert "f0.yml: workspaces[1] 'lab': unknown key 'fullname' for workspaces" in message
    assert "Did you mean 'full-name'" in message


def test_bad_and_missing_values(write_file):
    assert "workspaces[1] 'lab': key 'visibility' must be one of PRIVATE, SHARED, not 'public'" in error(
        write_file, "workspaces:\n  - {name: lab, full-name: Lab, organization: acme, visibility: public}\n")
    assert "workspaces[1] 'lab': missing required key 'organization'" in error(
        write_file, "workspaces:\n  - {name: lab, full-name: Lab}\n")
    assert "teams[1] 't': key 'members' must be a list of text values" in error(
        write_file, "teams:\n  - {name: t, organization: acme, members: [{a: 1}]}\n")
    assert "an entry must be a mapping" in error(write_file, "labels:\n  - just-a-name\n")
    assert "block 'labels' must be a list of entries" in error(write_file, "labels:\n  name: a\n")


def test_variables_from_the_environment(write_file):
    doc = load(write_file, "secrets:\n  - {name: S, workspace: $WS, value: '${PASS}'}\n"
                           "labels:\n  - {name: cost, value: '$$5', workspace: '${WS}'}\n")
    label, secret = doc.entries   # labels come before secrets
    assert secret.values == {"name": "S", "workspace": "acme/lab", "value": "s3cr3t-value"}
    assert label.values["value"] == "$5"
    assert doc.secrets() == ["s3cr3t-value"]


def test_an_unset_variable_is_named_before_anything_is_sent(write_file):
    message = error(write_file, "secrets:\n  - {name: S, workspace: acme/lab, value: $NOPE}\n")
    assert "f0.yml: secrets[1] 'S': environment variable 'NOPE' (in key 'value') is not set" in message
    assert "--env-file" in message


def test_env_file_yaml_and_name_value_lines(write_file):
    yaml_env = write_file("env.yml", "PASS: from-file\nOTHER: ${WS}/x\n")
    doc = load(write_file, "secrets:\n  - {name: S, workspace: $OTHER, value: $PASS}\n", env_file=yaml_env)
    assert doc.entries[0].values["value"] == "from-file"          # the file wins over the environment
    assert doc.entries[0].values["workspace"] == "acme/lab/x"
    dot_env = write_file("vars.env", "# comment\nexport PASS='quoted'\nWS=acme/other\n")
    doc = load(write_file, "secrets:\n  - {name: S, workspace: $WS, value: $PASS}\n", env_file=dot_env)
    assert doc.entries[0].values == {"name": "S", "workspace": "acme/other", "value": "quoted"}


def test_duplicates_in_one_scope_are_an_error(write_file):
    message = error(write_file, "labels:\n  - {name: a, workspace: acme/lab}\n",
                    "labels:\n  - {name: a, workspace: acme/lab, on_exists: ignore}\n")
    assert "f1.yml: labels[1] 'a': the same labels entry is also at" in message
    doc = load(write_file, "labels:\n  - {name: a, workspace: acme/lab}\n  - {name: a, workspace: acme/other}\n")
    assert len(doc.entries) == 2


def test_targets(write_file):
    text = "organizations:\n  - {name: acme, full-name: Acme}\nlabels:\n  - {name: a}\n"
    assert [e.kind for e in load(write_file, text, targets="labels").entries] == ["labels"]
    assert "Unknown target 'label' in --targets" in error(write_file, text, targets="label")


def test_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("labels:\n  - {name: from-stdin}\n"))
    doc = loader.load(["-"], environ={})
    assert doc.entries[0].name == "from-stdin" and doc.entries[0].source == "<stdin>"


def test_empty_and_missing_files(write_file):
    assert "is empty" in error(write_file, "")
    with pytest.raises(InputError, match="File 'nope.yml' not found"):
        loader.load(["nope.yml"], environ={})


def test_credentials_keys_depend_on_their_type(write_file):
    assert "unknown credentials type 'gitlub'" in error(write_file, "credentials:\n  - {type: gitlub, name: g}\n")
    message = error(write_file, "credentials:\n  - {type: github, name: g, username: u, password: p, token: t}\n")
    assert "credentials[1] 'g': unknown key 'token' for credentials" in message
    assert "missing required key 'password' for github credentials" in error(
        write_file, "credentials:\n  - {type: github, name: g, username: u}\n")
    assert "the Platform refuses AWS credentials with neither" in error(
        write_file, "credentials:\n  - {type: aws, name: a}\n")


def test_credential_files_are_read_now(write_file):
    key = write_file("sa.json", '{"type": "service_account"}')
    doc = load(write_file, f"credentials:\n  - {{type: google, name: g, key: {key}}}\n")
    assert doc.entries[0].values["key"].text == '{"type": "service_account"}'
    assert doc.secrets() == ['{"type": "service_account"}']
    assert "credentials[1] 'g': file 'missing.json' (key 'key') not found" in error(
        write_file, "credentials:\n  - {type: google, name: g, key: missing.json}\n")


def test_seqerakit_members_template_lists_members_under_participants(write_file):
    doc = load(write_file, "participants:\n  - {user: 'bob@myorg.io', organization: 'myorg', on_exists: overwrite}\n")
    assert doc.entries[0].kind == "members" and doc.entries[0].note


def test_values_typed_as_seqerakit_passes_them(write_file):
    doc = load(write_file, "teams:\n  - {name: t, organization: acme, members: 'a@x.org, b@x.org'}\n"
                           "labels:\n  - {name: n, value: 12}\n")
    assert doc.entries[0].values["members"] == ["a@x.org", "b@x.org"]
    assert doc.entries[1].values["value"] == "12"


def test_a_directory_stands_for_its_yaml_files(tmp_path):
    (tmp_path / "nested").mkdir()
    (tmp_path / "a.yml").write_text("labels:\n  - {name: a}\n")
    (tmp_path / "nested/b.yaml").write_text("labels:\n  - {name: b}\n")
    (tmp_path / "notes.txt").write_text("not yaml")
    doc = loader.load([str(tmp_path)], environ={})
    assert [e.name for e in doc.entries] == ["a", "b"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no .yml or .yaml file"):
        loader.load([str(tmp_path / "empty")], environ={})
