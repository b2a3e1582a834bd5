from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.memory_bank import MemoryBank
from ...models.memory_bank_document import MemoryBankDocument
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: list[MemoryBankDocument],
    bank_id: str,
    bank_name: str,
    embedding_model: str | Unset = UNSET,
    chunk_size_in_tokens: int | Unset = UNSET,
    overlap_size_in_tokens: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["bank_id"] = bank_id

    params["bank_name"] = bank_name

    params["embedding_model"] = embedding_model

    params["chunk_size_in_tokens"] = chunk_size_in_tokens

    params["overlap_size_in_tokens"] = overlap_size_in_tokens

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/memory_banks/create",
        "params": params,
    }

    _kwargs["json"] = []
    for body_item_data in body:
        body_item = body_item_data.to_dict()
        _kwargs["json"].append(body_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | MemoryBank | None:
    if response.status_code == 200:
        response_200 = MemoryBank.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | MemoryBank]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[MemoryBankDocument],
    bank_id: str,
    bank_name: str,
    embedding_model: str | Unset = UNSET,
    chunk_size_in_tokens: int | Unset = UNSET,
    overlap_size_in_tokens: int | Unset = UNSET,
) -> Response[Error | MemoryBank]:
    """Create a memory bank

     Creates an empty memory bank, then inserts the documents of the body into it (an empty list is
    fine). The bank's embedding model and chunking are fixed at creation.

    Args:
        bank_id (str):
        bank_name (str):
        embedding_model (str | Unset):
        chunk_size_in_tokens (int | Unset):
        overlap_size_in_tokens (int | Unset):
        body (list[MemoryBankDocument]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemoryBank]
    """

    kwargs = _get_kwargs(
        body=body,
        bank_id=bank_id,
        bank_name=bank_name,
        embedding_model=embedding_model,
        chunk_size_in_tokens=chunk_size_in_tokens,
        overlap_size_in_tokens=overlap_size_in_tokens,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: list[MemoryBankDocument],
    bank_id: str,
    bank_name: str,
    embedding_model: str | Unset = UNSET,
    chunk_size_in_tokens: int | Unset = UNSET,
    overlap_size_in_tokens: int | Unset = UNSET,
) -> Error | MemoryBank | None:
    """Create a memory bank

     Creates an empty memory bank, then inserts the documents of the body into it (an empty list is
    fine). The bank's embedding model and chunking are fixed at creation.

    Args:
        bank_id (str):
        bank_name (str):
        embedding_model (str | Unset):
        chunk_size_in_tokens (int | Unset):
        overlap_size_in_tokens (int | Unset):
        body (list[MemoryBankDocument]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemoryBank
    """

    return sync_detailed(
        client=client,
        body=body,
        bank_id=bank_id,
        bank_name=bank_name,
        embedding_model=embedding_model,
        chunk_size_in_tokens=chunk_size_in_tokens,
        overlap_size_in_tokens=overlap_size_in_tokens,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[MemoryBankDocument],
    bank_id: str,
    bank_name: str,
    embedding_model: str | Unset = UNSET,
    chunk_size_in_tokens: int | Unset = UNSET,
    overlap_size_in_tokens: int | Unset = UNSET,
) -> Response[Error | MemoryBank]:
    """Create a memory bank

     Creates an empty memory bank, then inserts the documents of the body into it (an empty list is
    fine). The bank's embedding model and chunking are fixed at creation.

    Args:
        bank_id (str):
        bank_name (str):
        embedding_model (str | Unset):
        chunk_size_in_tokens (int | Unset):
        overlap_size_in_tokens (int | Unset):
        body (list[MemoryBankDocument]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemoryBank]
    """

    kwargs = _get_kwargs(
        body=body,
        bank_id=bank_id,
        bank_name=bank_name,
        embedding_model=embedding_model,
        chunk_size_in_tokens=chunk_size_in_tokens,
        overlap_size_in_tokens=overlap_size_in_tokens,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: list[MemoryBankDocument],
    bank_id: str,
    bank_name: str,
    embedding_model: str | Unset = UNSET,
    chunk_size_in_tokens: int | Unset = UNSET,
    overlap_size_in_tokens: int | Unset = UNSET,
) -> Error | MemoryBank | None:
    """Create a memory bank

     Creates an empty memory bank, then inserts the documents of the body into it (an empty list is
    fine). The bank's embedding model and chunking are fixed at creation.

    Args:
        bank_id (str):
        bank_name (str):
        embedding_model (str | Unset):
        chunk_size_in_tokens (int | Unset):
        overlap_size_in_tokens (int | Unset):
        body (list[MemoryBankDocument]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemoryBank
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            bank_id=bank_id,
            bank_name=bank_name,
            embedding_model=embedding_model,
            chunk_size_in_tokens=chunk_size_in_tokens,
            overlap_size_in_tokens=overlap_size_in_tokens,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MemoryBank:
    errors.raise_for_status(response, operation_id="create_memory_bank")
    return cast(MemoryBank, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: list[MemoryBankDocument],
    bank_id: str,
    bank_name: str,
    embedding_model: str | Unset = UNSET,
    chunk_size_in_tokens: int | Unset = UNSET,
    overlap_size_in_tokens: int | Unset = UNSET,
) -> MemoryBank:
    """Create a memory bank

     Creates an empty memory bank, then inserts the documents of the body into it (an empty list is
    fine). The bank's embedding model and chunking are fixed at creation.

    Args:
        bank_id (str):
        bank_name (str):
        embedding_model (str | Unset):
        chunk_size_in_tokens (int | Unset):
        overlap_size_in_tokens (int | Unset):
        body (list[MemoryBankDocument]):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        MemoryBank
    """

    kwargs = _get_kwargs(
        body=body,
        bank_id=bank_id,
        bank_name=bank_name,
        embedding_model=embedding_model,
        chunk_size_in_tokens=chunk_size_in_tokens,
        overlap_size_in_tokens=overlap_size_in_tokens,
    )

    with errors.connection_errors(operation_id="create_memory_bank"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: list[MemoryBankDocument],
    bank_id: str,
    bank_name: str,
    embedding_model: str | Unset = UNSET,
    chunk_size_in_tokens: int | Unset = UNSET,
    overlap_size_in_tokens: int | Unset = UNSET,
) -> MemoryBank:
    """Create a memory bank

     Creates an empty memory bank, then inserts the documents of the body into it (an empty list is
    fine). The bank's embedding model and chunking are fixed at creation.

    Args:
        bank_id (str):
        bank_name (str):
        embedding_model (str | Unset):
        chunk_size_in_tokens (int | Unset):
        overlap_size_in_tokens (int | Unset):
        body (list[MemoryBankDocument]):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        MemoryBank
    """

    kwargs = _get_kwargs(
        body=body,
        bank_id=bank_id,
        bank_name=bank_name,
        embedding_model=embedding_model,
        chunk_size_in_tokens=chunk_size_in_tokens,
        overlap_size_in_tokens=overlap_size_in_tokens,
    )

    with errors.connection_errors(operation_id="create_memory_bank"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
