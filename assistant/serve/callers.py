"""Who is asking an HTTP request: the role of its bearer token, as a FastAPI dependency
every route shares (``Caller``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from .access import Access, Who


def caller_of(request: Request) -> Who:
    """The role of the request's bearer token (everyone is an editor without tokens)."""
    access: Access = request.app.state.service.access
    return access.from_bearer(request.headers.get("authorization"), request.client.host if request.client else None)


# Any valid token; what a role may do is checked (and refusals audited) by the Service.
Caller = Annotated[Who, Depends(caller_of)]
