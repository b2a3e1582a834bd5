from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.filtering_function import FilteringFunction
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.completion_message import CompletionMessage
    from ..models.sampling_params import SamplingParams
    from ..models.system_message import SystemMessage
    from ..models.tool_response_message import ToolResponseMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="SyntheticDataGenerationRequest")


@_attrs_define
class SyntheticDataGenerationRequest:
    """Prompts to answer, how many candidates to sample for each, and which of them to keep. `model` is the registered
    model that answers (default: the run config's `synthetic_data.model`, else the first registered model);
    `judge_model` the one that scores (default: the run config's `synthetic_data.judge_model`, else `model`; an addition
    to the draft).

        Attributes:
            dialogs (list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]): The prompts; each is
                answered as a dialog of its own. At least 1, at most 32 (the bound is an addition to the draft).
            filtering_function (FilteringFunction): Which of a dialog's scored candidates to keep; what is kept is listed
                best score first (ties: the earlier candidate). `none`: all of them. `random`: `top_k` of them drawn uniformly
                at random (`seed` repeats the draw). `top_k`: the `top_k` best. `top_p`: the smallest set of the best whose
                share of the softmax over the dialog's scores (exp(score) over the sum of exp(score)) reaches `top_p`; at least
                the best one. `top_k_top_p`: `top_p` among the `top_k` best, the softmax taken over those alone. `sigmoid`: each
                kept with probability sigmoid((score - `sigmoid_threshold`) / `sigmoid_temperature`), drawn with `seed`; the
                only one that may keep none.
            model (str | Unset): The id of a model registered with this server (see `/models/list`).
            judge_model (str | Unset): The id of a model registered with this server (see `/models/list`).
            num_candidates (int | Unset): Answers sampled for each dialog, at most 16; all dialogs together, at most the run
                config's `synthetic_data.max_request_candidates` (more is a 400). Default: the run config's
                `synthetic_data.num_candidates` (4). An addition to the draft.
            sampling_params (SamplingParams | Unset): How to pick each next token. Omitted fields take the model's defaults
                from the run config, or else these defaults.
            top_k (int | Unset): How many candidates `top_k`, `top_k_top_p` and `random` keep of each dialog (at most all).
                An addition to the draft. Default: 1.
            top_p (float | Unset): The share of the softmax over the scores that `top_p` and `top_k_top_p` keep. An addition
                to the draft. Default: 0.9.
            sigmoid_threshold (float | Unset): The score that `sigmoid` keeps with probability one half. An addition to the
                draft. Default: 5.5.
            sigmoid_temperature (float | Unset): How gradually `sigmoid`'s probability rises with the score (smaller is
                steeper). An addition to the draft. Default: 1.0.
            seed (int | Unset): Seeds the draws of `random` and `sigmoid`, so that a request made again keeps the same
                candidates; without one, each request draws anew. An addition to the draft.
            save_as_dataset_uuid (str | Unset): Also store the kept candidates as the dataset with this uuid (see
                `/datasets/get`), in the same request: columns `dialog` (the prompt, then the kept answer as an assistant
                message) and `score` (a number), one row per kept candidate, dialogs in order, each dialog's best first. Its
                `content_url` is a `data:application/jsonl;base64,` URL of exactly the stored rows, so `content_sha256` is their
                hash and the URL reads back as the same dataset; its `metadata` names the models, the filter and the counts. A
                uuid already taken is a 409, checked before anything is generated; if the filter keeps no candidate, the request
                is a 400 and no dataset is created. An addition to the draft.
    """

    dialogs: list[CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage]
    filtering_function: FilteringFunction
    model: str | Unset = UNSET
    judge_model: str | Unset = UNSET
    num_candidates: int | Unset = UNSET
    sampling_params: SamplingParams | Unset = UNSET
    top_k: int | Unset = 1
    top_p: float | Unset = 0.9
    sigmoid_threshold: float | Unset = 5.5
    sigmoid_temperature: float | Unset = 1.0
    seed: int | Unset = UNSET
    save_as_dataset_uuid: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        dialogs = []
        for dialogs_item_data in self.dialogs:
            dialogs_item: dict[str, Any]
            if (
                isinstance(dialogs_item_data, UserMessage)
                or isinstance(dialogs_item_data, SystemMessage)
                or isinstance(dialogs_item_data, ToolResponseMessage)
            ):
                dialogs_item = dialogs_item_data.to_dict()
            else:
                dialogs_item = dialogs_item_data.to_dict()

            dialogs.append(dialogs_item)

        filtering_function = self.filtering_function.value

        model = self.model

        judge_model = self.judge_model

        num_candidates = self.num_candidates

        sampling_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sampling_params, Unset):
            sampling_params = self.sampling_params.to_dict()

        top_k = self.top_k

        top_p = self.top_p

        sigmoid_threshold = self.sigmoid_threshold

        sigmoid_temperature = self.sigmoid_temperature

        seed = self.seed

        save_as_dataset_uuid = self.save_as_dataset_uuid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "dialogs": dialogs,
                "filtering_function": filtering_function,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model
        if judge_model is not UNSET:
            field_dict["judge_model"] = judge_model
        if num_candidates is not UNSET:
            field_dict["num_candidates"] = num_candidates
        if sampling_params is not UNSET:
            field_dict["sampling_params"] = sampling_params
        if top_k is not UNSET:
            field_dict["top_k"] = top_k
        if top_p is not UNSET:
            field_dict["top_p"] = top_p
        if sigmoid_threshold is not UNSET:
            field_dict["sigmoid_threshold"] = sigmoid_threshold
        if sigmoid_temperature is not UNSET:
            field_dict["sigmoid_temperature"] = sigmoid_temperature
        if seed is not UNSET:
            field_dict["seed"] = seed
        if save_as_dataset_uuid is not UNSET:
            field_dict["save_as_dataset_uuid"] = save_as_dataset_uuid

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.completion_message import CompletionMessage
        from ..models.sampling_params import SamplingParams
        from ..models.system_message import SystemMessage
        from ..models.tool_response_message import ToolResponseMessage
        from ..models.user_message import UserMessage

        d = dict(src_dict)
        dialogs = []
        _dialogs = d.pop("dialogs")
        for dialogs_item_data in _dialogs:

            def _parse_dialogs_item(
                data: object,
            ) -> CompletionMessage | SystemMessage | ToolResponseMessage | UserMessage:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_0 = UserMessage.from_dict(data)

                    return componentsschemas_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_1 = SystemMessage.from_dict(data)

                    return componentsschemas_message_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_2 = ToolResponseMessage.from_dict(data)

                    return componentsschemas_message_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_type_3 = CompletionMessage.from_dict(data)

                return componentsschemas_message_type_3

            dialogs_item = _parse_dialogs_item(dialogs_item_data)

            dialogs.append(dialogs_item)

        filtering_function = FilteringFunction(d.pop("filtering_function"))

        model = d.pop("model", UNSET)

        judge_model = d.pop("judge_model", UNSET)

        num_candidates = d.pop("num_candidates", UNSET)

        _sampling_params = d.pop("sampling_params", UNSET)
        sampling_params: SamplingParams | Unset
        if isinstance(_sampling_params, Unset):
            sampling_params = UNSET
        else:
            sampling_params = SamplingParams.from_dict(_sampling_params)

        top_k = d.pop("top_k", UNSET)

        top_p = d.pop("top_p", UNSET)

        sigmoid_threshold = d.pop("sigmoid_threshold", UNSET)

        sigmoid_temperature = d.pop("sigmoid_temperature", UNSET)

        seed = d.pop("seed", UNSET)

        save_as_dataset_uuid = d.pop("save_as_dataset_uuid", UNSET)

        synthetic_data_generation_request = cls(
            dialogs=dialogs,
            filtering_function=filtering_function,
            model=model,
            judge_model=judge_model,
            num_candidates=num_candidates,
            sampling_params=sampling_params,
            top_k=top_k,
            top_p=top_p,
            sigmoid_threshold=sigmoid_threshold,
            sigmoid_temperature=sigmoid_temperature,
            seed=seed,
            save_as_dataset_uuid=save_as_dataset_uuid,
        )

        return synthetic_data_generation_request
