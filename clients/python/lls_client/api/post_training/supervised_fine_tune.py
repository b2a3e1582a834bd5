from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.post_training_job import PostTrainingJob
from ...models.post_training_sft_request import PostTrainingSFTRequest
from ...types import Response


def _get_kwargs(
    *,
    body: PostTrainingSFTRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/post_training/supervised_fine_tune",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PostTrainingJob | None:
    if response.status_code == 200:
        response_200 = PostTrainingJob.from_dict(response.json())

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
) -> Response[Error | PostTrainingJob]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PostTrainingSFTRequest,
) -> Response[Error | PostTrainingJob]:
    """Start supervised fine-tuning

     Starts a job that fine-tunes a model on a dataset (full, LoRA or DoRA; QLoRA is a 400 here). A
    server whose run config disables post-training answers 403.

    Args:
        body (PostTrainingSFTRequest): Request to fine-tune a registered model on a dataset whose
            rows have a `dialog` column (the messages of a conversation; the loss is on the
            assistant's answers only). The model's GGUF weights are loaded into PyTorch, trained
            (LoRA, DoRA or all weights; QLoRA needs a 4-bit quantizer this server does not have: 400),
            merged, exported to GGUF by llama.cpp's own converter and registered under
            `fine_tuned_model_id`, served at once and after restarts. Give the rows as `dataset` or
            `dataset_uuid`. `hyperparam_search_config`, `logger_config` and `validation_dataset`, and
            the FSDP fields of `training_config`, do not apply on one machine: they are accepted and
            logged as ignored. Example: {'job_uuid': 'sft-example-1', 'model':
            'SmolLM2-135M-Instruct', 'algorithm': 'lora', 'algorithm_config': {'lora_attn_modules':
            ['q_proj', 'v_proj'], 'apply_lora_to_mlp': False, 'apply_lora_to_output': False, 'rank':
            8, 'alpha': 16}, 'dataset': {'columns': {'dialog': 'dialog'}, 'content_url':
            'data:application/jsonl,{"dialog": [{"role": "user", "content": "What do llamas eat?"},
            {"role": "assistant", "content": "Grass and hay.", "stop_reason": "end_of_turn",
            "tool_calls": []}]}'}, 'optimizer_config': {'optimizer_type': 'adamw', 'lr': 0.0001,
            'lr_min': 1e-05, 'weight_decay': 0.0}, 'training_config': {'n_epochs': 1, 'n_iters': 1,
            'batch_size': 1, 'shuffle': False, 'enable_activation_checkpointing': False,
            'memory_efficient_fsdp_wrap': False, 'fsdp_cpu_offload': False}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PostTrainingJob]
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
    body: PostTrainingSFTRequest,
) -> Error | PostTrainingJob | None:
    """Start supervised fine-tuning

     Starts a job that fine-tunes a model on a dataset (full, LoRA or DoRA; QLoRA is a 400 here). A
    server whose run config disables post-training answers 403.

    Args:
        body (PostTrainingSFTRequest): Request to fine-tune a registered model on a dataset whose
            rows have a `dialog` column (the messages of a conversation; the loss is on the
            assistant's answers only). The model's GGUF weights are loaded into PyTorch, trained
            (LoRA, DoRA or all weights; QLoRA needs a 4-bit quantizer this server does not have: 400),
            merged, exported to GGUF by llama.cpp's own converter and registered under
            `fine_tuned_model_id`, served at once and after restarts. Give the rows as `dataset` or
            `dataset_uuid`. `hyperparam_search_config`, `logger_config` and `validation_dataset`, and
            the FSDP fields of `training_config`, do not apply on one machine: they are accepted and
            logged as ignored. Example: {'job_uuid': 'sft-example-1', 'model':
            'SmolLM2-135M-Instruct', 'algorithm': 'lora', 'algorithm_config': {'lora_attn_modules':
            ['q_proj', 'v_proj'], 'apply_lora_to_mlp': False, 'apply_lora_to_output': False, 'rank':
            8, 'alpha': 16}, 'dataset': {'columns': {'dialog': 'dialog'}, 'content_url':
            'data:application/jsonl,{"dialog": [{"role": "user", "content": "What do llamas eat?"},
            {"role": "assistant", "content": "Grass and hay.", "stop_reason": "end_of_turn",
            "tool_calls": []}]}'}, 'optimizer_config': {'optimizer_type': 'adamw', 'lr': 0.0001,
            'lr_min': 1e-05, 'weight_decay': 0.0}, 'training_config': {'n_epochs': 1, 'n_iters': 1,
            'batch_size': 1, 'shuffle': False, 'enable_activation_checkpointing': False,
            'memory_efficient_fsdp_wrap': False, 'fsdp_cpu_offload': False}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PostTrainingJob
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PostTrainingSFTRequest,
) -> Response[Error | PostTrainingJob]:
    """Start supervised fine-tuning

     Starts a job that fine-tunes a model on a dataset (full, LoRA or DoRA; QLoRA is a 400 here). A
    server whose run config disables post-training answers 403.

    Args:
        body (PostTrainingSFTRequest): Request to fine-tune a registered model on a dataset whose
            rows have a `dialog` column (the messages of a conversation; the loss is on the
            assistant's answers only). The model's GGUF weights are loaded into PyTorch, trained
            (LoRA, DoRA or all weights; QLoRA needs a 4-bit quantizer this server does not have: 400),
            merged, exported to GGUF by llama.cpp's own converter and registered under
            `fine_tuned_model_id`, served at once and after restarts. Give the rows as `dataset` or
            `dataset_uuid`. `hyperparam_search_config`, `logger_config` and `validation_dataset`, and
            the FSDP fields of `training_config`, do not apply on one machine: they are accepted and
            logged as ignored. Example: {'job_uuid': 'sft-example-1', 'model':
            'SmolLM2-135M-Instruct', 'algorithm': 'lora', 'algorithm_config': {'lora_attn_modules':
            ['q_proj', 'v_proj'], 'apply_lora_to_mlp': False, 'apply_lora_to_output': False, 'rank':
            8, 'alpha': 16}, 'dataset': {'columns': {'dialog': 'dialog'}, 'content_url':
            'data:application/jsonl,{"dialog": [{"role": "user", "content": "What do llamas eat?"},
            {"role": "assistant", "content": "Grass and hay.", "stop_reason": "end_of_turn",
            "tool_calls": []}]}'}, 'optimizer_config': {'optimizer_type': 'adamw', 'lr': 0.0001,
            'lr_min': 1e-05, 'weight_decay': 0.0}, 'training_config': {'n_epochs': 1, 'n_iters': 1,
            'batch_size': 1, 'shuffle': False, 'enable_activation_checkpointing': False,
            'memory_efficient_fsdp_wrap': False, 'fsdp_cpu_offload': False}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PostTrainingJob]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PostTrainingSFTRequest,
) -> Error | PostTrainingJob | None:
    """Start supervised fine-tuning

     Starts a job that fine-tunes a model on a dataset (full, LoRA or DoRA; QLoRA is a 400 here). A
    server whose run config disables post-training answers 403.

    Args:
        body (PostTrainingSFTRequest): Request to fine-tune a registered model on a dataset whose
            rows have a `dialog` column (the messages of a conversation; the loss is on the
            assistant's answers only). The model's GGUF weights are loaded into PyTorch, trained
            (LoRA, DoRA or all weights; QLoRA needs a 4-bit quantizer this server does not have: 400),
            merged, exported to GGUF by llama.cpp's own converter and registered under
            `fine_tuned_model_id`, served at once and after restarts. Give the rows as `dataset` or
            `dataset_uuid`. `hyperparam_search_config`, `logger_config` and `validation_dataset`, and
            the FSDP fields of `training_config`, do not apply on one machine: they are accepted and
            logged as ignored. Example: {'job_uuid': 'sft-example-1', 'model':
            'SmolLM2-135M-Instruct', 'algorithm': 'lora', 'algorithm_config': {'lora_attn_modules':
            ['q_proj', 'v_proj'], 'apply_lora_to_mlp': False, 'apply_lora_to_output': False, 'rank':
            8, 'alpha': 16}, 'dataset': {'columns': {'dialog': 'dialog'}, 'content_url':
            'data:application/jsonl,{"dialog": [{"role": "user", "content": "What do llamas eat?"},
            {"role": "assistant", "content": "Grass and hay.", "stop_reason": "end_of_turn",
            "tool_calls": []}]}'}, 'optimizer_config': {'optimizer_type': 'adamw', 'lr': 0.0001,
            'lr_min': 1e-05, 'weight_decay': 0.0}, 'training_config': {'n_epochs': 1, 'n_iters': 1,
            'batch_size': 1, 'shuffle': False, 'enable_activation_checkpointing': False,
            'memory_efficient_fsdp_wrap': False, 'fsdp_cpu_offload': False}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PostTrainingJob
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PostTrainingJob:
    errors.raise_for_status(response, operation_id="supervised_fine_tune")
    return cast(PostTrainingJob, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: PostTrainingSFTRequest,
) -> PostTrainingJob:
    """Start supervised fine-tuning

     Starts a job that fine-tunes a model on a dataset (full, LoRA or DoRA; QLoRA is a 400 here). A
    server whose run config disables post-training answers 403.

    Args:
        body (PostTrainingSFTRequest): Request to fine-tune a registered model on a dataset whose
            rows have a `dialog` column (the messages of a conversation; the loss is on the
            assistant's answers only). The model's GGUF weights are loaded into PyTorch, trained
            (LoRA, DoRA or all weights; QLoRA needs a 4-bit quantizer this server does not have: 400),
            merged, exported to GGUF by llama.cpp's own converter and registered under
            `fine_tuned_model_id`, served at once and after restarts. Give the rows as `dataset` or
            `dataset_uuid`. `hyperparam_search_config`, `logger_config` and `validation_dataset`, and
            the FSDP fields of `training_config`, do not apply on one machine: they are accepted and
            logged as ignored. Example: {'job_uuid': 'sft-example-1', 'model':
            'SmolLM2-135M-Instruct', 'algorithm': 'lora', 'algorithm_config': {'lora_attn_modules':
            ['q_proj', 'v_proj'], 'apply_lora_to_mlp': False, 'apply_lora_to_output': False, 'rank':
            8, 'alpha': 16}, 'dataset': {'columns': {'dialog': 'dialog'}, 'content_url':
            'data:application/jsonl,{"dialog": [{"role": "user", "content": "What do llamas eat?"},
            {"role": "assistant", "content": "Grass and hay.", "stop_reason": "end_of_turn",
            "tool_calls": []}]}'}, 'optimizer_config': {'optimizer_type': 'adamw', 'lr': 0.0001,
            'lr_min': 1e-05, 'weight_decay': 0.0}, 'training_config': {'n_epochs': 1, 'n_iters': 1,
            'batch_size': 1, 'shuffle': False, 'enable_activation_checkpointing': False,
            'memory_efficient_fsdp_wrap': False, 'fsdp_cpu_offload': False}}.

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        PostTrainingJob
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="supervised_fine_tune"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: PostTrainingSFTRequest,
) -> PostTrainingJob:
    """Start supervised fine-tuning

     Starts a job that fine-tunes a model on a dataset (full, LoRA or DoRA; QLoRA is a 400 here). A
    server whose run config disables post-training answers 403.

    Args:
        body (PostTrainingSFTRequest): Request to fine-tune a registered model on a dataset whose
            rows have a `dialog` column (the messages of a conversation; the loss is on the
            assistant's answers only). The model's GGUF weights are loaded into PyTorch, trained
            (LoRA, DoRA or all weights; QLoRA needs a 4-bit quantizer this server does not have: 400),
            merged, exported to GGUF by llama.cpp's own converter and registered under
            `fine_tuned_model_id`, served at once and after restarts. Give the rows as `dataset` or
            `dataset_uuid`. `hyperparam_search_config`, `logger_config` and `validation_dataset`, and
            the FSDP fields of `training_config`, do not apply on one machine: they are accepted and
            logged as ignored. Example: {'job_uuid': 'sft-example-1', 'model':
            'SmolLM2-135M-Instruct', 'algorithm': 'lora', 'algorithm_config': {'lora_attn_modules':
            ['q_proj', 'v_proj'], 'apply_lora_to_mlp': False, 'apply_lora_to_output': False, 'rank':
            8, 'alpha': 16}, 'dataset': {'columns': {'dialog': 'dialog'}, 'content_url':
            'data:application/jsonl,{"dialog": [{"role": "user", "content": "What do llamas eat?"},
            {"role": "assistant", "content": "Grass and hay.", "stop_reason": "end_of_turn",
            "tool_calls": []}]}'}, 'optimizer_config': {'optimizer_type': 'adamw', 'lr': 0.0001,
            'lr_min': 1e-05, 'weight_decay': 0.0}, 'training_config': {'n_epochs': 1, 'n_iters': 1,
            'batch_size': 1, 'shuffle': False, 'enable_activation_checkpointing': False,
            'memory_efficient_fsdp_wrap': False, 'fsdp_cpu_offload': False}}.

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        PostTrainingJob
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="supervised_fine_tune"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
