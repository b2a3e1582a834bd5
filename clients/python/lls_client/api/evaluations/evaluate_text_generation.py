from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.evaluate_text_generation_request import EvaluateTextGenerationRequest
from ...models.evaluation_job import EvaluationJob
from ...types import Response


def _get_kwargs(
    *,
    body: EvaluateTextGenerationRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/evaluate/text_generation/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | EvaluationJob | None:
    if response.status_code == 200:
        response_200 = EvaluationJob.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | EvaluationJob]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EvaluateTextGenerationRequest,
) -> Response[Error | EvaluationJob]:
    """Evaluate text generation

     Starts a job that evaluates a checkpoint's text generation on a dataset with the metrics asked for.

    Args:
        body (EvaluateTextGenerationRequest): Request to evaluate text generation. Each row of the
            dataset is a question to the model and the answers expected of it: the column
            `chat_completion_input` (`dialog`: the messages sent) or `input_query` (`text`: sent as
            one user message), and `expected_answer` (`text`, or `json`: a list of acceptable answers,
            the first of which perplexity reads). The model answers each row with `sampling_params`;
            the job scores each answer with the `metrics` and keeps every row's answer and scores.
            Example: {'job_uuid': 'text-eval-1', 'checkpoint': {'identifier':
            'SmolLM2-135M-Instruct'}, 'dataset': {'columns': {'input_query': 'text',
            'expected_answer': 'text'}, 'content_url': 'data:application/jsonl,{"input_query": "What
            do llamas eat?", "expected_answer": "Grass and hay."}'}, 'sampling_params': {'strategy':
            'greedy', 'max_tokens': 16}, 'metrics': ['perplexity', 'rouge']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EvaluationJob]
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
    body: EvaluateTextGenerationRequest,
) -> Error | EvaluationJob | None:
    """Evaluate text generation

     Starts a job that evaluates a checkpoint's text generation on a dataset with the metrics asked for.

    Args:
        body (EvaluateTextGenerationRequest): Request to evaluate text generation. Each row of the
            dataset is a question to the model and the answers expected of it: the column
            `chat_completion_input` (`dialog`: the messages sent) or `input_query` (`text`: sent as
            one user message), and `expected_answer` (`text`, or `json`: a list of acceptable answers,
            the first of which perplexity reads). The model answers each row with `sampling_params`;
            the job scores each answer with the `metrics` and keeps every row's answer and scores.
            Example: {'job_uuid': 'text-eval-1', 'checkpoint': {'identifier':
            'SmolLM2-135M-Instruct'}, 'dataset': {'columns': {'input_query': 'text',
            'expected_answer': 'text'}, 'content_url': 'data:application/jsonl,{"input_query": "What
            do llamas eat?", "expected_answer": "Grass and hay."}'}, 'sampling_params': {'strategy':
            'greedy', 'max_tokens': 16}, 'metrics': ['perplexity', 'rouge']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EvaluationJob
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EvaluateTextGenerationRequest,
) -> Response[Error | EvaluationJob]:
    """Evaluate text generation

     Starts a job that evaluates a checkpoint's text generation on a dataset with the metrics asked for.

    Args:
        body (EvaluateTextGenerationRequest): Request to evaluate text generation. Each row of the
            dataset is a question to the model and the answers expected of it: the column
            `chat_completion_input` (`dialog`: the messages sent) or `input_query` (`text`: sent as
            one user message), and `expected_answer` (`text`, or `json`: a list of acceptable answers,
            the first of which perplexity reads). The model answers each row with `sampling_params`;
            the job scores each answer with the `metrics` and keeps every row's answer and scores.
            Example: {'job_uuid': 'text-eval-1', 'checkpoint': {'identifier':
            'SmolLM2-135M-Instruct'}, 'dataset': {'columns': {'input_query': 'text',
            'expected_answer': 'text'}, 'content_url': 'data:application/jsonl,{"input_query": "What
            do llamas eat?", "expected_answer": "Grass and hay."}'}, 'sampling_params': {'strategy':
            'greedy', 'max_tokens': 16}, 'metrics': ['perplexity', 'rouge']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EvaluationJob]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: EvaluateTextGenerationRequest,
) -> Error | EvaluationJob | None:
    """Evaluate text generation

     Starts a job that evaluates a checkpoint's text generation on a dataset with the metrics asked for.

    Args:
        body (EvaluateTextGenerationRequest): Request to evaluate text generation. Each row of the
            dataset is a question to the model and the answers expected of it: the column
            `chat_completion_input` (`dialog`: the messages sent) or `input_query` (`text`: sent as
            one user message), and `expected_answer` (`text`, or `json`: a list of acceptable answers,
            the first of which perplexity reads). The model answers each row with `sampling_params`;
            the job scores each answer with the `metrics` and keeps every row's answer and scores.
            Example: {'job_uuid': 'text-eval-1', 'checkpoint': {'identifier':
            'SmolLM2-135M-Instruct'}, 'dataset': {'columns': {'input_query': 'text',
            'expected_answer': 'text'}, 'content_url': 'data:application/jsonl,{"input_query": "What
            do llamas eat?", "expected_answer": "Grass and hay."}'}, 'sampling_params': {'strategy':
            'greedy', 'max_tokens': 16}, 'metrics': ['perplexity', 'rouge']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EvaluationJob
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EvaluationJob:
    errors.raise_for_status(response, operation_id="evaluate_text_generation")
    return cast(EvaluationJob, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: EvaluateTextGenerationRequest,
) -> EvaluationJob:
    """Evaluate text generation

     Starts a job that evaluates a checkpoint's text generation on a dataset with the metrics asked for.

    Args:
        body (EvaluateTextGenerationRequest): Request to evaluate text generation. Each row of the
            dataset is a question to the model and the answers expected of it: the column
            `chat_completion_input` (`dialog`: the messages sent) or `input_query` (`text`: sent as
            one user message), and `expected_answer` (`text`, or `json`: a list of acceptable answers,
            the first of which perplexity reads). The model answers each row with `sampling_params`;
            the job scores each answer with the `metrics` and keeps every row's answer and scores.
            Example: {'job_uuid': 'text-eval-1', 'checkpoint': {'identifier':
            'SmolLM2-135M-Instruct'}, 'dataset': {'columns': {'input_query': 'text',
            'expected_answer': 'text'}, 'content_url': 'data:application/jsonl,{"input_query": "What
            do llamas eat?", "expected_answer": "Grass and hay."}'}, 'sampling_params': {'strategy':
            'greedy', 'max_tokens': 16}, 'metrics': ['perplexity', 'rouge']}.

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        EvaluationJob
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="evaluate_text_generation"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: EvaluateTextGenerationRequest,
) -> EvaluationJob:
    """Evaluate text generation

     Starts a job that evaluates a checkpoint's text generation on a dataset with the metrics asked for.

    Args:
        body (EvaluateTextGenerationRequest): Request to evaluate text generation. Each row of the
            dataset is a question to the model and the answers expected of it: the column
            `chat_completion_input` (`dialog`: the messages sent) or `input_query` (`text`: sent as
            one user message), and `expected_answer` (`text`, or `json`: a list of acceptable answers,
            the first of which perplexity reads). The model answers each row with `sampling_params`;
            the job scores each answer with the `metrics` and keeps every row's answer and scores.
            Example: {'job_uuid': 'text-eval-1', 'checkpoint': {'identifier':
            'SmolLM2-135M-Instruct'}, 'dataset': {'columns': {'input_query': 'text',
            'expected_answer': 'text'}, 'content_url': 'data:application/jsonl,{"input_query": "What
            do llamas eat?", "expected_answer": "Grass and hay."}'}, 'sampling_params': {'strategy':
            'greedy', 'max_tokens': 16}, 'metrics': ['perplexity', 'rouge']}.

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        EvaluationJob
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="evaluate_text_generation"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
