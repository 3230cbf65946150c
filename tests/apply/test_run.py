"""Comparing an entry with what the Platform has: what counts as the same value."""
from __future__ import annotations

import pytest

from tw_py.apply.kinds import KINDS
from tw_py.apply.run import compare, same


@pytest.mark.parametrize("want, have", [
    (False, None), ("", None), ([], None), (0, None),            # absent equals empty or false
    ("text\n", "text"), ("a\r\nb", "a\nb"),                        # trailing blank space, line ends
    (500, "500"), ("8", 8),                                        # numbers as text (after $VAR substitution)
    (["b", "a"], ["a", "b"]),                                      # lists of names are sets
    ({"a": 1, "b": None}, {"a": 1}),                               # maps compare key by key
])
def test_same(want, have):
    assert same(want, have)


@pytest.mark.parametrize("want, have", [
    (True, None), ("a", "b"), (["a"], ["a", "b"]), ({"a": 1}, {"a": 2}), (1, True), ("true", True),
])
def test_different(want, have):
    assert not same(want, have)


def test_order_matters_where_the_kind_says_so():
    assert same(["test", "docker"], ["docker", "test"])
    assert not same(["test", "docker"], ["docker", "test"], ordered=True)


def test_compare_names_only_fields_the_entry_sets_and_whether_they_change_in_place():
    credentials = KINDS["credentials"]
    found = compare(credentials, {"type": "aws", "username": None, "base-url": "https://x"},
                    {"type": "github", "username": "octocat", "base-url": None})
    assert [(f.field, f.old, f.new, f.in_place) for f in found] == [("type", "github", "aws", False),
                                                                     ("base-url", None, "https://x", True)]
