from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attachment import Attachment
    from ..models.bf_16_quantization_config import Bf16QuantizationConfig
    from ..models.fp_8_quantization_config import Fp8QuantizationConfig
    from ..models.grammar_response_format import GrammarResponseFormat
    from ..models.json_schema_response_format import JsonSchemaResponseFormat
    from ..models.log_prob_config import LogProbConfig
    from ..models.sampling_params import SamplingParams


T = TypeVar("T", bound="BatchCompletionRequest")


@_attrs_define
class BatchCompletionRequest:
    """
    Attributes:
        content_batch (list[Attachment | list[Attachment | str] | str]):
        model (str): The id of a model registered with this server (see `/models/list`).
        logprobs (LogProbConfig | Unset): Ask for the log probabilities of each generated token.
        quantization_config (Bf16QuantizationConfig | Fp8QuantizationConfig | Unset): How the model's weights are
            quantized for inference.
        sampling_params (SamplingParams | Unset): How to pick each next token. Omitted fields take the model's defaults
            from the run config, or else these defaults.
        response_format (GrammarResponseFormat | JsonSchemaResponseFormat | Unset): Constrain decoding so that the
            answer always parses.
    """

    content_batch: list[Attachment | list[Attachment | str] | str]
    model: str
    logprobs: LogProbConfig | Unset = UNSET
    quantization_config: Bf16QuantizationConfig | Fp8QuantizationConfig | Unset = UNSET
    sampling_params: SamplingParams | Unset = UNSET
    response_format: GrammarResponseFormat | JsonSchemaResponseFormat | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment import Attachment
        from ..models.bf_16_quantization_config import Bf16QuantizationConfig
        from ..models.json_schema_response_format import JsonSchemaResponseFormat

        content_batch = []
        for content_batch_item_data in self.content_batch:
            content_batch_item: dict[str, Any] | list[dict[str, Any] | str] | str
            if isinstance(content_batch_item_data, Attachment):
                content_batch_item = content_batch_item_data.to_dict()
            elif isinstance(content_batch_item_data, list):
                content_batch_item = []
                for componentsschemas_message_content_type_2_item_data in content_batch_item_data:
                    componentsschemas_message_content_type_2_item: dict[str, Any] | str
                    if isinstance(componentsschemas_message_content_type_2_item_data, Attachment):
                        componentsschemas_message_content_type_2_item = (
                            componentsschemas_message_content_type_2_item_data.to_dict()
                        )
                    else:
                        componentsschemas_message_content_type_2_item = (
                            componentsschemas_message_content_type_2_item_data
                        )
                    content_batch_item.append(componentsschemas_message_content_type_2_item)

            else:
                content_batch_item = content_batch_item_data
            content_batch.append(content_batch_item)

        model = self.model

        logprobs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.logprobs, Unset):
            logprobs = self.logprobs.to_dict()

        quantization_config: dict[str, Any] | Unset
        if isinstance(self.quantization_config, Unset):
            quantization_config = UNSET
        elif isinstance(self.quantization_config, Bf16QuantizationConfig):
            quantization_config = self.quantization_config.to_dict()
        else:
            quantization_config = self.quantization_config.to_dict()

        sampling_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sampling_params, Unset):
            sampling_params = self.sampling_params.to_dict()

        response_format: dict[str, Any] | Unset
        if isinstance(self.response_format, Unset):
            response_format = UNSET
        elif isinstance(self.response_format, JsonSchemaResponseFormat):
            response_format = self.response_format.to_dict()
        else:
            response_format = self.response_format.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content_batch": content_batch,
                "model": model,
            }
        )
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs
        if quantization_config is not UNSET:
            field_dict["quantization_config"] = quantization_config
        if sampling_params is not UNSET:
            field_dict["sampling_params"] = sampling_params
        if response_format is not UNSET:
            field_dict["response_format"] = response_format

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.attachment import Attachment
        from ..models.bf_16_quantization_config import Bf16QuantizationConfig
        from ..models.fp_8_quantization_config import Fp8QuantizationConfig
        from ..models.grammar_response_format import GrammarResponseFormat
        from ..models.json_schema_response_format import JsonSchemaResponseFormat
        from ..models.log_prob_config import LogProbConfig
        from ..models.sampling_params import SamplingParams

        d = dict(src_dict)
        content_batch = []
        _content_batch = d.pop("content_batch")
        for content_batch_item_data in _content_batch:

            def _parse_content_batch_item(data: object) -> Attachment | list[Attachment | str] | str:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_content_type_1 = Attachment.from_dict(data)

                    return componentsschemas_message_content_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    componentsschemas_message_content_type_2 = []
                    _componentsschemas_message_content_type_2 = data
                    for componentsschemas_message_content_type_2_item_data in _componentsschemas_message_content_type_2:

                        def _parse_componentsschemas_message_content_type_2_item(data: object) -> Attachment | str:
                            try:
                                if not isinstance(data, dict):
                                    raise TypeError()
                                componentsschemas_message_content_type_2_item_type_1 = Attachment.from_dict(data)

                                return componentsschemas_message_content_type_2_item_type_1
                            except (TypeError, ValueError, AttributeError, KeyError):
                                pass
                            return cast(Attachment | str, data)

                        componentsschemas_message_content_type_2_item = (
                            _parse_componentsschemas_message_content_type_2_item(
                                componentsschemas_message_content_type_2_item_data
                            )
                        )

                        componentsschemas_message_content_type_2.append(componentsschemas_message_content_type_2_item)

                    return componentsschemas_message_content_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(Attachment | list[Attachment | str] | str, data)

            content_batch_item = _parse_content_batch_item(content_batch_item_data)

            content_batch.append(content_batch_item)

        model = d.pop("model")

        _logprobs = d.pop("logprobs", UNSET)
        logprobs: LogProbConfig | Unset
        if isinstance(_logprobs, Unset):
            logprobs = UNSET
        else:
            logprobs = LogProbConfig.from_dict(_logprobs)

        def _parse_quantization_config(data: object) -> Bf16QuantizationConfig | Fp8QuantizationConfig | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_quantization_config_type_0 = Bf16QuantizationConfig.from_dict(data)

                return componentsschemas_quantization_config_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_quantization_config_type_1 = Fp8QuantizationConfig.from_dict(data)

            return componentsschemas_quantization_config_type_1

        quantization_config = _parse_quantization_config(d.pop("quantization_config", UNSET))

        _sampling_params = d.pop("sampling_params", UNSET)
        sampling_params: SamplingParams | Unset
        if isinstance(_sampling_params, Unset):
            sampling_params = UNSET
        else:
            sampling_params = SamplingParams.from_dict(_sampling_params)

        def _parse_response_format(data: object) -> GrammarResponseFormat | JsonSchemaResponseFormat | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_response_format_type_0 = JsonSchemaResponseFormat.from_dict(data)

                return componentsschemas_response_format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_response_format_type_1 = GrammarResponseFormat.from_dict(data)

            return componentsschemas_response_format_type_1

        response_format = _parse_response_format(d.pop("response_format", UNSET))

        batch_completion_request = cls(
            content_batch=content_batch,
            model=model,
            logprobs=logprobs,
            quantization_config=quantization_config,
            sampling_params=sampling_params,
            response_format=response_format,
        )

        return batch_completion_request
