from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.open_ai_completion import OpenAICompletion
from ...models.open_ai_completion_request import OpenAICompletionRequest
from ...models.open_ai_error_response import OpenAIErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: OpenAICompletionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/completions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OpenAICompletion | OpenAIErrorResponse | None:
    if response.status_code == 200:
        response_200 = OpenAICompletion.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = OpenAIErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = OpenAIErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = OpenAIErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = OpenAIErrorResponse.from_dict(response.json())

        return response_422

    if response.status_code == 500:
        response_500 = OpenAIErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 501:
        response_501 = OpenAIErrorResponse.from_dict(response.json())

        return response_501

    if response.status_code == 503:
        response_503 = OpenAIErrorResponse.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = OpenAIErrorResponse.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OpenAICompletion | OpenAIErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAICompletionRequest,
) -> Response[OpenAICompletion | OpenAIErrorResponse]:
    """Complete a text, as OpenAI's completions do

     OpenAI's legacy `POST /v1/completions`, on the same models and engine as `completion`: one or more
    prompts, each answered with `n` choices (choice `index` counts prompts, then choices), `max_tokens`
    (16 by default, as OpenAI's), the sampling fields of chat completions, `echo` and `logprobs` (up to
    5 alternatives). With `stream: true`, a `text/event-stream` of completion chunks ending with `data:
    [DONE]`.

    Args:
        body (OpenAICompletionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenAICompletion | OpenAIErrorResponse]
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
    body: OpenAICompletionRequest,
) -> OpenAICompletion | OpenAIErrorResponse | None:
    """Complete a text, as OpenAI's completions do

     OpenAI's legacy `POST /v1/completions`, on the same models and engine as `completion`: one or more
    prompts, each answered with `n` choices (choice `index` counts prompts, then choices), `max_tokens`
    (16 by default, as OpenAI's), the sampling fields of chat completions, `echo` and `logprobs` (up to
    5 alternatives). With `stream: true`, a `text/event-stream` of completion chunks ending with `data:
    [DONE]`.

    Args:
        body (OpenAICompletionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenAICompletion | OpenAIErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAICompletionRequest,
) -> Response[OpenAICompletion | OpenAIErrorResponse]:
    """Complete a text, as OpenAI's completions do

     OpenAI's legacy `POST /v1/completions`, on the same models and engine as `completion`: one or more
    prompts, each answered with `n` choices (choice `index` counts prompts, then choices), `max_tokens`
    (16 by default, as OpenAI's), the sampling fields of chat completions, `echo` and `logprobs` (up to
    5 alternatives). With `stream: true`, a `text/event-stream` of completion chunks ending with `data:
    [DONE]`.

    Args:
        body (OpenAICompletionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenAICompletion | OpenAIErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAICompletionRequest,
) -> OpenAICompletion | OpenAIErrorResponse | None:
    """Complete a text, as OpenAI's completions do

     OpenAI's legacy `POST /v1/completions`, on the same models and engine as `completion`: one or more
    prompts, each answered with `n` choices (choice `index` counts prompts, then choices), `max_tokens`
    (16 by default, as OpenAI's), the sampling fields of chat completions, `echo` and `logprobs` (up to
    5 alternatives). With `stream: true`, a `text/event-stream` of completion chunks ending with `data:
    [DONE]`.

    Args:
        body (OpenAICompletionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenAICompletion | OpenAIErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OpenAICompletion:
    errors.raise_for_status(response, operation_id="openai_completion")
    return cast(OpenAICompletion, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAICompletionRequest,
) -> OpenAICompletion:
    """Complete a text, as OpenAI's completions do

     OpenAI's legacy `POST /v1/completions`, on the same models and engine as `completion`: one or more
    prompts, each answered with `n` choices (choice `index` counts prompts, then choices), `max_tokens`
    (16 by default, as OpenAI's), the sampling fields of chat completions, `echo` and `logprobs` (up to
    5 alternatives). With `stream: true`, a `text/event-stream` of completion chunks ending with `data:
    [DONE]`.

    Args:
        body (OpenAICompletionRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        OpenAICompletion
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="openai_completion"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAICompletionRequest,
) -> OpenAICompletion:
    """Complete a text, as OpenAI's completions do

     OpenAI's legacy `POST /v1/completions`, on the same models and engine as `completion`: one or more
    prompts, each answered with `n` choices (choice `index` counts prompts, then choices), `max_tokens`
    (16 by default, as OpenAI's), the sampling fields of chat completions, `echo` and `logprobs` (up to
    5 alternatives). With `stream: true`, a `text/event-stream` of completion chunks ending with `data:
    [DONE]`.

    Args:
        body (OpenAICompletionRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        OpenAICompletion
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="openai_completion"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
