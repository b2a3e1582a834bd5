from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.sampling_strategy import SamplingStrategy
from ..types import UNSET, Unset

T = TypeVar("T", bound="SamplingParams")


@_attrs_define
class SamplingParams:
    """How to pick each next token. Omitted fields take the model's defaults from the run config, or else these defaults.

    Attributes:
        strategy (SamplingStrategy | Unset): `greedy` always takes the most likely token; `top_p` and `top_k` sample
            with temperature.
        temperature (float | Unset): Softmax temperature, used by the `top_p` and `top_k` strategies: 0 takes the most
            likely token, as `greedy` does; otherwise at least 0.001. Default: 0.0.
        top_p (float | Unset): Nucleus sampling: keep the smallest set of tokens whose probability adds up to this.
            Default: 0.95.
        top_k (int | Unset): Keep only the k most likely tokens (0, or more than the vocabulary: no limit). Default: 0.
        repetition_penalty (float | Unset): Penalty for tokens of the last 64 of the prompt and the answer (1.0: none;
            above 1 makes them less likely, below 1 more). Default: 1.0.
        max_tokens (int | Unset): Most tokens to generate (0: as many as the context leaves). Default: 0.
        seed (int | Unset): Seeds the `top_p` and `top_k` strategies' random choices, so that a request made again gets
            the same answer (when decoded alone; batched with others, rounding may differ). Default: a new seed each
            request. An addition to the draft.
        stop (list[str] | Unset): Texts that end the answer where they first appear; the answer leaves them out, and its
            stop reason is `end_of_turn`. An addition to the draft.
        frequency_penalty (float | Unset): Subtracted from a token's logit once for each time it already appears in the
            last 64 tokens (OpenAI's frequency penalty; 0: none). An addition to the draft. Default: 0.0.
        presence_penalty (float | Unset): Subtracted from a token's logit if it appears in the last 64 tokens at all
            (OpenAI's presence penalty; 0: none). An addition to the draft. Default: 0.0.
    """

    strategy: SamplingStrategy | Unset = UNSET
    temperature: float | Unset = 0.0
    top_p: float | Unset = 0.95
    top_k: int | Unset = 0
    repetition_penalty: float | Unset = 1.0
    max_tokens: int | Unset = 0
    seed: int | Unset = UNSET
    stop: list[str] | Unset = UNSET
    frequency_penalty: float | Unset = 0.0
    presence_penalty: float | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        strategy: str | Unset = UNSET
        if not isinstance(self.strategy, Unset):
            strategy = self.strategy.value

        temperature = self.temperature

        top_p = self.top_p

        top_k = self.top_k

        repetition_penalty = self.repetition_penalty

        max_tokens = self.max_tokens

        seed = self.seed

        stop: list[str] | Unset = UNSET
        if not isinstance(self.stop, Unset):
            stop = self.stop

        frequency_penalty = self.frequency_penalty

        presence_penalty = self.presence_penalty

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if strategy is not UNSET:
            field_dict["strategy"] = strategy
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if top_p is not UNSET:
            field_dict["top_p"] = top_p
        if top_k is not UNSET:
            field_dict["top_k"] = top_k
        if repetition_penalty is not UNSET:
            field_dict["repetition_penalty"] = repetition_penalty
        if max_tokens is not UNSET:
            field_dict["max_tokens"] = max_tokens
        if seed is not UNSET:
            field_dict["seed"] = seed
        if stop is not UNSET:
            field_dict["stop"] = stop
        if frequency_penalty is not UNSET:
            field_dict["frequency_penalty"] = frequency_penalty
        if presence_penalty is not UNSET:
            field_dict["presence_penalty"] = presence_penalty

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _strategy = d.pop("strategy", UNSET)
        strategy: SamplingStrategy | Unset
        if isinstance(_strategy, Unset):
            strategy = UNSET
        else:
            strategy = SamplingStrategy(_strategy)

        temperature = d.pop("temperature", UNSET)

        top_p = d.pop("top_p", UNSET)

        top_k = d.pop("top_k", UNSET)

        repetition_penalty = d.pop("repetition_penalty", UNSET)

        max_tokens = d.pop("max_tokens", UNSET)

        seed = d.pop("seed", UNSET)

        stop = cast(list[str], d.pop("stop", UNSET))

        frequency_penalty = d.pop("frequency_penalty", UNSET)

        presence_penalty = d.pop("presence_penalty", UNSET)

        sampling_params = cls(
            strategy=strategy,
            temperature=temperature,
            top_p=top_p,
            top_k=top_k,
            repetition_penalty=repetition_penalty,
            max_tokens=max_tokens,
            seed=seed,
            stop=stop,
            frequency_penalty=frequency_penalty,
            presence_penalty=presence_penalty,
        )

        return sampling_params
