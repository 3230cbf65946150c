"""Pagination: tw's page/offset/max, and --all walking every page lazily."""
import pytest
import responses
from responses import matchers

from tests.helpers import URL
from tw_py.api import paging
from tw_py.api.client import Client
from tw_py.api.paging import PageRequest
from tw_py.errors import InputError


@pytest.fixture
def mock():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as m:
        yield m


def page_of(start, count, total):
    return {"items": [{"n": i} for i in range(start, start + count)], "totalSize": total}


def test_page_request_offsets_and_footer():
    assert PageRequest().start == 0 and PageRequest().size == 100
    assert PageRequest(page=3, max=10).start == 20
    assert PageRequest(offset=1, max=2).footer(1) == "Showing from 1 to 2 from a total of 1 entries. "
    assert PageRequest(page=1, max=2).footer(1) == "Page 1, showing from 0 to 1 from a total of 1 entries. "
    assert PageRequest(max=5).footer(10) is None


@pytest.mark.parametrize("kwargs,message", [
    ({"page": 1, "offset": 2}, "Please use either --page or --offset as pagination parameter"),
    ({"offset": -1}, "Record offset number must be a positive value."),
    ({"page": 0}, "Page number must be greater than zero."),
])
def test_page_request_validation(kwargs, message):
    with pytest.raises(InputError) as info:
        PageRequest(**kwargs)
    assert info.value.message == message


def test_iter_items_walks_pages_that_do_not_divide_total(mock):
    for offset, count in ((0, 100), (100, 100), (200, 50)):
        mock.get(f"{URL}/things", json=page_of(offset, count, 250),
                 match=[matchers.query_param_matcher({"workspaceId": "1", "max": "100", "offset": str(offset)})])
    client = Client(URL, "t")
    items = list(paging.iter_items(client, "/things", "items", {"workspaceId": 1}))
    assert [i["n"] for i in items] == list(range(250))
    assert len(mock.calls) == 3


def test_iter_items_is_lazy(mock):
    mock.get(f"{URL}/things", json=page_of(0, 100, 1000))
    client = Client(URL, "t")
    iterator = paging.iter_items(client, "/things", "items")
    first = next(iterator)
    assert first == {"n": 0}
    assert len(mock.calls) == 1  # the second page is not fetched until needed


def test_iter_items_without_total_stops_on_short_page(mock):
    mock.get(f"{URL}/things", json={"items": [{"n": 1}] * 100})
    mock.get(f"{URL}/things", json={"items": [{"n": 2}] * 3})
    assert len(list(paging.iter_items(Client(URL, "t"), "/things", "items"))) == 103


def test_page_size_never_exceeds_100(mock):
    mock.get(f"{URL}/things", json=page_of(0, 5, 5), match=[matchers.query_param_matcher({"max": "100", "offset": "0"})])
    assert len(list(paging.iter_items(Client(URL, "t"), "/things", "items", size=500))) == 5


def test_list_items_single_page_and_all(mock):
    mock.get(f"{URL}/things", json=page_of(10, 5, 40), match=[matchers.query_param_matcher({"max": "5", "offset": "10"})])
    page = paging.list_items(Client(URL, "t"), "/things", "items", None, PageRequest(page=3, max=5))
    assert page.total == 40 and len(page.items) == 5


def test_a_server_that_caps_max_lower_is_still_walked_to_the_total(mock):
    for offset in (0, 50, 100):
        mock.get(f"{URL}/things", json=page_of(offset, 50, 150),
                 match=[matchers.query_param_matcher({"max": "100", "offset": str(offset)})])
    assert len(list(paging.iter_items(Client(URL, "t"), "/things", "items"))) == 150


def test_an_empty_page_ends_even_when_the_total_promises_more(mock):
    mock.get(f"{URL}/things", json=page_of(0, 100, 500))
    mock.get(f"{URL}/things", json={"items": [], "totalSize": 500})
    assert len(list(paging.iter_items(Client(URL, "t"), "/things", "items"))) == 100
