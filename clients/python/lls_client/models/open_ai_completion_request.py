from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_stream_options import OpenAIStreamOptions


T = TypeVar("T", bound="OpenAICompletionRequest")


@_attrs_define
class OpenAICompletionRequest:
    """
    Attributes:
        model (str):
        prompt (list[str] | str): One prompt, or several (each answered with `n` choices).
        max_tokens (int | Unset):  Default: 16.
        temperature (float | Unset):  Default: 1.0.
        top_p (float | Unset):  Default: 1.0.
        n (int | Unset):  Default: 1.
        stream (bool | Unset):  Default: False.
        stream_options (OpenAIStreamOptions | Unset):
        logprobs (int | Unset): Report each token's log-probability, and this many most likely alternatives.
        echo (bool | Unset): The prompt comes back before the answer, in `text`. Default: False.
        stop (list[str] | str | Unset): Up to 4 texts that end the answer where they appear; the answer leaves them out.
        seed (int | Unset):
        frequency_penalty (float | Unset):  Default: 0.0.
        presence_penalty (float | Unset):  Default: 0.0.
        user (str | Unset): Accepted, and ignored.
    """

    model: str
    prompt: list[str] | str
    max_tokens: int | Unset = 16
    temperature: float | Unset = 1.0
    top_p: float | Unset = 1.0
    n: int | Unset = 1
    stream: bool | Unset = False
    stream_options: OpenAIStreamOptions | Unset = UNSET
    logprobs: int | Unset = UNSET
    echo: bool | Unset = False
    stop: list[str] | str | Unset = UNSET
    seed: int | Unset = UNSET
    frequency_penalty: float | Unset = 0.0
    presence_penalty: float | Unset = 0.0
    user: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        prompt: list[str] | str
        if isinstance(self.prompt, list):
            prompt = self.prompt

        else:
            prompt = self.prompt

        max_tokens = self.max_tokens

        temperature = self.temperature

        top_p = self.top_p

        n = self.n

        stream = self.stream

        stream_options: dict[str, Any] | Unset = UNSET
        if not isinstance(self.stream_options, Unset):
            stream_options = self.stream_options.to_dict()

        logprobs = self.logprobs

        echo = self.echo

        stop: list[str] | str | Unset
        if isinstance(self.stop, Unset):
            stop = UNSET
        elif isinstance(self.stop, list):
            stop = self.stop

        else:
            stop = self.stop

        seed = self.seed

        frequency_penalty = self.frequency_penalty

        presence_penalty = self.presence_penalty

        user = self.user

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if max_tokens is not UNSET:
            field_dict["max_tokens"] = max_tokens
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if top_p is not UNSET:
            field_dict["top_p"] = top_p
        if n is not UNSET:
            field_dict["n"] = n
        if stream is not UNSET:
            field_dict["stream"] = stream
        if stream_options is not UNSET:
            field_dict["stream_options"] = stream_options
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs
        if echo is not UNSET:
            field_dict["echo"] = echo
        if stop is not UNSET:
            field_dict["stop"] = stop
        if seed is not UNSET:
            field_dict["seed"] = seed
        if frequency_penalty is not UNSET:
            field_dict["frequency_penalty"] = frequency_penalty
        if presence_penalty is not UNSET:
            field_dict["presence_penalty"] = presence_penalty
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.open_ai_stream_options import OpenAIStreamOptions

        d = dict(src_dict)
        model = d.pop("model")

        def _parse_prompt(data: object) -> list[str] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_open_ai_completion_prompt_type_1 = cast(list[str], data)

                return componentsschemas_open_ai_completion_prompt_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str, data)

        prompt = _parse_prompt(d.pop("prompt"))

        max_tokens = d.pop("max_tokens", UNSET)

        temperature = d.pop("temperature", UNSET)

        top_p = d.pop("top_p", UNSET)

        n = d.pop("n", UNSET)

        stream = d.pop("stream", UNSET)

        _stream_options = d.pop("stream_options", UNSET)
        stream_options: OpenAIStreamOptions | Unset
        if isinstance(_stream_options, Unset):
            stream_options = UNSET
        else:
            stream_options = OpenAIStreamOptions.from_dict(_stream_options)

        logprobs = d.pop("logprobs", UNSET)

        echo = d.pop("echo", UNSET)

        def _parse_stop(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_open_ai_stop_type_1 = cast(list[str], data)

                return componentsschemas_open_ai_stop_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        stop = _parse_stop(d.pop("stop", UNSET))

        seed = d.pop("seed", UNSET)

        frequency_penalty = d.pop("frequency_penalty", UNSET)

        presence_penalty = d.pop("presence_penalty", UNSET)

        user = d.pop("user", UNSET)

        open_ai_completion_request = cls(
            model=model,
            prompt=prompt,
            max_tokens=max_tokens,
            temperature=temperature,
            top_p=top_p,
            n=n,
            stream=stream,
            stream_options=stream_options,
            logprobs=logprobs,
            echo=echo,
            stop=stop,
            seed=seed,
            frequency_penalty=frequency_penalty,
            presence_penalty=presence_penalty,
            user=user,
        )

        return open_ai_completion_request
