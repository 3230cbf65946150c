"""tw_py.api.params: params files (YAML/JSON), --param typing, merging."""
import json

import pytest

from tw_py.api.params import ParamsFile, combine, load_params, merge, parse_param, set_path, typed_value
from tw_py.errors import InputError


def test_load_yaml_and_json():
    assert load_params("a: 1\nb:\n  c: [x, y]\n") == {"a": 1, "b": {"c": ["x", "y"]}}
    assert load_params('{"a": 1, "b": {"c": true}}') == {"a": 1, "b": {"c": True}}
    assert load_params("") == {} and load_params("# only a comment\n") == {}
    assert load_params("when: 2024-01-02\n") == {"when": "2024-01-02"}  # dates stay text (JSON-safe)


def test_load_errors_are_clear():
    with pytest.raises(InputError) as error:
        load_params("a: [1, 2\nb: 3\n", "p.yaml")
    assert error.value.message.startswith("Cannot parse params file 'p.yaml' (line ")
    with pytest.raises(InputError, match="must contain a mapping .* not a list"):
        load_params("- a\n- b\n", "list.yaml")


@pytest.mark.parametrize("text, expected", [
    ("a=1", (["a"], 1)), ("a=1.5", (["a"], 1.5)), ("flag=true", (["flag"], True)), ("s=hello", (["s"], "hello")),
    ("a.b.c=x", (["a", "b", "c"], "x")), ("e=", (["e"], "")), ("l=[1, two]", (["l"], [1, "two"])),
    ("m={k: v}", (["m"], {"k": "v"})), ("u=s3://b/k?x=1", (["u"], "s3://b/k?x=1")), ("t=a: b", (["t"], "a: b")),
    ("d=2024-01-02", (["d"], "2024-01-02")), ("n=null", (["n"], None)), ("v=007", (["v"], "007")), ("y=yes", (["y"], "yes")), ("o=off", (["o"], "off")),
    ("f=False", (["f"], False)), ("k=1_000", (["k"], "1_000")), ("neg=-3", (["neg"], -3)), ("time=1:30", (["time"], "1:30")),
    ("c=# not a comment", (["c"], "# not a comment")),
])
def test_parse_param_types_values_as_yaml_scalars(text, expected):
    assert parse_param(text) == expected


@pytest.mark.parametrize("text", ["novalue", "=1", "a..b=1", ".a=1"])
def test_parse_param_errors(text):
    with pytest.raises(InputError, match="Invalid --param"):
        parse_param(text)


def test_typed_value_keeps_odd_text():
    assert typed_value("- x") == "- x"
    assert typed_value("'quoted'") == "quoted"


def test_merge_nested_maps_key_by_key_lists_and_scalars_replaced():
    base = {"a": {"x": 1, "y": {"deep": 1, "keep": True}}, "l": [1, 2, 3], "s": "one", "m": {"k": 1}}
    over = {"a": {"y": {"deep": 2}, "z": 3}, "l": [9], "s": {"now": "map"}, "m": "scalar"}
    assert merge(base, over) == {"a": {"x": 1, "y": {"deep": 2, "keep": True}, "z": 3}, "l": [9],
                                 "s": {"now": "map"}, "m": "scalar"}
    assert base["a"]["y"] == {"deep": 1, "keep": True}  # inputs untouched


def test_set_path_creates_and_replaces_intermediate_values():
    assert set_path({"a": 1}, ["a", "b"], 2) == {"a": {"b": 2}}
    assert set_path({"a": {"c": 1}}, ["a", "b"], 2) == {"a": {"c": 1, "b": 2}}


def test_combine_single_file_is_sent_unchanged():
    text = "# comment kept\ninput: 'x.csv'   # spacing too\n"
    assert combine([ParamsFile("p.yaml", text)]) == text
    assert combine([]) is None


def test_combine_merges_files_left_to_right_then_params():
    files = [ParamsFile("a.yaml", "input: a.csv\nopts:\n  x: 1\n  y: 1\nlist: [1, 2]\n"),
             ParamsFile("b.json", '{"opts": {"y": 2}, "list": [3], "outdir": "out"}')]
    text = combine(files, [parse_param("opts.z=3"), parse_param("input=c.csv"), parse_param("input=d.csv")])
    assert json.loads(text) == {"input": "d.csv", "opts": {"x": 1, "y": 2, "z": 3}, "list": [3], "outdir": "out"}


def test_combine_params_over_base_text_when_no_file():
    assert json.loads(combine([], [parse_param("b=2")], base_text="a: 1\nb: 1\n")) == {"a": 1, "b": 2}
    assert json.loads(combine([], [parse_param("b=2")])) == {"b": 2}


def test_combine_validates_every_file_even_a_single_one():
    with pytest.raises(InputError, match="Cannot parse params file 'bad.yaml'"):
        combine([ParamsFile("bad.yaml", "a: [\n")])
