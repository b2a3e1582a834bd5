from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.agentic_system_create_request import AgenticSystemCreateRequest
from ...models.agentic_system_create_response import AgenticSystemCreateResponse
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: AgenticSystemCreateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/agentic_system/create",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AgenticSystemCreateResponse | Error | None:
    if response.status_code == 200:
        response_200 = AgenticSystemCreateResponse.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AgenticSystemCreateResponse | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AgenticSystemCreateRequest,
) -> Response[AgenticSystemCreateResponse | Error]:
    """Create an agentic system

     Creates an agentic system: a model with instructions, tools and shields that runs turns in a loop of
    inference, tool calls and shield calls.

    Args:
        body (AgenticSystemCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgenticSystemCreateResponse | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AgenticSystemCreateRequest,
) -> AgenticSystemCreateResponse | Error | None:
    """Create an agentic system

     Creates an agentic system: a model with instructions, tools and shields that runs turns in a loop of
    inference, tool calls and shield calls.

    Args:
        body (AgenticSystemCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgenticSystemCreateResponse | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AgenticSystemCreateRequest,
) -> Response[AgenticSystemCreateResponse | Error]:
    """Create an agentic system

     Creates an agentic system: a model with instructions, tools and shields that runs turns in a loop of
    inference, tool calls and shield calls.

    Args:
        body (AgenticSystemCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgenticSystemCreateResponse | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AgenticSystemCreateRequest,
) -> AgenticSystemCreateResponse | Error | None:
    """Create an agentic system

     Creates an agentic system: a model with instructions, tools and shields that runs turns in a loop of
    inference, tool calls and shield calls.

    Args:
        body (AgenticSystemCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgenticSystemCreateResponse | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AgenticSystemCreateResponse:
    errors.raise_for_status(response, operation_id="create_agentic_system")
    return cast(AgenticSystemCreateResponse, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: AgenticSystemCreateRequest,
) -> AgenticSystemCreateResponse:
    """Create an agentic system

     Creates an agentic system: a model with instructions, tools and shields that runs turns in a loop of
    inference, tool calls and shield calls.

    Args:
        body (AgenticSystemCreateRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        AgenticSystemCreateResponse
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="create_agentic_system"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: AgenticSystemCreateRequest,
) -> AgenticSystemCreateResponse:
    """Create an agentic system

     Creates an agentic system: a model with instructions, tools and shields that runs turns in a loop of
    inference, tool calls and shield calls.

    Args:
        body (AgenticSystemCreateRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        AgenticSystemCreateResponse
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="create_agentic_system"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
