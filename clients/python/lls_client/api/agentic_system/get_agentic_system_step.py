from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.agentic_system_step_response import AgenticSystemStepResponse
from ...models.error import Error
from ...types import UNSET, Response


def _get_kwargs(
    *,
    agent_id: str,
    turn_id: str,
    step_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["agent_id"] = agent_id

    params["turn_id"] = turn_id

    params["step_id"] = step_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/agentic_system/step/get",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AgenticSystemStepResponse | Error | None:
    if response.status_code == 200:
        response_200 = AgenticSystemStepResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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
) -> Response[AgenticSystemStepResponse | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    agent_id: str,
    turn_id: str,
    step_id: str,
) -> Response[AgenticSystemStepResponse | Error]:
    """Get a step

     One step of a turn.

    Args:
        agent_id (str):
        turn_id (str):
        step_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgenticSystemStepResponse | Error]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        turn_id=turn_id,
        step_id=step_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    agent_id: str,
    turn_id: str,
    step_id: str,
) -> AgenticSystemStepResponse | Error | None:
    """Get a step

     One step of a turn.

    Args:
        agent_id (str):
        turn_id (str):
        step_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgenticSystemStepResponse | Error
    """

    return sync_detailed(
        client=client,
        agent_id=agent_id,
        turn_id=turn_id,
        step_id=step_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    agent_id: str,
    turn_id: str,
    step_id: str,
) -> Response[AgenticSystemStepResponse | Error]:
    """Get a step

     One step of a turn.

    Args:
        agent_id (str):
        turn_id (str):
        step_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgenticSystemStepResponse | Error]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        turn_id=turn_id,
        step_id=step_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    agent_id: str,
    turn_id: str,
    step_id: str,
) -> AgenticSystemStepResponse | Error | None:
    """Get a step

     One step of a turn.

    Args:
        agent_id (str):
        turn_id (str):
        step_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgenticSystemStepResponse | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            agent_id=agent_id,
            turn_id=turn_id,
            step_id=step_id,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AgenticSystemStepResponse:
    errors.raise_for_status(response, operation_id="get_agentic_system_step")
    return cast(AgenticSystemStepResponse, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    agent_id: str,
    turn_id: str,
    step_id: str,
) -> AgenticSystemStepResponse:
    """Get a step

     One step of a turn.

    Args:
        agent_id (str):
        turn_id (str):
        step_id (str):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        AgenticSystemStepResponse
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        turn_id=turn_id,
        step_id=step_id,
    )

    with errors.connection_errors(operation_id="get_agentic_system_step"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    agent_id: str,
    turn_id: str,
    step_id: str,
) -> AgenticSystemStepResponse:
    """Get a step

     One step of a turn.

    Args:
        agent_id (str):
        turn_id (str):
        step_id (str):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        AgenticSystemStepResponse
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        turn_id=turn_id,
        step_id=step_id,
    )

    with errors.connection_errors(operation_id="get_agentic_system_step"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
