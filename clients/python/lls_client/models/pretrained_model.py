from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.prompt_cache_stats import PromptCacheStats


T = TypeVar("T", bound="PretrainedModel")


@_attrs_define
class PretrainedModel:
    """A model registered with this server, described from its weights.

    Attributes:
        identifier (str): The id of a model registered with this server (see `/models/list`).
        provider (str): What serves the model, e.g. `llama_cpp`.
        architecture (str | Unset): The model's architecture, e.g. `llama`.
        parameter_count (int | Unset): How many parameters the model has.
        context_length (int | Unset): The context this server runs the model with, in tokens.
        quantization (str | Unset): How the weights are stored, e.g. `Q4_1`.
        has_chat_template (bool | Unset): Whether the weights carry a chat template.
        embedding_dimension (int | Unset): The length of the model's embedding vectors.
        base_model (str | Unset): The model this one was fine-tuned from, for a model a post-training job made. An
            addition to the draft.
        post_training_job_uuid (str | Unset): The post-training job that made this model. An addition to the draft.
        prompt_cache (PromptCacheStats | Unset): A model's prompt cache, counted since the server started.
    """

    identifier: str
    provider: str
    architecture: str | Unset = UNSET
    parameter_count: int | Unset = UNSET
    context_length: int | Unset = UNSET
    quantization: str | Unset = UNSET
    has_chat_template: bool | Unset = UNSET
    embedding_dimension: int | Unset = UNSET
    base_model: str | Unset = UNSET
    post_training_job_uuid: str | Unset = UNSET
    prompt_cache: PromptCacheStats | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        identifier = self.identifier

        provider = self.provider

        architecture = self.architecture

        parameter_count = self.parameter_count

        context_length = self.context_length

        quantization = self.quantization

        has_chat_template = self.has_chat_template

        embedding_dimension = self.embedding_dimension

        base_model = self.base_model

        post_training_job_uuid = self.post_training_job_uuid

        prompt_cache: dict[str, Any] | Unset = UNSET
        if not isinstance(self.prompt_cache, Unset):
            prompt_cache = self.prompt_cache.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "identifier": identifier,
                "provider": provider,
            }
        )
        if architecture is not UNSET:
            field_dict["architecture"] = architecture
        if parameter_count is not UNSET:
            field_dict["parameter_count"] = parameter_count
        if context_length is not UNSET:
            field_dict["context_length"] = context_length
        if quantization is not UNSET:
            field_dict["quantization"] = quantization
        if has_chat_template is not UNSET:
            field_dict["has_chat_template"] = has_chat_template
        if embedding_dimension is not UNSET:
            field_dict["embedding_dimension"] = embedding_dimension
        if base_model is not UNSET:
            field_dict["base_model"] = base_model
        if post_training_job_uuid is not UNSET:
            field_dict["post_training_job_uuid"] = post_training_job_uuid
        if prompt_cache is not UNSET:
            field_dict["prompt_cache"] = prompt_cache

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.prompt_cache_stats import PromptCacheStats

        d = dict(src_dict)
        identifier = d.pop("identifier")

        provider = d.pop("provider")

        architecture = d.pop("architecture", UNSET)

        parameter_count = d.pop("parameter_count", UNSET)

        context_length = d.pop("context_length", UNSET)

        quantization = d.pop("quantization", UNSET)

        has_chat_template = d.pop("has_chat_template", UNSET)

        embedding_dimension = d.pop("embedding_dimension", UNSET)

        base_model = d.pop("base_model", UNSET)

        post_training_job_uuid = d.pop("post_training_job_uuid", UNSET)

        _prompt_cache = d.pop("prompt_cache", UNSET)
        prompt_cache: PromptCacheStats | Unset
        if isinstance(_prompt_cache, Unset):
            prompt_cache = UNSET
        else:
            prompt_cache = PromptCacheStats.from_dict(_prompt_cache)

        pretrained_model = cls(
            identifier=identifier,
            provider=provider,
            architecture=architecture,
            parameter_count=parameter_count,
            context_length=context_length,
            quantization=quantization,
            has_chat_template=has_chat_template,
            embedding_dimension=embedding_dimension,
            base_model=base_model,
            post_training_job_uuid=post_training_job_uuid,
            prompt_cache=prompt_cache,
        )

        return pretrained_model
