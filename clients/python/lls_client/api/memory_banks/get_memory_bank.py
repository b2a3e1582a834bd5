from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.memory_bank import MemoryBank
from ...types import UNSET, Response


def _get_kwargs(
    *,
    bank_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["bank_id"] = bank_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/memory_banks/get",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | MemoryBank | None:
    if response.status_code == 200:
        response_200 = MemoryBank.from_dict(response.json())

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
    bank_id: str,
) -> Response[Error | MemoryBank]:
    """Describe a memory bank

     One memory bank's definition.

    Args:
        bank_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemoryBank]
    """

    kwargs = _get_kwargs(
        bank_id=bank_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    bank_id: str,
) -> Error | MemoryBank | None:
    """Describe a memory bank

     One memory bank's definition.

    Args:
        bank_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemoryBank
    """

    return sync_detailed(
        client=client,
        bank_id=bank_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    bank_id: str,
) -> Response[Error | MemoryBank]:
    """Describe a memory bank

     One memory bank's definition.

    Args:
        bank_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MemoryBank]
    """

    kwargs = _get_kwargs(
        bank_id=bank_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    bank_id: str,
) -> Error | MemoryBank | None:
    """Describe a memory bank

     One memory bank's definition.

    Args:
        bank_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MemoryBank
    """

    return (
        await asyncio_detailed(
            client=client,
            bank_id=bank_id,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MemoryBank:
    errors.raise_for_status(response, operation_id="get_memory_bank")
    return cast(MemoryBank, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    bank_id: str,
) -> MemoryBank:
    """Describe a memory bank

     One memory bank's definition.

    Args:
        bank_id (str):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        MemoryBank
    """

    kwargs = _get_kwargs(
        bank_id=bank_id,
    )

    with errors.connection_errors(operation_id="get_memory_bank"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    bank_id: str,
) -> MemoryBank:
    """Describe a memory bank

     One memory bank's definition.

    Args:
        bank_id (str):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        MemoryBank
    """

    kwargs = _get_kwargs(
        bank_id=bank_id,
    )

    with errors.connection_errors(operation_id="get_memory_bank"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
