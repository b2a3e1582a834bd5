from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.memory_bank_document import MemoryBankDocument
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: list[MemoryBankDocument],
    bank_id: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["bank_id"] = bank_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/memory_bank/update",
        "params": params,
    }

    _kwargs["json"] = []
    for body_item_data in body:
        body_item = body_item_data.to_dict()
        _kwargs["json"].append(body_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
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
) -> Response[Any | Error]:
    """Replace documents

     Replaces every chunk of each document at once, so that no query sees a mix of old and new. Every
    document must already be in the bank.

    Args:
        bank_id (str):
        body (list[MemoryBankDocument]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        bank_id=bank_id,
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
) -> Any | Error | None:
    """Replace documents

     Replaces every chunk of each document at once, so that no query sees a mix of old and new. Every
    document must already be in the bank.

    Args:
        bank_id (str):
        body (list[MemoryBankDocument]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        bank_id=bank_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[MemoryBankDocument],
    bank_id: str,
) -> Response[Any | Error]:
    """Replace documents

     Replaces every chunk of each document at once, so that no query sees a mix of old and new. Every
    document must already be in the bank.

    Args:
        bank_id (str):
        body (list[MemoryBankDocument]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        bank_id=bank_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: list[MemoryBankDocument],
    bank_id: str,
) -> Any | Error | None:
    """Replace documents

     Replaces every chunk of each document at once, so that no query sees a mix of old and new. Every
    document must already be in the bank.

    Args:
        bank_id (str):
        body (list[MemoryBankDocument]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            bank_id=bank_id,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any:
    errors.raise_for_status(response, operation_id="update_documents")
    return cast(Any, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: list[MemoryBankDocument],
    bank_id: str,
) -> Any:
    """Replace documents

     Replaces every chunk of each document at once, so that no query sees a mix of old and new. Every
    document must already be in the bank.

    Args:
        bank_id (str):
        body (list[MemoryBankDocument]):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        Any
    """

    kwargs = _get_kwargs(
        body=body,
        bank_id=bank_id,
    )

    with errors.connection_errors(operation_id="update_documents"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: list[MemoryBankDocument],
    bank_id: str,
) -> Any:
    """Replace documents

     Replaces every chunk of each document at once, so that no query sees a mix of old and new. Every
    document must already be in the bank.

    Args:
        bank_id (str):
        body (list[MemoryBankDocument]):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        Any
    """

    kwargs = _get_kwargs(
        body=body,
        bank_id=bank_id,
    )

    with errors.connection_errors(operation_id="update_documents"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
