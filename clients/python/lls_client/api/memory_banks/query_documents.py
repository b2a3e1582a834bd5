from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.query_documents_request import QueryDocumentsRequest
from ...models.query_documents_response import QueryDocumentsResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: QueryDocumentsRequest,
    bank_id: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["bank_id"] = bank_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/memory_bank/query",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | QueryDocumentsResponse | None:
    if response.status_code == 200:
        response_200 = QueryDocumentsResponse.from_dict(response.json())

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
) -> Response[Error | QueryDocumentsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: QueryDocumentsRequest,
    bank_id: str,
) -> Response[Error | QueryDocumentsResponse]:
    """Search a memory bank

     The `top_k` chunks nearest to the query, best first, with their scores.

    Args:
        bank_id (str):
        body (QueryDocumentsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | QueryDocumentsResponse]
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
    body: QueryDocumentsRequest,
    bank_id: str,
) -> Error | QueryDocumentsResponse | None:
    """Search a memory bank

     The `top_k` chunks nearest to the query, best first, with their scores.

    Args:
        bank_id (str):
        body (QueryDocumentsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | QueryDocumentsResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        bank_id=bank_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: QueryDocumentsRequest,
    bank_id: str,
) -> Response[Error | QueryDocumentsResponse]:
    """Search a memory bank

     The `top_k` chunks nearest to the query, best first, with their scores.

    Args:
        bank_id (str):
        body (QueryDocumentsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | QueryDocumentsResponse]
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
    body: QueryDocumentsRequest,
    bank_id: str,
) -> Error | QueryDocumentsResponse | None:
    """Search a memory bank

     The `top_k` chunks nearest to the query, best first, with their scores.

    Args:
        bank_id (str):
        body (QueryDocumentsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | QueryDocumentsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            bank_id=bank_id,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> QueryDocumentsResponse:
    errors.raise_for_status(response, operation_id="query_documents")
    return cast(QueryDocumentsResponse, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: QueryDocumentsRequest,
    bank_id: str,
) -> QueryDocumentsResponse:
    """Search a memory bank

     The `top_k` chunks nearest to the query, best first, with their scores.

    Args:
        bank_id (str):
        body (QueryDocumentsRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        QueryDocumentsResponse
    """

    kwargs = _get_kwargs(
        body=body,
        bank_id=bank_id,
    )

    with errors.connection_errors(operation_id="query_documents"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: QueryDocumentsRequest,
    bank_id: str,
) -> QueryDocumentsResponse:
    """Search a memory bank

     The `top_k` chunks nearest to the query, best first, with their scores.

    Args:
        bank_id (str):
        body (QueryDocumentsRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        QueryDocumentsResponse
    """

    kwargs = _get_kwargs(
        body=body,
        bank_id=bank_id,
    )

    with errors.connection_errors(operation_id="query_documents"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
