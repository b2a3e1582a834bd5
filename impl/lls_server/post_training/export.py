"""A served GGUF model into PyTorch for training, and trained weights back into a GGUF that llama.cpp serves.

Loading uses transformers' GGUF support, which dequantizes the weights into a plain float model. Exporting uses
llama.cpp's own tools, matched to the llama.cpp that serves the result: `convert_hf_to_gguf.py` from the
llama-cpp-python sdist (`make setup` extracts it, with its `gguf-py`, into DEFAULT_CONVERTER_DIR), then the
quantizer through the bindings.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import llama_cpp

if TYPE_CHECKING:
    from peft import PeftModel
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

log = logging.getLogger("lls.post_training")

DEFAULT_CONVERTER_DIR = Path.home() / ".cache/lls/llama.cpp-0.3.36-converters"
QUANTIZATIONS = {
    "f32": llama_cpp.LLAMA_FTYPE_ALL_F32,
    "f16": llama_cpp.LLAMA_FTYPE_MOSTLY_F16,
    "bf16": llama_cpp.LLAMA_FTYPE_MOSTLY_BF16,
    "q8_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0,
    "q6_k": llama_cpp.LLAMA_FTYPE_MOSTLY_Q6_K,
    "q5_k_m": llama_cpp.LLAMA_FTYPE_MOSTLY_Q5_K_M,
    "q4_k_m": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_K_M,
    "q5_1": llama_cpp.LLAMA_FTYPE_MOSTLY_Q5_1,
    "q5_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q5_0,
    "q4_1": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_1,
    "q4_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_0,
}


class UnsupportedModel(Exception):
    """transformers cannot load this GGUF model's architecture."""


class ExportError(RuntimeError):
    """llama.cpp's converter is missing or failed, or its quantizer failed."""


def check_loadable(architecture: str) -> None:
    """An UnsupportedModel if transformers cannot load a GGUF model of this architecture (imports transformers)."""
    from transformers.modeling_gguf_pytorch_utils import GGUF_SUPPORTED_ARCHITECTURES

    if architecture not in GGUF_SUPPORTED_ARCHITECTURES:
        raise UnsupportedModel(f"transformers cannot load a {architecture!r} model from GGUF, so it cannot be trained")


def load_for_training(gguf_path: Path) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """The GGUF model as a float32 transformers model, and its tokenizer. Takes seconds: every weight is unpacked."""
    # Imported here: transformers and torch take seconds to import, and only training needs them.
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    if not gguf_path.is_file():
        raise FileNotFoundError(f"no GGUF file at {gguf_path}")
    directory, name = gguf_path.parent, gguf_path.name
    try:
        # Without dequantize=True the model keeps a GGUF quantizer that makes it neither trainable nor savable.
        model = AutoModelForCausalLM.from_pretrained(
            directory,
            gguf_file=name,
            dtype=torch.float32,
            quantization_config=GgufConfig(dequantize=True),
            local_files_only=True,
        )
    except (ValueError, NotImplementedError) as error:  # what transformers raises for an architecture it lacks
        raise UnsupportedModel(
            f"transformers cannot load {name}, a {_architecture(gguf_path)!r} model, from GGUF: {error}"
        ) from error
    tokenizer = AutoTokenizer.from_pretrained(directory, gguf_file=name, local_files_only=True)
    return model, tokenizer


def _architecture(gguf_path: Path) -> str:
    from gguf import GGUFReader

    field = GGUFReader(gguf_path).get_field("general.architecture")
    return str(field.contents()) if field is not None else "unknown"


def export_gguf(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    out_path: Path,
    *,
    quantization: str = "q8_0",
    converter_dir: Path = DEFAULT_CONVERTER_DIR,
) -> Path:
    """Write a merged (no adapters) model and its tokenizer to `out_path` as a GGUF quantized as `quantization`.

    Everything is written in a temporary folder next to `out_path` and only the finished file is moved into place,
    so a failed export leaves nothing behind.
    """
    ftype = QUANTIZATIONS.get(quantization)
    if ftype is None:
        raise ValueError(f"unknown quantization {quantization!r}; one of: {', '.join(QUANTIZATIONS)}")
    if getattr(model, "peft_config", None):
        raise ValueError("the model still has adapters: export model.merge_and_unload()")
    converter = _converter(converter_dir, "convert_hf_to_gguf.py")
    with _staging(out_path) as work:
        started = time.monotonic()
        checkpoint = work / "hf"
        model.save_pretrained(checkpoint)
        tokenizer.save_pretrained(checkpoint)
        unquantized = work / "f32.gguf"
        _convert(converter, [str(checkpoint), "--model-name", out_path.stem], unquantized)
        converted = time.monotonic()
        quantized = work / "out.gguf"
        _quantize(unquantized, quantized, ftype)
        os.replace(quantized, out_path)
    log.info(
        "exported %s (%s): %.1f s to convert, %.1f s to quantize",
        out_path,
        quantization,
        converted - started,
        time.monotonic() - converted,
    )
    return out_path


def adapter_unexportable(model: object) -> str | None:
    """Why `model` cannot be exported as a llama.cpp LoRA adapter, or None if it can."""
    from peft import LoraConfig, PeftModel

    if not isinstance(model, PeftModel):
        return "the model was trained in full, not with adapters"
    config = model.peft_config[model.active_adapter]
    assert isinstance(config, LoraConfig)
    if config.use_dora:
        return "llama.cpp's adapters have no DoRA magnitudes"
    if "lm_head" in (config.target_modules or ()) and _base_model(model).config.tie_word_embeddings:
        return "the adapted output layer shares its weights with the embeddings, which llama.cpp cannot adapt"
    return None


def export_lora_adapter(model: PeftModel, out_path: Path, *, converter_dir: Path = DEFAULT_CONVERTER_DIR) -> Path:
    """Write a PEFT model's LoRA adapter to `out_path` as a llama.cpp adapter GGUF, in f32, for the GGUF its base
    model was loaded from. Like `export_gguf`, only a finished file is moved into place."""
    reason = adapter_unexportable(model)
    if reason is not None:
        raise ValueError(f"cannot export a llama.cpp LoRA adapter: {reason}; export the merged model")
    converter = _converter(converter_dir, "convert_lora_to_gguf.py")
    with _staging(out_path) as work:
        started = time.monotonic()
        adapter, base = work / "adapter", work / "base"
        # Not the embeddings: no adapter here trains them, and peft would look for the base model's files to tell.
        model.save_pretrained(str(adapter), save_embedding_layers=False)
        # The converter reads only the base model's config, and needs its architecture, which a model loaded
        # from GGUF does not record.
        base_model = _base_model(model)
        base_config = {**json.loads(base_model.config.to_json_string()), "architectures": [type(base_model).__name__]}
        base.mkdir()
        (base / "config.json").write_text(json.dumps(base_config))
        converted = work / "adapter.gguf"
        _convert(converter, [str(adapter), "--base", str(base)], converted)
        os.replace(converted, out_path)
    log.info("exported the LoRA adapter %s: %.1f s", out_path, time.monotonic() - started)
    return out_path


def _converter(directory: Path, script: str) -> Path:
    converter = directory / script
    if not converter.is_file():
        raise ExportError(f"llama.cpp's {script} is not at {converter}: run `make setup`")
    return converter


@contextmanager
def _staging(out_path: Path) -> Iterator[Path]:
    """A temporary folder beside `out_path` for what leads to it, removed afterwards, whatever happens."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_path.parent, prefix=f".{out_path.name}.") as work:
        yield Path(work)


def _base_model(model: PeftModel) -> PreTrainedModel:
    from transformers import PreTrainedModel

    base = model.get_base_model()
    assert isinstance(base, PreTrainedModel)
    return base


def _convert(converter: Path, arguments: list[str], out: Path) -> None:
    # The converter must run with the gguf-py it was released with, not the gguf package installed here.
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(converter.parent / "gguf-py"), env.get("PYTHONPATH")]))
    # f32, so that the weights are rounded once, by the quantizer (a model) or never (an adapter).
    command = [sys.executable, str(converter), *arguments, "--outfile", str(out), "--outtype", "f32"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not out.is_file():
        raise ExportError(f"llama.cpp's {converter.name} failed (exit {result.returncode}):\n{result.stderr[-3000:]}")


def _quantize(source: Path, out: Path, ftype: int) -> None:
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    status = llama_cpp.llama_model_quantize(str(source).encode(), str(out).encode(), ctypes.byref(params))
    if status != 0:
        raise ExportError(f"llama.cpp's quantizer failed ({status}) on {source}")
