"""A served GGUF model into PyTorch for training, and trained weights back into a GGUF that llama.cpp serves.

Loading uses transformers' GGUF support, which dequantizes the weights into a plain float model. Exporting uses
llama.cpp's own tools, matched to the llama.cpp that serves the result: `convert_hf_to_gguf.py` from the
llama-cpp-python sdist (`make setup` extracts it, with its `gguf-py`, into DEFAULT_CONVERTER_DIR), then the
quantizer through the bindings.
"""

from __future__ import annotations

import ctypes
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import llama_cpp

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

log = logging.getLogger("lls.post_training")

DEFAULT_CONVERTER_DIR = Path.home() / ".cache/lls/llama.cpp-0.3.36-convert"
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
    converter = converter_dir / "convert_hf_to_gguf.py"
    if not converter.is_file():
        raise ExportError(f"llama.cpp's converter is not at {converter}: run `make setup`")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_path.parent, prefix=f".{out_path.name}.") as work:
        started = time.monotonic()
        checkpoint = Path(work) / "hf"
        model.save_pretrained(checkpoint)
        tokenizer.save_pretrained(checkpoint)
        unquantized = Path(work) / "f32.gguf"
        _convert(converter, checkpoint, unquantized, model_name=out_path.stem)
        converted = time.monotonic()
        quantized = Path(work) / "out.gguf"
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


def _convert(converter: Path, checkpoint: Path, out: Path, *, model_name: str) -> None:
    # The converter must run with the gguf-py it was released with, not the gguf package installed here.
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(converter.parent / "gguf-py"), env.get("PYTHONPATH")]))
    # f32, so that the weights are rounded once, by the quantizer.
    command = [sys.executable, str(converter), str(checkpoint), "--outfile", str(out), "--outtype", "f32"]
    result = subprocess.run(
        [*command, "--model-name", model_name], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or not out.is_file():
        raise ExportError(f"llama.cpp's converter failed (exit {result.returncode}):\n{result.stderr[-3000:]}")


def _quantize(source: Path, out: Path, ftype: int) -> None:
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    status = llama_cpp.llama_model_quantize(str(source).encode(), str(out).encode(), ctypes.byref(params))
    if status != 0:
        raise ExportError(f"llama.cpp's quantizer failed ({status}) on {source}")
