"""Organization members and collaborators (`/orgs/{orgId}/members`, `/orgs/{orgId}/collaborators`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.api.client import expect_field
from tw_py.api.paging import MAX_PAGE_SIZE, Page, PageRequest, iter_items, list_items
from tw_py.api.paths import api_path
from tw_py.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from tw_py.api.client import Client


ROLES = ("owner", "member", "collaborator")


def list_members(client: Client, org_id: int, *, search: str | None = None, page: PageRequest | None = None) -> Page:
    """One page (or every page with --all) of the organization's members."""
    return list_items(client, api_path("/orgs/{}/members", org_id), "members", {"search": search or None}, page or PageRequest())


def list_collaborators(client: Client, org_id: int, *, search: str | None = None, page: PageRequest | None = None) -> Page:
    """One page (or every page with --all) of the organization's collaborators."""
    return list_items(client, api_path("/orgs/{}/collaborators", org_id), "members", {"search": search or None},
                      page or PageRequest())


def _matches(member: dict, user: str) -> bool:
    return member.get("userName") == user or (member.get("email") or "").lower() == user.lower()


def search_member(client: Client, org_id: int, user: str, *, collaborators: bool = False) -> dict | None:
    """The member (or collaborator) named or mailed exactly `user`, else the only search hit, else None."""
    kind = "collaborators" if collaborators else "members"
    found = list(iter_items(client, api_path("/orgs/{}/{}", org_id, kind), "members", {"search": user}, size=MAX_PAGE_SIZE))
    exact = [m for m in found if _matches(m, user)]
    if len(exact) == 1:
        return exact[0]
    return found[0] if len(found) == 1 else None


def find_member(client: Client, org_id: int, user: str) -> dict:
    """tw's member lookup for delete/update: exactly one member for the keyword (an exact name/email wins)."""
    found = list(iter_items(client, api_path("/orgs/{}/members", org_id), "members", {"search": user}, size=MAX_PAGE_SIZE))
    exact = [m for m in found if _matches(m, user)]
    if len(exact) == 1:
        return exact[0]
    if not found:
        raise NotFoundError(f"Member '{user}' not found in {org_id} organization",
                            hint="List the members with 'twpy members list -o <organization>'.")
    if len(found) > 1:
        raise InputError(f"Multiple members were found for the '{user}' keyword {org_id} organization",
                         hint="Give the exact user name or email.")
    return found[0]


def add_member(client: Client, org_id: int, user: str) -> dict:
    """`PUT /orgs/{orgId}/members/add`: invite a user (name or email); returns the new member."""
    added = client.put(api_path("/orgs/{}/members/add", org_id), {"user": user}, idempotent=False)
    return expect_field(added, "member", what="the new member")


def delete_member(client: Client, org_id: int, member_id: int) -> None:
    client.delete(api_path("/orgs/{}/members/{}", org_id, member_id))


def update_role(client: Client, org_id: int, member_id: int, role: str) -> None:
    client.put(api_path("/orgs/{}/members/{}/role", org_id, member_id), {"role": role})


def leave(client: Client, org_id: int) -> None:
    client.delete(api_path("/orgs/{}/members/leave", org_id))
