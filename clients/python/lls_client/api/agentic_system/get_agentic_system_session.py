from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.session import Session
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: list[str] | None | Unset = UNSET,
    agent_id: str,
    session_id: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["agent_id"] = agent_id

    params["session_id"] = session_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/agentic_system/session/get",
        "params": params,
    }

    if isinstance(body, list):
        _kwargs["json"] = body

    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Session | None:
    if response.status_code == 200:
        response_200 = Session.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 501:
        response_501 = Error.from_dict(response.json())

        return response_501

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Session]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[str] | None | Unset = UNSET,
    agent_id: str,
    session_id: str,
) -> Response[Error | Session]:
    """Get a session

     A session with its turns; the body optionally lists the turn ids to include (null, or no body: all).

    Args:
        agent_id (str):
        session_id (str):
        body (list[str] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Session]
    """

    kwargs = _get_kwargs(
        body=body,
        agent_id=agent_id,
        session_id=session_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: list[str] | None | Unset = UNSET,
    agent_id: str,
    session_id: str,
) -> Error | Session | None:
    """Get a session

     A session with its turns; the body optionally lists the turn ids to include (null, or no body: all).

    Args:
        agent_id (str):
        session_id (str):
        body (list[str] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Session
    """

    return sync_detailed(
        client=client,
        body=body,
        agent_id=agent_id,
        session_id=session_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[str] | None | Unset = UNSET,
    agent_id: str,
    session_id: str,
) -> Response[Error | Session]:
    """Get a session

     A session with its turns; the body optionally lists the turn ids to include (null, or no body: all).

    Args:
        agent_id (str):
        session_id (str):
        body (list[str] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Session]
    """

    kwargs = _get_kwargs(
        body=body,
        agent_id=agent_id,
        session_id=session_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: list[str] | None | Unset = UNSET,
    agent_id: str,
    session_id: str,
) -> Error | Session | None:
    """Get a session

     A session with its turns; the body optionally lists the turn ids to include (null, or no body: all).

    Args:
        agent_id (str):
        session_id (str):
        body (list[str] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Session
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            agent_id=agent_id,
            session_id=session_id,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Session:
    errors.raise_for_status(response, operation_id="get_agentic_system_session")
    return cast(Session, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: list[str] | None | Unset = UNSET,
    agent_id: str,
    session_id: str,
) -> Session:
    """Get a session

     A session with its turns; the body optionally lists the turn ids to include (null, or no body: all).

    Args:
        agent_id (str):
        session_id (str):
        body (list[str] | None | Unset):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        Session
    """

    kwargs = _get_kwargs(
        body=body,
        agent_id=agent_id,
        session_id=session_id,
    )

    with errors.connection_errors(operation_id="get_agentic_system_session"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: list[str] | None | Unset = UNSET,
    agent_id: str,
    session_id: str,
) -> Session:
    """Get a session

     A session with its turns; the body optionally lists the turn ids to include (null, or no body: all).

    Args:
        agent_id (str):
        session_id (str):
        body (list[str] | None | Unset):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        Session
    """

    kwargs = _get_kwargs(
        body=body,
        agent_id=agent_id,
        session_id=session_id,
    )

    with errors.connection_errors(operation_id="get_agentic_system_session"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
