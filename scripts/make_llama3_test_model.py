"""Build a tiny random-weight Llama model whose tokenizer is exactly Meta's Llama 3 tokenizer.

No Llama 3 weights can be downloaded here, but Meta's `llama-models` package on PyPI ships the
tokenizer (`llama3/tokenizer.model`: tiktoken's byte-pair ranks). This script turns it into a GGUF
vocabulary the way llama.cpp's `convert_hf_to_gguf.py` converts Llama 3.1 Instruct, and adds random
weights, so tests can check llama.cpp's Llama 3 tokenization against Meta's own encoder and run the
server's Llama 3 prompt handling on a real Llama 3 vocabulary. What the model writes is noise. The
file is 16 MB, half of it the vocabulary with its 280,147 merges; it takes a few seconds to make.
Deterministic: run again, it writes the same bytes.
"""

from __future__ import annotations

import time
from pathlib import Path

import gguf
import llama_models
import numpy as np
from llama_models.llama3.tokenizer import Tokenizer
from llama_models.tokenizer_utils import load_bpe_file

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "models" / "llama3-tiny-random.gguf"
TOKENIZER_MODEL = Path(llama_models.__file__).parent / "llama3" / "tokenizer.model"

# Small: even so, the 128,256 x N_EMBD embedding (tied to the output layer) is 8 MB in f16.
N_EMBD = 32
N_LAYERS = 2
N_HEADS = 4
N_KV_HEADS = 2  # grouped-query attention, as in every Llama 3
N_FF = 96
CONTEXT_LENGTH = 8192
ROPE_FREQ_BASE = 500000.0  # Llama 3's; its long-context rope scaling is left out, being irrelevant to noise
RMS_NORM_EPS = 1e-5
SEED = 0

# Meta's chat template for Llama 3.1 Instruct, as in the tokenizer_config.json of meta-llama/Llama-3.1-8B-Instruct.
CHAT_TEMPLATE = """{{- bos_token }}
{%- if custom_tools is defined %}
    {%- set tools = custom_tools %}
{%- endif %}
{%- if not tools_in_user_message is defined %}
    {%- set tools_in_user_message = true %}
{%- endif %}
{%- if not date_string is defined %}
    {%- set date_string = "26 Jul 2024" %}
{%- endif %}
{%- if not tools is defined %}
    {%- set tools = none %}
{%- endif %}

{#- This block extracts the system message, so we can slot it into the right place. #}
{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content']|trim %}
    {%- set messages = messages[1:] %}
{%- else %}
    {%- set system_message = "" %}
{%- endif %}

{#- System message + builtin tools #}
{{- "<|start_header_id|>system<|end_header_id|>\\n\\n" }}
{%- if builtin_tools is defined or tools is not none %}
    {{- "Environment: ipython\\n" }}
{%- endif %}
{%- if builtin_tools is defined %}
    {{- "Tools: " + builtin_tools | reject('equalto', 'code_interpreter') | join(", ") + "\\n\\n"}}
{%- endif %}
{{- "Cutting Knowledge Date: December 2023\\n" }}
{{- "Today Date: " + date_string + "\\n\\n" }}
{%- if tools is not none and not tools_in_user_message %}
    {{- "You have access to the following functions. To call a function, please respond with JSON for a function call." }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\\n\\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\\n\\n" }}
    {%- endfor %}
{%- endif %}
{{- system_message }}
{{- "<|eot_id|>" }}

{#- Custom tools are passed in a user message with some extra guidance #}
{%- if tools_in_user_message and not tools is none %}
    {#- Extract the first user message so we can plug it in here #}
    {%- if messages | length != 0 %}
        {%- set first_user_message = messages[0]['content']|trim %}
        {%- set messages = messages[1:] %}
    {%- else %}
        {{- raise_exception("Cannot put tools in the first user message when there's no first user message!") }}
{%- endif %}
    {{- '<|start_header_id|>user<|end_header_id|>\\n\\n' -}}
    {{- "Given the following functions, please respond with a JSON for a function call " }}
    {{- "with its proper arguments that best answers the given prompt.\\n\\n" }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\\n\\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\\n\\n" }}
    {%- endfor %}
    {{- first_user_message + "<|eot_id|>"}}
{%- endif %}

{%- for message in messages %}
    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}
        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' }}
    {%- elif 'tool_calls' in message %}
        {%- if not message.tool_calls|length == 1 %}
            {{- raise_exception("This model only supports single tool-calls at once!") }}
        {%- endif %}
        {%- set tool_call = message.tool_calls[0].function %}
        {%- if builtin_tools is defined and tool_call.name in builtin_tools %}
            {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}
            {{- "<|python_tag|>" + tool_call.name + ".call(" }}
            {%- for arg_name, arg_val in tool_call.arguments | items %}
                {{- arg_name + '="' + arg_val + '"' }}
                {%- if not loop.last %}
                    {{- ", " }}
                {%- endif %}
                {%- endfor %}
            {{- ")" }}
        {%- else  %}
            {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}
            {{- '{"name": "' + tool_call.name + '", ' }}
            {{- '"parameters": ' }}
            {{- tool_call.arguments | tojson }}
            {{- "}" }}
        {%- endif %}
        {%- if builtin_tools is defined %}
            {#- This means we're in ipython mode #}
            {{- "<|eom_id|>" }}
        {%- else %}
            {{- "<|eot_id|>" }}
        {%- endif %}
    {%- elif message.role == "tool" or message.role == "ipython" %}
        {{- "<|start_header_id|>ipython<|end_header_id|>\\n\\n" }}
        {%- if message.content is mapping or message.content is iterable %}
            {{- message.content | tojson }}
        {%- else %}
            {{- message.content }}
        {%- endif %}
        {{- "<|eot_id|>" }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}
{%- endif %}
"""  # noqa: E501


def byte_to_unicode() -> dict[int, str]:
    """GPT-2's byte-level alphabet: each byte as a printable character, the form llama.cpp's BPE vocabularies use."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    mapping = {byte: chr(byte) for byte in printable}
    shifted = 0
    for byte in range(256):
        if byte not in mapping:
            mapping[byte] = chr(256 + shifted)
            shifted += 1
    return mapping


def merges_from_ranks(ranks: dict[bytes, int]) -> list[tuple[bytes, bytes]]:
    """Every split of every token into two tokens, ordered by the token's rank (then by the halves' ranks).

    tiktoken merges, at each step, the adjacent pair whose concatenation has the lowest rank; llama.cpp
    merges the adjacent pair listed first among the merges. With every split listed in this order,
    the two agree. One split per token (the last step of byte-pair encoding the token by itself, as
    convert_hf_to_gguf does for Qwen) does not work for Llama 3: some tokens, such as `.:.:`, cannot
    be made by merging their bytes (tiktoken finds them only by looking a whole word up). transformers'
    tiktoken converter lists every split, and so has the 280,147 merges of Llama 3's tokenizer.json.
    """
    merges = []
    for token in sorted(ranks, key=ranks.__getitem__):
        splits = [(token[:i], token[i:]) for i in range(1, len(token)) if token[:i] in ranks and token[i:] in ranks]
        splits.sort(key=lambda split: (ranks[split[0]], ranks[split[1]]))
        merges.extend(splits)
    return merges


def add_vocabulary(writer: gguf.GGUFWriter) -> int:
    """Meta's Llama 3 vocabulary and chat template; returns the vocabulary's size."""
    ranks = load_bpe_file(TOKENIZER_MODEL)
    special = Tokenizer(TOKENIZER_MODEL).special_tokens
    assert sorted(ranks.values()) == list(range(len(ranks))), "tiktoken ranks are the token ids, without gaps"
    assert sorted(special.values()) == list(range(len(ranks), len(ranks) + len(special)))
    alphabet = byte_to_unicode()

    def as_text(token: bytes) -> str:
        return "".join(alphabet[byte] for byte in token)

    tokens = [as_text(token) for token in sorted(ranks, key=ranks.__getitem__)]
    tokens += sorted(special, key=special.__getitem__)
    # Control, not user-defined: llama.cpp finds user-defined tokens in text even when asked not to parse
    # special tokens, and Meta's encoder never does.
    types = [gguf.TokenType.NORMAL] * len(ranks) + [gguf.TokenType.CONTROL] * len(special)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("llama-bpe")  # llama.cpp's Llama 3 pre-tokenizer regex, and whole words looked up first
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges([f"{as_text(left)} {as_text(right)}" for left, right in merges_from_ranks(ranks)])
    # As converted from Llama 3.1 Instruct: its tokenizer_config.json's BOS and EOS; BOS added to prompts, EOS not.
    writer.add_bos_token_id(special["<|begin_of_text|>"])
    writer.add_eos_token_id(special["<|eot_id|>"])
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    # llama.cpp guesses these from tokens' texts; `<|end_of_text|>` also passes for an end of turn, so say which.
    writer.add_eot_token_id(special["<|eot_id|>"])
    writer.add_eom_token_id(special["<|eom_id|>"])
    writer.add_chat_template(CHAT_TEMPLATE)
    return len(tokens)


def add_weights(writer: gguf.GGUFWriter, n_vocab: int) -> None:
    """Random weights in llama.cpp's Llama layout; numpy shapes are GGUF's dimensions reversed."""
    rng = np.random.default_rng(SEED)
    head_dim = N_EMBD // N_HEADS

    def random(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape, dtype=np.float32) * 0.02).astype(np.float16)

    norm = np.ones(N_EMBD, dtype=np.float32)
    writer.add_tensor("token_embd.weight", random(n_vocab, N_EMBD))  # also the output layer: no output.weight
    for layer in range(N_LAYERS):
        writer.add_tensor(f"blk.{layer}.attn_norm.weight", norm)
        writer.add_tensor(f"blk.{layer}.attn_q.weight", random(N_HEADS * head_dim, N_EMBD))
        writer.add_tensor(f"blk.{layer}.attn_k.weight", random(N_KV_HEADS * head_dim, N_EMBD))
        writer.add_tensor(f"blk.{layer}.attn_v.weight", random(N_KV_HEADS * head_dim, N_EMBD))
        writer.add_tensor(f"blk.{layer}.attn_output.weight", random(N_EMBD, N_HEADS * head_dim))
        writer.add_tensor(f"blk.{layer}.ffn_norm.weight", norm)
        writer.add_tensor(f"blk.{layer}.ffn_gate.weight", random(N_FF, N_EMBD))
        writer.add_tensor(f"blk.{layer}.ffn_up.weight", random(N_FF, N_EMBD))
        writer.add_tensor(f"blk.{layer}.ffn_down.weight", random(N_EMBD, N_FF))
    writer.add_tensor("output_norm.weight", norm)


def main() -> None:
    started = time.perf_counter()
    partial = TARGET.with_suffix(".partial")
    partial.parent.mkdir(exist_ok=True)
    writer = gguf.GGUFWriter(partial, "llama")
    writer.add_name("Llama 3 tiny random")
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    writer.add_context_length(CONTEXT_LENGTH)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYERS)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEADS)
    writer.add_head_count_kv(N_KV_HEADS)
    writer.add_rope_dimension_count(N_EMBD // N_HEADS)
    writer.add_rope_freq_base(ROPE_FREQ_BASE)
    writer.add_layer_norm_rms_eps(RMS_NORM_EPS)
    n_vocab = add_vocabulary(writer)
    writer.add_vocab_size(n_vocab)
    add_weights(writer, n_vocab)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    partial.rename(TARGET)
    size = TARGET.stat().st_size / 1e6
    print(f"made {TARGET.relative_to(ROOT)} ({size:.1f} MB) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
