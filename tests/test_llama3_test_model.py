"""The tiny random Llama 3 model that `make setup` builds (scripts/make_llama3_test_model.py): llama.cpp must
tokenize with it exactly as Meta's own Llama 3 encoder does, so that tests can hold prompts to Meta's tokens."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import llama_cpp
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment
from llama_models.datatypes import RawMessage
from llama_models.llama3.chat_format import ChatFormat
from llama_models.llama3.tokenizer import Tokenizer

from lls_server.config import ModelConfig
from lls_server.inference.api import collect
from lls_server.inference.chat_format import is_llama3_template
from lls_server.inference.llama_engine import LlamaCppModel, Sampling

LLAMA3_TEST_MODEL = Path(__file__).resolve().parent.parent / "models" / "llama3-tiny-random.gguf"
SPECIAL_TOKENS = [
    "<|begin_of_text|>",
    "<|end_of_text|>",
    "<|start_header_id|>",
    "<|end_header_id|>",
    "<|eot_id|>",
    "<|eom_id|>",
    "<|python_tag|>",
]
TEXTS = [
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog.",
    "def square(x: int) -> int:\n    return x ** 2  # squared\n",
    "for (int i = 0; i < n; ++i) { sum += a[i]; }",
    "123456789",
    "3.14159 and 1,000,000 and 2024-07-23",
    "a    b\t\tc   \n\n\n   d     ",
    "line one\r\nline two\r\n\r\n",
    "       leading spaces",
    "trailing spaces       ",
    " ",
    "\n",
    "don't, I'll, we've, she's, THEY'RE, it\u2019s",  # a typographic apostrophe opens no contraction
    "naïve café, Ærøskøbing, straße",
    "Привет, мир! Καλημέρα κόσμε",
    "我想在apple工作1314151天\uff5e",
    "日本語のテキストと한국어 텍스트",
    "مرحبا بالعالم और नमस्ते दुनिया และภาษาไทย",
    "emoji 😀🦙👍🏽 👨‍👩‍👧 🏳️‍🌈",
    "text with <|eot_id|> and <|start_header_id|>user<|end_header_id|> inside",
    "''''''```````\"\"\"\"......!!!!!!??????",
    "------======= ~~~ ### ***",
    "x" * 300,
]


@pytest.fixture(scope="module")
def model() -> Iterator[LlamaCppModel]:
    engine = LlamaCppModel(ModelConfig(id="llama3-tiny-random", path=LLAMA3_TEST_MODEL, context_length=256, parallel=1))
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def meta() -> Tokenizer:
    return Tokenizer.get_instance()


@pytest.mark.parametrize("text", TEXTS)
def test_text_tokenizes_as_metas_encoder(model: LlamaCppModel, meta: Tokenizer, text: str) -> None:
    """Special tokens' texts included: unparsed, they are plain text to both."""
    expected = meta.encode(text, bos=False, eos=False, allowed_special=set(), disallowed_special=())
    assert model.tokenize(text, special=False, add_bos=False) == expected


@pytest.mark.parametrize("name", SPECIAL_TOKENS)
def test_a_special_token_parses_to_its_id(model: LlamaCppModel, meta: Tokenizer, name: str) -> None:
    assert model.tokenize(name, special=True, add_bos=False) == [meta.special_tokens[name]]
    assert model.token_text(meta.special_tokens[name]) == name


def test_bos_is_added_once(model: LlamaCppModel, meta: Tokenizer) -> None:
    assert model.tokenize("Hi", special=True) == meta.encode("Hi", bos=True, eos=False)
    assert model.bos_text == "<|begin_of_text|>"


def test_end_of_turn_and_end_of_message_end_generation(model: LlamaCppModel, meta: Tokenizer) -> None:
    assert model.eos_text == "<|eot_id|>"
    for name in ("<|eot_id|>", "<|eom_id|>", "<|end_of_text|>"):
        assert llama_cpp.llama_vocab_is_eog(model.vocab, meta.special_tokens[name]), name
    assert not llama_cpp.llama_vocab_is_eog(model.vocab, meta.special_tokens["<|python_tag|>"])


def test_chat_template_formats_a_dialog_as_metas_chat_format(model: LlamaCppModel, meta: Tokenizer) -> None:
    """The GGUF carries Llama 3.1 Instruct's template; rendered, it tokenizes as Meta's `encode_dialog_prompt`."""
    template = model.chat_template
    assert is_llama3_template(template)
    environment = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    dialog = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What is 2 + 2?"},
        {"role": "assistant", "content": "4"},
        {"role": "user", "content": "And 3 + 3?"},
    ]
    rendered = environment.from_string(template).render(
        messages=dialog, bos_token="<|begin_of_text|>", add_generation_prompt=True
    )
    # The template's system prompt always opens with these dates; Meta's `ChatFormat` leaves that to the caller.
    dated_system = "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nYou are a helpful assistant."
    messages = [RawMessage(role=m["role"], content=m["content"]) for m in dialog]
    messages[0] = RawMessage(role="system", content=dated_system)
    expected = ChatFormat(meta).encode_dialog_prompt(messages).tokens
    assert model.tokenize(rendered, special=True, add_bos=False) == expected


def test_the_model_generates(model: LlamaCppModel, meta: Tokenizer) -> None:
    """Random weights write noise, but through the whole engine, with logits over the full vocabulary. Their
    logits are nearly flat, so a seeded sampler all but never picks one of the three end-of-generation tokens."""
    prompt = meta.encode("Once upon a time", bos=True, eos=False)

    async def generate() -> int:
        answer = await asyncio.wait_for(collect(model.generate(prompt, 4, Sampling(temperature=1.0, seed=0))), 30)
        return answer.finished.completion_tokens

    assert asyncio.run(generate()) == 4
