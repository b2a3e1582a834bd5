from http import HTTPStatus
from io import BytesIO
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, File, Response


def _get_kwargs(
    *,
    job_uuid: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["job_uuid"] = job_uuid

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/evaluate/job/rows",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | File | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | File]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    job_uuid: str,
) -> Response[Error | File]:
    """Download an evaluation job's rows

     Every row scored so far, in the dataset's order, as JSON Lines (one `EvaluationRowResult` a line).
    An addition to the draft.

    Args:
        job_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | File]
    """

    kwargs = _get_kwargs(
        job_uuid=job_uuid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    job_uuid: str,
) -> Error | File | None:
    """Download an evaluation job's rows

     Every row scored so far, in the dataset's order, as JSON Lines (one `EvaluationRowResult` a line).
    An addition to the draft.

    Args:
        job_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | File
    """

    return sync_detailed(
        client=client,
        job_uuid=job_uuid,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    job_uuid: str,
) -> Response[Error | File]:
    """Download an evaluation job's rows

     Every row scored so far, in the dataset's order, as JSON Lines (one `EvaluationRowResult` a line).
    An addition to the draft.

    Args:
        job_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | File]
    """

    kwargs = _get_kwargs(
        job_uuid=job_uuid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    job_uuid: str,
) -> Error | File | None:
    """Download an evaluation job's rows

     Every row scored so far, in the dataset's order, as JSON Lines (one `EvaluationRowResult` a line).
    An addition to the draft.

    Args:
        job_uuid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | File
    """

    return (
        await asyncio_detailed(
            client=client,
            job_uuid=job_uuid,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> File:
    errors.raise_for_status(response, operation_id="get_evaluation_job_rows")
    return cast(File, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    job_uuid: str,
) -> File:
    """Download an evaluation job's rows

     Every row scored so far, in the dataset's order, as JSON Lines (one `EvaluationRowResult` a line).
    An addition to the draft.

    Args:
        job_uuid (str):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        File
    """

    kwargs = _get_kwargs(
        job_uuid=job_uuid,
    )

    with errors.connection_errors(operation_id="get_evaluation_job_rows"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    job_uuid: str,
) -> File:
    """Download an evaluation job's rows

     Every row scored so far, in the dataset's order, as JSON Lines (one `EvaluationRowResult` a line).
    An addition to the draft.

    Args:
        job_uuid (str):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        File
    """

    kwargs = _get_kwargs(
        job_uuid=job_uuid,
    )

    with errors.connection_errors(operation_id="get_evaluation_job_rows"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
