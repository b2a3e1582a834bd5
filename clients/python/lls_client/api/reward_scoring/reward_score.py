from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.reward_scoring_request import RewardScoringRequest
from ...models.reward_scoring_response import RewardScoringResponse
from ...types import Response


def _get_kwargs(
    *,
    body: RewardScoringRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/reward_scoring/score",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RewardScoringResponse | None:
    if response.status_code == 200:
        response_200 = RewardScoringResponse.from_dict(response.json())

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
) -> Response[Error | RewardScoringResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RewardScoringRequest,
) -> Response[Error | RewardScoringResponse]:
    """Score generations

     Scores each sampled generation of each dialog with the named model as a judge. For each generation
    the judge is given a rubric (a system message) and one user message holding the dialog, as a
    transcript, then the candidate answer, and asked for a score from 1 (wrong, unhelpful or harmful) to
    10 (correct, complete, helpful and harmless), the number only. The answer is decoded greedily under
    a grammar that admits only the whole numbers `1` to `10`, so it always parses, and the same request
    gets the same scores. Scores are floats from 1 to 10 (whole numbers with this judge). All
    generations are scored together, batched by the engine. A `model` that is not registered is a 404; a
    dialog and answer too long for the judge's context is a 400 naming it
    (`dialog_generations.0.sampled_generations.1`).

    Args:
        body (RewardScoringRequest): Dialogs and candidate answers to each, to be scored by a
            judge model.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RewardScoringResponse]
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
    body: RewardScoringRequest,
) -> Error | RewardScoringResponse | None:
    """Score generations

     Scores each sampled generation of each dialog with the named model as a judge. For each generation
    the judge is given a rubric (a system message) and one user message holding the dialog, as a
    transcript, then the candidate answer, and asked for a score from 1 (wrong, unhelpful or harmful) to
    10 (correct, complete, helpful and harmless), the number only. The answer is decoded greedily under
    a grammar that admits only the whole numbers `1` to `10`, so it always parses, and the same request
    gets the same scores. Scores are floats from 1 to 10 (whole numbers with this judge). All
    generations are scored together, batched by the engine. A `model` that is not registered is a 404; a
    dialog and answer too long for the judge's context is a 400 naming it
    (`dialog_generations.0.sampled_generations.1`).

    Args:
        body (RewardScoringRequest): Dialogs and candidate answers to each, to be scored by a
            judge model.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RewardScoringResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RewardScoringRequest,
) -> Response[Error | RewardScoringResponse]:
    """Score generations

     Scores each sampled generation of each dialog with the named model as a judge. For each generation
    the judge is given a rubric (a system message) and one user message holding the dialog, as a
    transcript, then the candidate answer, and asked for a score from 1 (wrong, unhelpful or harmful) to
    10 (correct, complete, helpful and harmless), the number only. The answer is decoded greedily under
    a grammar that admits only the whole numbers `1` to `10`, so it always parses, and the same request
    gets the same scores. Scores are floats from 1 to 10 (whole numbers with this judge). All
    generations are scored together, batched by the engine. A `model` that is not registered is a 404; a
    dialog and answer too long for the judge's context is a 400 naming it
    (`dialog_generations.0.sampled_generations.1`).

    Args:
        body (RewardScoringRequest): Dialogs and candidate answers to each, to be scored by a
            judge model.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RewardScoringResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RewardScoringRequest,
) -> Error | RewardScoringResponse | None:
    """Score generations

     Scores each sampled generation of each dialog with the named model as a judge. For each generation
    the judge is given a rubric (a system message) and one user message holding the dialog, as a
    transcript, then the candidate answer, and asked for a score from 1 (wrong, unhelpful or harmful) to
    10 (correct, complete, helpful and harmless), the number only. The answer is decoded greedily under
    a grammar that admits only the whole numbers `1` to `10`, so it always parses, and the same request
    gets the same scores. Scores are floats from 1 to 10 (whole numbers with this judge). All
    generations are scored together, batched by the engine. A `model` that is not registered is a 404; a
    dialog and answer too long for the judge's context is a 400 naming it
    (`dialog_generations.0.sampled_generations.1`).

    Args:
        body (RewardScoringRequest): Dialogs and candidate answers to each, to be scored by a
            judge model.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RewardScoringResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> RewardScoringResponse:
    errors.raise_for_status(response, operation_id="reward_score")
    return cast(RewardScoringResponse, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: RewardScoringRequest,
) -> RewardScoringResponse:
    """Score generations

     Scores each sampled generation of each dialog with the named model as a judge. For each generation
    the judge is given a rubric (a system message) and one user message holding the dialog, as a
    transcript, then the candidate answer, and asked for a score from 1 (wrong, unhelpful or harmful) to
    10 (correct, complete, helpful and harmless), the number only. The answer is decoded greedily under
    a grammar that admits only the whole numbers `1` to `10`, so it always parses, and the same request
    gets the same scores. Scores are floats from 1 to 10 (whole numbers with this judge). All
    generations are scored together, batched by the engine. A `model` that is not registered is a 404; a
    dialog and answer too long for the judge's context is a 400 naming it
    (`dialog_generations.0.sampled_generations.1`).

    Args:
        body (RewardScoringRequest): Dialogs and candidate answers to each, to be scored by a
            judge model.

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        RewardScoringResponse
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="reward_score"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: RewardScoringRequest,
) -> RewardScoringResponse:
    """Score generations

     Scores each sampled generation of each dialog with the named model as a judge. For each generation
    the judge is given a rubric (a system message) and one user message holding the dialog, as a
    transcript, then the candidate answer, and asked for a score from 1 (wrong, unhelpful or harmful) to
    10 (correct, complete, helpful and harmless), the number only. The answer is decoded greedily under
    a grammar that admits only the whole numbers `1` to `10`, so it always parses, and the same request
    gets the same scores. Scores are floats from 1 to 10 (whole numbers with this judge). All
    generations are scored together, batched by the engine. A `model` that is not registered is a 404; a
    dialog and answer too long for the judge's context is a 400 naming it
    (`dialog_generations.0.sampled_generations.1`).

    Args:
        body (RewardScoringRequest): Dialogs and candidate answers to each, to be scored by a
            judge model.

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        RewardScoringResponse
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="reward_score"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
