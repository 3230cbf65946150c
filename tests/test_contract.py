"""The OpenAPI contract check itself: every request the suite mocks is validated by the `api` fixture
(tests/conftest.py) with these checks. Here we prove the checks can fail, and say when they are skipped."""
import pytest
import requests

from tests import contract

pytestmark = pytest.mark.skipif(not contract.spec_available(),
                                reason=f"OpenAPI spec not found at {contract.SPEC_PATH}: requests are not contract-checked")


def prepared(method, url, **kw):
    return requests.Request(method, url, headers={"Authorization": "Bearer x"}, **kw).prepare()


def test_valid_request_has_no_problems():
    assert contract.problems(prepared("GET", "https://api.tower.test/pipelines?workspaceId=5&max=10&offset=0")) == []


def test_unknown_path_is_reported():
    found = contract.problems(prepared("GET", "https://api.tower.test/no/such/path"))
    assert found == ["GET /no/such/path: no such operation in the spec"]


def test_unknown_query_parameter_is_reported():
    found = contract.problems(prepared("GET", "https://api.tower.test/pipelines?workspaceID=5"))
    assert any("query parameter 'workspaceID' is not in the spec" in p for p in found)


def test_bad_parameter_type_is_reported():
    found = contract.problems(prepared("GET", "https://api.tower.test/pipelines?workspaceId=acme"))
    assert any("workspaceId" in p for p in found)


def test_bad_body_is_reported():
    found = contract.problems(prepared("POST", "https://api.tower.test/orgs", json={"organization": {"name": 5}}))
    assert found and "POST /orgs" in found[0]
