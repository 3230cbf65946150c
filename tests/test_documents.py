"""Bounded parsing of users' documents: billion laughs, deep nesting, YAML-only values, huge or endless files."""
import pytest

from tw_py.api.params import load_params, typed_value
from tw_py.documents import MAX_DEPTH, parse_json, parse_yaml
from tw_py.errors import InputError
from tw_py.files import read_text

LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))


def test_billion_laughs_is_refused_quickly():
    assert len(LAUGHS) < 400
    with pytest.raises(InputError) as caught:
        load_params(LAUGHS, "laughs.yml")
    assert caught.value.message == "params file 'laughs.yml' expands to more than 100,000 values (YAML aliases?)"


def test_billion_laughs_in_a_param_value_is_refused():
    value = "[" + ",".join(["&a [1,2,3,4,5,6,7,8,9,10]"] + ["*a"] * 3) + "]"
    assert typed_value(value) == [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]] * 4  # a few aliases are fine
    flow = "{a: &a [x,x,x,x,x,x,x,x,x,x], " + ", ".join(
        f"{n}: &{n} [{','.join([f'*{p}'] * 10)}]" for p, n in zip("abcdefg", "bcdefgh")) + "}"
    with pytest.raises(InputError):
        typed_value(flow)


@pytest.mark.parametrize("text, kind", [("x: !!binary aGVsbG8=", "bytes"), ("x: !!set {a, b}", "set")])
def test_yaml_only_values_are_refused_by_name(text, kind):
    with pytest.raises(InputError) as caught:
        load_params(text, "p.yml")
    assert f"({kind}, from a YAML tag" in caught.value.message


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)])
def test_deep_json_is_refused(text):
    with pytest.raises(InputError) as caught:
        parse_json(text, "doc.json")
    assert caught.value.message == f"doc.json is nested more than {MAX_DEPTH} levels deep"


def test_deep_yaml_is_refused():
    with pytest.raises(InputError):
        parse_yaml("[" * 5000 + "]" * 5000, "doc.yml")


def test_ordinary_documents_pass():
    assert load_params("a: 1\nb: &x [1, 2]\nc: *x\nd: 2024-01-01\n") == {"a": 1, "b": [1, 2], "c": [1, 2], "d": "2024-01-01"}
    assert parse_json('{"a": [1, {"b": null}]}', "x") == {"a": [1, {"b": None}]}


def test_an_endless_file_is_refused():
    with pytest.raises(InputError) as caught:
        read_text("/dev/zero", "--params-file")
    assert caught.value.message == "'/dev/zero' (given to --params-file) is larger than 16 MiB"


def test_launch_with_a_billion_laughs_params_file_sends_nothing(api, run, tmp_path):
    path = tmp_path / "laughs.yml"
    path.write_text(LAUGHS)
    result = run("launch", "https://github.com/nextflow-io/hello", "--params-file", str(path), "--param", "x=1")
    assert result.exit_code == 1, result
    assert result.stdout == ""
    assert result.stderr.startswith(f"ERROR: params file '{path}' expands to more than 100,000 values")
    assert len(api.calls) == 0
