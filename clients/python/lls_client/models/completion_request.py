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


T = TypeVar("T", bound="CompletionRequest")


@_attrs_define
class CompletionRequest:
    """
    Attributes:
        content (Attachment | list[Attachment | str] | str): Text, an attachment, or a list of texts and attachments.
        model (str): The id of a model registered with this server (see `/models/list`).
        logprobs (LogProbConfig | Unset): Ask for the log probabilities of each generated token.
        quantization_config (Bf16QuantizationConfig | Fp8QuantizationConfig | Unset): How the model's weights are
            quantized for inference.
        sampling_params (SamplingParams | Unset): How to pick each next token. Omitted fields take the model's defaults
            from the run config, or else these defaults.
        stream (bool | Unset): Answer with a `text/event-stream` of chunks instead of one JSON body. Default: False.
        response_format (GrammarResponseFormat | JsonSchemaResponseFormat | Unset): Constrain decoding so that the
            answer always parses.
    """

    content: Attachment | list[Attachment | str] | str
    model: str
    logprobs: LogProbConfig | Unset = UNSET
    quantization_config: Bf16QuantizationConfig | Fp8QuantizationConfig | Unset = UNSET
    sampling_params: SamplingParams | Unset = UNSET
    stream: bool | Unset = False
    response_format: GrammarResponseFormat | JsonSchemaResponseFormat | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment import Attachment
        from ..models.bf_16_quantization_config import Bf16QuantizationConfig
        from ..models.json_schema_response_format import JsonSchemaResponseFormat

        content: dict[str, Any] | list[dict[str, Any] | str] | str
        if isinstance(self.content, Attachment):
            content = self.content.to_dict()
        elif isinstance(self.content, list):
            content = []
            for componentsschemas_message_content_type_2_item_data in self.content:
                componentsschemas_message_content_type_2_item: dict[str, Any] | str
                if isinstance(componentsschemas_message_content_type_2_item_data, Attachment):
                    componentsschemas_message_content_type_2_item = (
                        componentsschemas_message_content_type_2_item_data.to_dict()
                    )
                else:
                    componentsschemas_message_content_type_2_item = componentsschemas_message_content_type_2_item_data
                content.append(componentsschemas_message_content_type_2_item)

        else:
            content = self.content

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

        stream = self.stream

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
                "content": content,
                "model": model,
            }
        )
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs
        if quantization_config is not UNSET:
            field_dict["quantization_config"] = quantization_config
        if sampling_params is not UNSET:
            field_dict["sampling_params"] = sampling_params
        if stream is not UNSET:
            field_dict["stream"] = stream
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

        def _parse_content(data: object) -> Attachment | list[Attachment | str] | str:
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

        content = _parse_content(d.pop("content"))

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

        stream = d.pop("stream", UNSET)

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

        completion_request = cls(
            content=content,
            model=model,
            logprobs=logprobs,
            quantization_config=quantization_config,
            sampling_params=sampling_params,
            stream=stream,
            response_format=response_format,
        )

        return completion_request
