from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.open_ai_chat_completion import OpenAIChatCompletion
from ...models.open_ai_chat_completion_request import OpenAIChatCompletionRequest
from ...models.open_ai_error_response import OpenAIErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: OpenAIChatCompletionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/chat/completions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OpenAIChatCompletion | OpenAIErrorResponse | None:
    if response.status_code == 200:
        response_200 = OpenAIChatCompletion.from_dict(response.json())

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
) -> Response[OpenAIChatCompletion | OpenAIErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAIChatCompletionRequest,
) -> Response[OpenAIChatCompletion | OpenAIErrorResponse]:
    """Answer a dialog, as OpenAI's chat completions do

     OpenAI's `POST /v1/chat/completions`, on the same models and engine as `chat_completion`: messages
    with system, developer, user, assistant and tool roles; `tools` and `tool_choice` (a named function
    forces a call, whose arguments the grammar keeps to the function's parameters); `response_format`
    `json_object` or `json_schema`; sampling (`temperature`, 1 by default as OpenAI's, 0 for the most
    likely token; `top_p`, `seed`, `stop`, `frequency_penalty`, `presence_penalty`); `n` choices;
    `logprobs` with `top_logprobs`. With `stream: true` the answer is a `text/event-stream` of chunks
    ending with `data: [DONE]`; with `stream_options.include_usage` the last chunk before it carries the
    usage. While tools are offered, a streamed answer's text comes at its end, once it is known not to
    be a tool call. Errors are OpenAI's `{"error": ...}` documents, with the statuses its SDK maps to
    its exception classes.

    Args:
        body (OpenAIChatCompletionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenAIChatCompletion | OpenAIErrorResponse]
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
    body: OpenAIChatCompletionRequest,
) -> OpenAIChatCompletion | OpenAIErrorResponse | None:
    """Answer a dialog, as OpenAI's chat completions do

     OpenAI's `POST /v1/chat/completions`, on the same models and engine as `chat_completion`: messages
    with system, developer, user, assistant and tool roles; `tools` and `tool_choice` (a named function
    forces a call, whose arguments the grammar keeps to the function's parameters); `response_format`
    `json_object` or `json_schema`; sampling (`temperature`, 1 by default as OpenAI's, 0 for the most
    likely token; `top_p`, `seed`, `stop`, `frequency_penalty`, `presence_penalty`); `n` choices;
    `logprobs` with `top_logprobs`. With `stream: true` the answer is a `text/event-stream` of chunks
    ending with `data: [DONE]`; with `stream_options.include_usage` the last chunk before it carries the
    usage. While tools are offered, a streamed answer's text comes at its end, once it is known not to
    be a tool call. Errors are OpenAI's `{"error": ...}` documents, with the statuses its SDK maps to
    its exception classes.

    Args:
        body (OpenAIChatCompletionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenAIChatCompletion | OpenAIErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAIChatCompletionRequest,
) -> Response[OpenAIChatCompletion | OpenAIErrorResponse]:
    """Answer a dialog, as OpenAI's chat completions do

     OpenAI's `POST /v1/chat/completions`, on the same models and engine as `chat_completion`: messages
    with system, developer, user, assistant and tool roles; `tools` and `tool_choice` (a named function
    forces a call, whose arguments the grammar keeps to the function's parameters); `response_format`
    `json_object` or `json_schema`; sampling (`temperature`, 1 by default as OpenAI's, 0 for the most
    likely token; `top_p`, `seed`, `stop`, `frequency_penalty`, `presence_penalty`); `n` choices;
    `logprobs` with `top_logprobs`. With `stream: true` the answer is a `text/event-stream` of chunks
    ending with `data: [DONE]`; with `stream_options.include_usage` the last chunk before it carries the
    usage. While tools are offered, a streamed answer's text comes at its end, once it is known not to
    be a tool call. Errors are OpenAI's `{"error": ...}` documents, with the statuses its SDK maps to
    its exception classes.

    Args:
        body (OpenAIChatCompletionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenAIChatCompletion | OpenAIErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAIChatCompletionRequest,
) -> OpenAIChatCompletion | OpenAIErrorResponse | None:
    """Answer a dialog, as OpenAI's chat completions do

     OpenAI's `POST /v1/chat/completions`, on the same models and engine as `chat_completion`: messages
    with system, developer, user, assistant and tool roles; `tools` and `tool_choice` (a named function
    forces a call, whose arguments the grammar keeps to the function's parameters); `response_format`
    `json_object` or `json_schema`; sampling (`temperature`, 1 by default as OpenAI's, 0 for the most
    likely token; `top_p`, `seed`, `stop`, `frequency_penalty`, `presence_penalty`); `n` choices;
    `logprobs` with `top_logprobs`. With `stream: true` the answer is a `text/event-stream` of chunks
    ending with `data: [DONE]`; with `stream_options.include_usage` the last chunk before it carries the
    usage. While tools are offered, a streamed answer's text comes at its end, once it is known not to
    be a tool call. Errors are OpenAI's `{"error": ...}` documents, with the statuses its SDK maps to
    its exception classes.

    Args:
        body (OpenAIChatCompletionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenAIChatCompletion | OpenAIErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OpenAIChatCompletion:
    errors.raise_for_status(response, operation_id="openai_chat_completion")
    return cast(OpenAIChatCompletion, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAIChatCompletionRequest,
) -> OpenAIChatCompletion:
    """Answer a dialog, as OpenAI's chat completions do

     OpenAI's `POST /v1/chat/completions`, on the same models and engine as `chat_completion`: messages
    with system, developer, user, assistant and tool roles; `tools` and `tool_choice` (a named function
    forces a call, whose arguments the grammar keeps to the function's parameters); `response_format`
    `json_object` or `json_schema`; sampling (`temperature`, 1 by default as OpenAI's, 0 for the most
    likely token; `top_p`, `seed`, `stop`, `frequency_penalty`, `presence_penalty`); `n` choices;
    `logprobs` with `top_logprobs`. With `stream: true` the answer is a `text/event-stream` of chunks
    ending with `data: [DONE]`; with `stream_options.include_usage` the last chunk before it carries the
    usage. While tools are offered, a streamed answer's text comes at its end, once it is known not to
    be a tool call. Errors are OpenAI's `{"error": ...}` documents, with the statuses its SDK maps to
    its exception classes.

    Args:
        body (OpenAIChatCompletionRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        OpenAIChatCompletion
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="openai_chat_completion"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAIChatCompletionRequest,
) -> OpenAIChatCompletion:
    """Answer a dialog, as OpenAI's chat completions do

     OpenAI's `POST /v1/chat/completions`, on the same models and engine as `chat_completion`: messages
    with system, developer, user, assistant and tool roles; `tools` and `tool_choice` (a named function
    forces a call, whose arguments the grammar keeps to the function's parameters); `response_format`
    `json_object` or `json_schema`; sampling (`temperature`, 1 by default as OpenAI's, 0 for the most
    likely token; `top_p`, `seed`, `stop`, `frequency_penalty`, `presence_penalty`); `n` choices;
    `logprobs` with `top_logprobs`. With `stream: true` the answer is a `text/event-stream` of chunks
    ending with `data: [DONE]`; with `stream_options.include_usage` the last chunk before it carries the
    usage. While tools are offered, a streamed answer's text comes at its end, once it is known not to
    be a tool call. Errors are OpenAI's `{"error": ...}` documents, with the statuses its SDK maps to
    its exception classes.

    Args:
        body (OpenAIChatCompletionRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        OpenAIChatCompletion
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="openai_chat_completion"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
