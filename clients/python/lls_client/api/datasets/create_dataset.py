from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_dataset_request import CreateDatasetRequest
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: CreateDatasetRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/datasets/create",
    }

    _kwargs["json"] = body.to_dict()

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
    body: CreateDatasetRequest,
) -> Response[Any | Error]:
    """Register a dataset

     Registers a dataset for training or evaluation under the given id. The server reads the rows at
    `content_url` once, now, and keeps them: JSON Lines, CSV or Parquet, by the type the URL declares (a
    `Content-Type`, a `data:` URL's type) or else its extension (`.jsonl`, `.csv`, `.parquet`). Every
    row must have exactly the declared `columns`, each value of its column's type; a row that does not
    is a 400 naming its row number (from 1) and column, and nothing is stored. A `file://` URL outside
    the directories the server allows, or an address its outgoing policy denies, is a 403; an id already
    registered, a 409.

    Args:
        body (CreateDatasetRequest): Request to create a dataset.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
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
    body: CreateDatasetRequest,
) -> Any | Error | None:
    """Register a dataset

     Registers a dataset for training or evaluation under the given id. The server reads the rows at
    `content_url` once, now, and keeps them: JSON Lines, CSV or Parquet, by the type the URL declares (a
    `Content-Type`, a `data:` URL's type) or else its extension (`.jsonl`, `.csv`, `.parquet`). Every
    row must have exactly the declared `columns`, each value of its column's type; a row that does not
    is a 400 naming its row number (from 1) and column, and nothing is stored. A `file://` URL outside
    the directories the server allows, or an address its outgoing policy denies, is a 403; an id already
    registered, a 409.

    Args:
        body (CreateDatasetRequest): Request to create a dataset.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateDatasetRequest,
) -> Response[Any | Error]:
    """Register a dataset

     Registers a dataset for training or evaluation under the given id. The server reads the rows at
    `content_url` once, now, and keeps them: JSON Lines, CSV or Parquet, by the type the URL declares (a
    `Content-Type`, a `data:` URL's type) or else its extension (`.jsonl`, `.csv`, `.parquet`). Every
    row must have exactly the declared `columns`, each value of its column's type; a row that does not
    is a 400 naming its row number (from 1) and column, and nothing is stored. A `file://` URL outside
    the directories the server allows, or an address its outgoing policy denies, is a 403; an id already
    registered, a 409.

    Args:
        body (CreateDatasetRequest): Request to create a dataset.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateDatasetRequest,
) -> Any | Error | None:
    """Register a dataset

     Registers a dataset for training or evaluation under the given id. The server reads the rows at
    `content_url` once, now, and keeps them: JSON Lines, CSV or Parquet, by the type the URL declares (a
    `Content-Type`, a `data:` URL's type) or else its extension (`.jsonl`, `.csv`, `.parquet`). Every
    row must have exactly the declared `columns`, each value of its column's type; a row that does not
    is a 400 naming its row number (from 1) and column, and nothing is stored. A `file://` URL outside
    the directories the server allows, or an address its outgoing policy denies, is a 403; an id already
    registered, a 409.

    Args:
        body (CreateDatasetRequest): Request to create a dataset.

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
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any:
    errors.raise_for_status(response, operation_id="create_dataset")
    return cast(Any, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: CreateDatasetRequest,
) -> Any:
    """Register a dataset

     Registers a dataset for training or evaluation under the given id. The server reads the rows at
    `content_url` once, now, and keeps them: JSON Lines, CSV or Parquet, by the type the URL declares (a
    `Content-Type`, a `data:` URL's type) or else its extension (`.jsonl`, `.csv`, `.parquet`). Every
    row must have exactly the declared `columns`, each value of its column's type; a row that does not
    is a 400 naming its row number (from 1) and column, and nothing is stored. A `file://` URL outside
    the directories the server allows, or an address its outgoing policy denies, is a 403; an id already
    registered, a 409.

    Args:
        body (CreateDatasetRequest): Request to create a dataset.

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
    )

    with errors.connection_errors(operation_id="create_dataset"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: CreateDatasetRequest,
) -> Any:
    """Register a dataset

     Registers a dataset for training or evaluation under the given id. The server reads the rows at
    `content_url` once, now, and keeps them: JSON Lines, CSV or Parquet, by the type the URL declares (a
    `Content-Type`, a `data:` URL's type) or else its extension (`.jsonl`, `.csv`, `.parquet`). Every
    row must have exactly the declared `columns`, each value of its column's type; a row that does not
    is a 400 naming its row number (from 1) and column, and nothing is stored. A `file://` URL outside
    the directories the server allows, or an address its outgoing policy denies, is a 403; an id already
    registered, a 409.

    Args:
        body (CreateDatasetRequest): Request to create a dataset.

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
    )

    with errors.connection_errors(operation_id="create_dataset"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
