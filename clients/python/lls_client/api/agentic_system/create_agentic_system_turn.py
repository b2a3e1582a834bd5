from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.agentic_system_turn_create_request import AgenticSystemTurnCreateRequest
from ...models.error import Error
from ...models.turn import Turn
from ...types import Response


def _get_kwargs(
    *,
    body: AgenticSystemTurnCreateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/agentic_system/turn/create",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Turn | None:
    if response.status_code == 200:
        response_200 = Turn.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

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

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = Error.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Turn]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AgenticSystemTurnCreateRequest,
) -> Response[Error | Turn]:
    """Run a turn

     Runs one turn: input shields, then memory retrieval (the session's attached banks and its
    attachments), then inference and tool calls in a loop until the model ends its turn (or calls a
    client-side tool, or `max_infer_iters` is reached), then output shields. With `stream: true` the
    answer is a `text/event-stream` of turn events; otherwise the finished turn. A turn runs to its end
    and is stored even if the client goes away. A session runs one turn at a time: another turn while
    one runs is a 409.

    Args:
        body (AgenticSystemTurnCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Turn]
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
    body: AgenticSystemTurnCreateRequest,
) -> Error | Turn | None:
    """Run a turn

     Runs one turn: input shields, then memory retrieval (the session's attached banks and its
    attachments), then inference and tool calls in a loop until the model ends its turn (or calls a
    client-side tool, or `max_infer_iters` is reached), then output shields. With `stream: true` the
    answer is a `text/event-stream` of turn events; otherwise the finished turn. A turn runs to its end
    and is stored even if the client goes away. A session runs one turn at a time: another turn while
    one runs is a 409.

    Args:
        body (AgenticSystemTurnCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Turn
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AgenticSystemTurnCreateRequest,
) -> Response[Error | Turn]:
    """Run a turn

     Runs one turn: input shields, then memory retrieval (the session's attached banks and its
    attachments), then inference and tool calls in a loop until the model ends its turn (or calls a
    client-side tool, or `max_infer_iters` is reached), then output shields. With `stream: true` the
    answer is a `text/event-stream` of turn events; otherwise the finished turn. A turn runs to its end
    and is stored even if the client goes away. A session runs one turn at a time: another turn while
    one runs is a 409.

    Args:
        body (AgenticSystemTurnCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Turn]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AgenticSystemTurnCreateRequest,
) -> Error | Turn | None:
    """Run a turn

     Runs one turn: input shields, then memory retrieval (the session's attached banks and its
    attachments), then inference and tool calls in a loop until the model ends its turn (or calls a
    client-side tool, or `max_infer_iters` is reached), then output shields. With `stream: true` the
    answer is a `text/event-stream` of turn events; otherwise the finished turn. A turn runs to its end
    and is stored even if the client goes away. A session runs one turn at a time: another turn while
    one runs is a 409.

    Args:
        body (AgenticSystemTurnCreateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Turn
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Turn:
    errors.raise_for_status(response, operation_id="create_agentic_system_turn")
    return cast(Turn, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: AgenticSystemTurnCreateRequest,
) -> Turn:
    """Run a turn

     Runs one turn: input shields, then memory retrieval (the session's attached banks and its
    attachments), then inference and tool calls in a loop until the model ends its turn (or calls a
    client-side tool, or `max_infer_iters` is reached), then output shields. With `stream: true` the
    answer is a `text/event-stream` of turn events; otherwise the finished turn. A turn runs to its end
    and is stored even if the client goes away. A session runs one turn at a time: another turn while
    one runs is a 409.

    Args:
        body (AgenticSystemTurnCreateRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        Turn
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="create_agentic_system_turn"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: AgenticSystemTurnCreateRequest,
) -> Turn:
    """Run a turn

     Runs one turn: input shields, then memory retrieval (the session's attached banks and its
    attachments), then inference and tool calls in a loop until the model ends its turn (or calls a
    client-side tool, or `max_infer_iters` is reached), then output shields. With `stream: true` the
    answer is a `text/event-stream` of turn events; otherwise the finished turn. A turn runs to its end
    and is stored even if the client goes away. A session runs one turn at a time: another turn while
    one runs is a 409.

    Args:
        body (AgenticSystemTurnCreateRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        Turn
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="create_agentic_system_turn"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
