from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.open_ai_error_response import OpenAIErrorResponse
from ...models.open_ai_model import OpenAIModel
from ...types import Response


def _get_kwargs(
    model: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/models/{model}".format(
            model=quote(str(model), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OpenAIErrorResponse | OpenAIModel | None:
    if response.status_code == 200:
        response_200 = OpenAIModel.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = OpenAIErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = OpenAIErrorResponse.from_dict(response.json())

        return response_404

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
) -> Response[OpenAIErrorResponse | OpenAIModel]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[OpenAIErrorResponse | OpenAIModel]:
    """Describe a model, as OpenAI's models retrieve does

     One model of `openai_list_models`; its id may hold slashes.

    Args:
        model (str):  Example: SmolLM2-135M-Instruct.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenAIErrorResponse | OpenAIModel]
    """

    kwargs = _get_kwargs(
        model=model,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model: str,
    *,
    client: AuthenticatedClient | Client,
) -> OpenAIErrorResponse | OpenAIModel | None:
    """Describe a model, as OpenAI's models retrieve does

     One model of `openai_list_models`; its id may hold slashes.

    Args:
        model (str):  Example: SmolLM2-135M-Instruct.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenAIErrorResponse | OpenAIModel
    """

    return sync_detailed(
        model=model,
        client=client,
    ).parsed


async def asyncio_detailed(
    model: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[OpenAIErrorResponse | OpenAIModel]:
    """Describe a model, as OpenAI's models retrieve does

     One model of `openai_list_models`; its id may hold slashes.

    Args:
        model (str):  Example: SmolLM2-135M-Instruct.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenAIErrorResponse | OpenAIModel]
    """

    kwargs = _get_kwargs(
        model=model,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model: str,
    *,
    client: AuthenticatedClient | Client,
) -> OpenAIErrorResponse | OpenAIModel | None:
    """Describe a model, as OpenAI's models retrieve does

     One model of `openai_list_models`; its id may hold slashes.

    Args:
        model (str):  Example: SmolLM2-135M-Instruct.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenAIErrorResponse | OpenAIModel
    """

    return (
        await asyncio_detailed(
            model=model,
            client=client,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OpenAIModel:
    errors.raise_for_status(response, operation_id="openai_get_model")
    return cast(OpenAIModel, _parse_response(client=client, response=response))


def call(
    model: str,
    *,
    client: AuthenticatedClient | Client,
) -> OpenAIModel:
    """Describe a model, as OpenAI's models retrieve does

     One model of `openai_list_models`; its id may hold slashes.

    Args:
        model (str):  Example: SmolLM2-135M-Instruct.

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        OpenAIModel
    """

    kwargs = _get_kwargs(
        model=model,
    )

    with errors.connection_errors(operation_id="openai_get_model"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    model: str,
    *,
    client: AuthenticatedClient | Client,
) -> OpenAIModel:
    """Describe a model, as OpenAI's models retrieve does

     One model of `openai_list_models`; its id may hold slashes.

    Args:
        model (str):  Example: SmolLM2-135M-Instruct.

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        OpenAIModel
    """

    kwargs = _get_kwargs(
        model=model,
    )

    with errors.connection_errors(operation_id="openai_get_model"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
