from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.open_ai_error_response import OpenAIErrorResponse
from ...models.open_ai_model_list import OpenAIModelList
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/models",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OpenAIErrorResponse | OpenAIModelList | None:
    if response.status_code == 200:
        response_200 = OpenAIModelList.from_dict(response.json())

        return response_200

    if response.status_code == 500:
        response_500 = OpenAIErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 501:
        response_501 = OpenAIErrorResponse.from_dict(response.json())

        return response_501

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OpenAIErrorResponse | OpenAIModelList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[OpenAIErrorResponse | OpenAIModelList]:
    """List the models, as OpenAI's models list does

     Every registered model, and the default embedding model, in OpenAI's model list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenAIErrorResponse | OpenAIModelList]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> OpenAIErrorResponse | OpenAIModelList | None:
    """List the models, as OpenAI's models list does

     Every registered model, and the default embedding model, in OpenAI's model list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenAIErrorResponse | OpenAIModelList
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[OpenAIErrorResponse | OpenAIModelList]:
    """List the models, as OpenAI's models list does

     Every registered model, and the default embedding model, in OpenAI's model list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenAIErrorResponse | OpenAIModelList]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> OpenAIErrorResponse | OpenAIModelList | None:
    """List the models, as OpenAI's models list does

     Every registered model, and the default embedding model, in OpenAI's model list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenAIErrorResponse | OpenAIModelList
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OpenAIModelList:
    errors.raise_for_status(response, operation_id="openai_list_models")
    return cast(OpenAIModelList, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
) -> OpenAIModelList:
    """List the models, as OpenAI's models list does

     Every registered model, and the default embedding model, in OpenAI's model list.

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        OpenAIModelList
    """

    kwargs = _get_kwargs()

    with errors.connection_errors(operation_id="openai_list_models"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
) -> OpenAIModelList:
    """List the models, as OpenAI's models list does

     Every registered model, and the default embedding model, in OpenAI's model list.

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        OpenAIModelList
    """

    kwargs = _get_kwargs()

    with errors.connection_errors(operation_id="openai_list_models"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
