from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.synthetic_data_generation_request import SyntheticDataGenerationRequest
from ...models.synthetic_data_generation_response import SyntheticDataGenerationResponse
from ...types import Response


def _get_kwargs(
    *,
    body: SyntheticDataGenerationRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/synthetic_data_generation/generate",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SyntheticDataGenerationResponse | None:
    if response.status_code == 200:
        response_200 = SyntheticDataGenerationResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | SyntheticDataGenerationResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SyntheticDataGenerationRequest,
) -> Response[Error | SyntheticDataGenerationResponse]:
    """Generate synthetic data

     Samples `num_candidates` answers to each dialog from `model`, scores each with `judge_model` as
    `/reward_scoring/score` does (1 to 10), and keeps those the `filtering_function` lets through, best
    first. Each message of `dialogs` is a prompt, answered as a dialog of its own. All candidates are
    generated together, then all scored together, at most the model's `parallel` at a time. `statistics`
    counts the dialogs, candidates and kept ones, sums up the scores and times the run.

    The work of one request is bounded (an addition to the draft): at most 32 `dialogs` and 16
    `num_candidates` (more is a 422 naming the field), at most the run config's
    `synthetic_data.max_request_candidates` candidates in all, dialogs times `num_candidates` (default
    128; more is a 400 naming both), at most `synthetic_data.max_tokens` tokens per candidate (default
    256; a larger `sampling_params.max_tokens`, or 0, gets that many), and prompts of at most
    `synthetic_data.max_prompt_tokens` tokens (default: the model's context; a longer one is a 400
    naming its dialog). Every prompt is checked before any is answered.

    With `save_as_dataset_uuid`, the kept candidates are also stored as a dataset in the same request
    (an addition to the draft): a uuid already taken is a 409 before anything is generated, and a filter
    that keeps nothing (only `sigmoid` can) is a 400, with no dataset created. A `model` or
    `judge_model` that is not registered is a 404.

    Args:
        body (SyntheticDataGenerationRequest): Prompts to answer, how many candidates to sample
            for each, and which of them to keep. `model` is the registered model that answers
            (default: the run config's `synthetic_data.model`, else the first registered model);
            `judge_model` the one that scores (default: the run config's `synthetic_data.judge_model`,
            else `model`; an addition to the draft).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SyntheticDataGenerationResponse]
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
    body: SyntheticDataGenerationRequest,
) -> Error | SyntheticDataGenerationResponse | None:
    """Generate synthetic data

     Samples `num_candidates` answers to each dialog from `model`, scores each with `judge_model` as
    `/reward_scoring/score` does (1 to 10), and keeps those the `filtering_function` lets through, best
    first. Each message of `dialogs` is a prompt, answered as a dialog of its own. All candidates are
    generated together, then all scored together, at most the model's `parallel` at a time. `statistics`
    counts the dialogs, candidates and kept ones, sums up the scores and times the run.

    The work of one request is bounded (an addition to the draft): at most 32 `dialogs` and 16
    `num_candidates` (more is a 422 naming the field), at most the run config's
    `synthetic_data.max_request_candidates` candidates in all, dialogs times `num_candidates` (default
    128; more is a 400 naming both), at most `synthetic_data.max_tokens` tokens per candidate (default
    256; a larger `sampling_params.max_tokens`, or 0, gets that many), and prompts of at most
    `synthetic_data.max_prompt_tokens` tokens (default: the model's context; a longer one is a 400
    naming its dialog). Every prompt is checked before any is answered.

    With `save_as_dataset_uuid`, the kept candidates are also stored as a dataset in the same request
    (an addition to the draft): a uuid already taken is a 409 before anything is generated, and a filter
    that keeps nothing (only `sigmoid` can) is a 400, with no dataset created. A `model` or
    `judge_model` that is not registered is a 404.

    Args:
        body (SyntheticDataGenerationRequest): Prompts to answer, how many candidates to sample
            for each, and which of them to keep. `model` is the registered model that answers
            (default: the run config's `synthetic_data.model`, else the first registered model);
            `judge_model` the one that scores (default: the run config's `synthetic_data.judge_model`,
            else `model`; an addition to the draft).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SyntheticDataGenerationResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SyntheticDataGenerationRequest,
) -> Response[Error | SyntheticDataGenerationResponse]:
    """Generate synthetic data

     Samples `num_candidates` answers to each dialog from `model`, scores each with `judge_model` as
    `/reward_scoring/score` does (1 to 10), and keeps those the `filtering_function` lets through, best
    first. Each message of `dialogs` is a prompt, answered as a dialog of its own. All candidates are
    generated together, then all scored together, at most the model's `parallel` at a time. `statistics`
    counts the dialogs, candidates and kept ones, sums up the scores and times the run.

    The work of one request is bounded (an addition to the draft): at most 32 `dialogs` and 16
    `num_candidates` (more is a 422 naming the field), at most the run config's
    `synthetic_data.max_request_candidates` candidates in all, dialogs times `num_candidates` (default
    128; more is a 400 naming both), at most `synthetic_data.max_tokens` tokens per candidate (default
    256; a larger `sampling_params.max_tokens`, or 0, gets that many), and prompts of at most
    `synthetic_data.max_prompt_tokens` tokens (default: the model's context; a longer one is a 400
    naming its dialog). Every prompt is checked before any is answered.

    With `save_as_dataset_uuid`, the kept candidates are also stored as a dataset in the same request
    (an addition to the draft): a uuid already taken is a 409 before anything is generated, and a filter
    that keeps nothing (only `sigmoid` can) is a 400, with no dataset created. A `model` or
    `judge_model` that is not registered is a 404.

    Args:
        body (SyntheticDataGenerationRequest): Prompts to answer, how many candidates to sample
            for each, and which of them to keep. `model` is the registered model that answers
            (default: the run config's `synthetic_data.model`, else the first registered model);
            `judge_model` the one that scores (default: the run config's `synthetic_data.judge_model`,
            else `model`; an addition to the draft).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SyntheticDataGenerationResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SyntheticDataGenerationRequest,
) -> Error | SyntheticDataGenerationResponse | None:
    """Generate synthetic data

     Samples `num_candidates` answers to each dialog from `model`, scores each with `judge_model` as
    `/reward_scoring/score` does (1 to 10), and keeps those the `filtering_function` lets through, best
    first. Each message of `dialogs` is a prompt, answered as a dialog of its own. All candidates are
    generated together, then all scored together, at most the model's `parallel` at a time. `statistics`
    counts the dialogs, candidates and kept ones, sums up the scores and times the run.

    The work of one request is bounded (an addition to the draft): at most 32 `dialogs` and 16
    `num_candidates` (more is a 422 naming the field), at most the run config's
    `synthetic_data.max_request_candidates` candidates in all, dialogs times `num_candidates` (default
    128; more is a 400 naming both), at most `synthetic_data.max_tokens` tokens per candidate (default
    256; a larger `sampling_params.max_tokens`, or 0, gets that many), and prompts of at most
    `synthetic_data.max_prompt_tokens` tokens (default: the model's context; a longer one is a 400
    naming its dialog). Every prompt is checked before any is answered.

    With `save_as_dataset_uuid`, the kept candidates are also stored as a dataset in the same request
    (an addition to the draft): a uuid already taken is a 409 before anything is generated, and a filter
    that keeps nothing (only `sigmoid` can) is a 400, with no dataset created. A `model` or
    `judge_model` that is not registered is a 404.

    Args:
        body (SyntheticDataGenerationRequest): Prompts to answer, how many candidates to sample
            for each, and which of them to keep. `model` is the registered model that answers
            (default: the run config's `synthetic_data.model`, else the first registered model);
            `judge_model` the one that scores (default: the run config's `synthetic_data.judge_model`,
            else `model`; an addition to the draft).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SyntheticDataGenerationResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def _parse_success(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> SyntheticDataGenerationResponse:
    errors.raise_for_status(response, operation_id="synthetic_data_generate")
    return cast(SyntheticDataGenerationResponse, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: SyntheticDataGenerationRequest,
) -> SyntheticDataGenerationResponse:
    """Generate synthetic data

     Samples `num_candidates` answers to each dialog from `model`, scores each with `judge_model` as
    `/reward_scoring/score` does (1 to 10), and keeps those the `filtering_function` lets through, best
    first. Each message of `dialogs` is a prompt, answered as a dialog of its own. All candidates are
    generated together, then all scored together, at most the model's `parallel` at a time. `statistics`
    counts the dialogs, candidates and kept ones, sums up the scores and times the run.

    The work of one request is bounded (an addition to the draft): at most 32 `dialogs` and 16
    `num_candidates` (more is a 422 naming the field), at most the run config's
    `synthetic_data.max_request_candidates` candidates in all, dialogs times `num_candidates` (default
    128; more is a 400 naming both), at most `synthetic_data.max_tokens` tokens per candidate (default
    256; a larger `sampling_params.max_tokens`, or 0, gets that many), and prompts of at most
    `synthetic_data.max_prompt_tokens` tokens (default: the model's context; a longer one is a 400
    naming its dialog). Every prompt is checked before any is answered.

    With `save_as_dataset_uuid`, the kept candidates are also stored as a dataset in the same request
    (an addition to the draft): a uuid already taken is a 409 before anything is generated, and a filter
    that keeps nothing (only `sigmoid` can) is a 400, with no dataset created. A `model` or
    `judge_model` that is not registered is a 404.

    Args:
        body (SyntheticDataGenerationRequest): Prompts to answer, how many candidates to sample
            for each, and which of them to keep. `model` is the registered model that answers
            (default: the run config's `synthetic_data.model`, else the first registered model);
            `judge_model` the one that scores (default: the run config's `synthetic_data.judge_model`,
            else `model`; an addition to the draft).

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        SyntheticDataGenerationResponse
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="synthetic_data_generate"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: SyntheticDataGenerationRequest,
) -> SyntheticDataGenerationResponse:
    """Generate synthetic data

     Samples `num_candidates` answers to each dialog from `model`, scores each with `judge_model` as
    `/reward_scoring/score` does (1 to 10), and keeps those the `filtering_function` lets through, best
    first. Each message of `dialogs` is a prompt, answered as a dialog of its own. All candidates are
    generated together, then all scored together, at most the model's `parallel` at a time. `statistics`
    counts the dialogs, candidates and kept ones, sums up the scores and times the run.

    The work of one request is bounded (an addition to the draft): at most 32 `dialogs` and 16
    `num_candidates` (more is a 422 naming the field), at most the run config's
    `synthetic_data.max_request_candidates` candidates in all, dialogs times `num_candidates` (default
    128; more is a 400 naming both), at most `synthetic_data.max_tokens` tokens per candidate (default
    256; a larger `sampling_params.max_tokens`, or 0, gets that many), and prompts of at most
    `synthetic_data.max_prompt_tokens` tokens (default: the model's context; a longer one is a 400
    naming its dialog). Every prompt is checked before any is answered.

    With `save_as_dataset_uuid`, the kept candidates are also stored as a dataset in the same request
    (an addition to the draft): a uuid already taken is a 409 before anything is generated, and a filter
    that keeps nothing (only `sigmoid` can) is a 400, with no dataset created. A `model` or
    `judge_model` that is not registered is a 404.

    Args:
        body (SyntheticDataGenerationRequest): Prompts to answer, how many candidates to sample
            for each, and which of them to keep. `model` is the registered model that answers
            (default: the run config's `synthetic_data.model`, else the first registered model);
            `judge_model` the one that scores (default: the run config's `synthetic_data.judge_model`,
            else `model`; an addition to the draft).

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        SyntheticDataGenerationResponse
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="synthetic_data_generate"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
