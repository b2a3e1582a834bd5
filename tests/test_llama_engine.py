"""The llama.cpp engine's sampler chains and grammars, on the default model: every native call it makes is
called here, since the ctypes bindings check no signature until they run."""

from __future__ import annotations

import asyncio
import ctypes
from collections.abc import Iterator

import llama_cpp
import pytest

from lls_server.config import ModelConfig
from lls_server.inference.api import Collected, collect
from lls_server.inference.llama_engine import LlamaCppModel, Sampling, json_schema_grammar
from lls_server.testing import DEFAULT_MODEL, DEFAULT_MODEL_ID

DEADLINE = 30


@pytest.fixture(scope="module")
def engine() -> Iterator[LlamaCppModel]:
    model = LlamaCppModel(ModelConfig(id=DEFAULT_MODEL_ID, path=DEFAULT_MODEL, context_length=256, parallel=2))
    yield model
    model.close()


@pytest.mark.parametrize(
    "sampling",
    [
        Sampling(),
        Sampling(repetition_penalty=1.3),
        Sampling(repetition_penalty=0.7, temperature=0.8, top_k=40),
        Sampling(temperature=0.8, top_p=0.9, repetition_penalty=1.1),
        Sampling(temperature=0.8, top_k=10**9),  # more than the vocabulary: no limit
        Sampling(grammar='root ::= "yes" | "no"', temperature=0.5, top_p=0.5, repetition_penalty=1.2),
    ],
)
def test_every_sampler_chain_builds_and_samples(engine: LlamaCppModel, sampling: Sampling) -> None:
    """llama.cpp's bindings are ctypes: only a call shows a wrong signature."""
    prompt = engine.tokenize("One, two, three, four,", special=False)

    async def generate() -> Collected:
        return await asyncio.wait_for(collect(engine.generate(prompt, 4, sampling)), DEADLINE)

    answer = asyncio.run(generate())
    assert answer.finished.completion_tokens >= 1 and answer.text
    if sampling.grammar:
        assert answer.text in ("yes", "no")


def allowed_after(engine: LlamaCppModel, grammar: str, prefix: str, candidates: list[str]) -> list[bool]:
    """Which single-token candidates llama.cpp's grammar sampler lets follow `prefix`."""
    sampler = llama_cpp.llama_sampler_init_grammar(engine.vocab, grammar.encode(), b"root")
    assert sampler, "llama.cpp could not parse the grammar"
    try:
        for token in engine.tokenize(prefix, special=False, add_bos=False):
            llama_cpp.llama_sampler_accept(sampler, token)
        ids = []
        for text in candidates:
            (token,) = engine.tokenize(text, special=False, add_bos=False)
            ids.append(token)
        data = (llama_cpp.llama_token_data * len(ids))(*(llama_cpp.llama_token_data(t, 1.0, 0.0) for t in ids))
        array = llama_cpp.llama_token_data_array(data, len(ids), -1, False)
        llama_cpp.llama_sampler_apply(sampler, ctypes.byref(array))
        return [data[i].logit > float("-inf") for i in range(len(ids))]
    finally:
        llama_cpp.llama_sampler_free(sampler)


def test_json_schema_strings_cannot_hold_raw_control_characters(engine: LlamaCppModel) -> None:
    grammar = json_schema_grammar({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]})
    assert allowed_after(engine, grammar, '{"a": "', ["x", "\n", "\t", '"']) == [True, False, False, True]
