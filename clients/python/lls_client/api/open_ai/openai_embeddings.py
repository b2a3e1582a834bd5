from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.open_ai_embedding_list import OpenAIEmbeddingList
from ...models.open_ai_embeddings_request import OpenAIEmbeddingsRequest
from ...models.open_ai_error_response import OpenAIErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: OpenAIEmbeddingsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/embeddings",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OpenAIEmbeddingList | OpenAIErrorResponse | None:
    if response.status_code == 200:
        response_200 = OpenAIEmbeddingList.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OpenAIEmbeddingList | OpenAIErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAIEmbeddingsRequest,
) -> Response[OpenAIEmbeddingList | OpenAIErrorResponse]:
    """Embed texts, as OpenAI's embeddings do

     OpenAI's `POST /v1/embeddings`: one text or a list of them, embedded by the memory banks' default
    embedding model (all-MiniLM-L6-v2, 384 dimensions) when `model` names it, or by a registered
    llama.cpp model (mean-pooled). `encoding_format` `base64` gives little-endian float32 vectors in
    base64.

    Args:
        body (OpenAIEmbeddingsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenAIEmbeddingList | OpenAIErrorResponse]
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
    body: OpenAIEmbeddingsRequest,
) -> OpenAIEmbeddingList | OpenAIErrorResponse | None:
    """Embed texts, as OpenAI's embeddings do

     OpenAI's `POST /v1/embeddings`: one text or a list of them, embedded by the memory banks' default
    embedding model (all-MiniLM-L6-v2, 384 dimensions) when `model` names it, or by a registered
    llama.cpp model (mean-pooled). `encoding_format` `base64` gives little-endian float32 vectors in
    base64.

    Args:
        body (OpenAIEmbeddingsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenAIEmbeddingList | OpenAIErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAIEmbeddingsRequest,
) -> Response[OpenAIEmbeddingList | OpenAIErrorResponse]:
    """Embed texts, as OpenAI's embeddings do

     OpenAI's `POST /v1/embeddings`: one text or a list of them, embedded by the memory banks' default
    embedding model (all-MiniLM-L6-v2, 384 dimensions) when `model` names it, or by a registered
    llama.cpp model (mean-pooled). `encoding_format` `base64` gives little-endian float32 vectors in
    base64.

    Args:
        body (OpenAIEmbeddingsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenAIEmbeddingList | OpenAIErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAIEmbeddingsRequest,
) -> OpenAIEmbeddingList | OpenAIErrorResponse | None:
    """Embed texts, as OpenAI's embeddings do

     OpenAI's `POST /v1/embeddings`: one text or a list of them, embedded by the memory banks' default
    embedding model (all-MiniLM-L6-v2, 384 dimensions) when `model` names it, or by a registered
    llama.cpp model (mean-pooled). `encoding_format` `base64` gives little-endian float32 vectors in
    base64.

    Args:
        body (OpenAIEmbeddingsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenAIEmbeddingList | OpenAIErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OpenAIEmbeddingList:
    errors.raise_for_status(response, operation_id="openai_embeddings")
    return cast(OpenAIEmbeddingList, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAIEmbeddingsRequest,
) -> OpenAIEmbeddingList:
    """Embed texts, as OpenAI's embeddings do

     OpenAI's `POST /v1/embeddings`: one text or a list of them, embedded by the memory banks' default
    embedding model (all-MiniLM-L6-v2, 384 dimensions) when `model` names it, or by a registered
    llama.cpp model (mean-pooled). `encoding_format` `base64` gives little-endian float32 vectors in
    base64.

    Args:
        body (OpenAIEmbeddingsRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        OpenAIEmbeddingList
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="openai_embeddings"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: OpenAIEmbeddingsRequest,
) -> OpenAIEmbeddingList:
    """Embed texts, as OpenAI's embeddings do

     OpenAI's `POST /v1/embeddings`: one text or a list of them, embedded by the memory banks' default
    embedding model (all-MiniLM-L6-v2, 384 dimensions) when `model` names it, or by a registered
    llama.cpp model (mean-pooled). `encoding_format` `base64` gives little-endian float32 vectors in
    base64.

    Args:
        body (OpenAIEmbeddingsRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        OpenAIEmbeddingList
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="openai_embeddings"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
