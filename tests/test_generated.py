"""The generated layer matches the spec, and the check notices a hand edit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATE = [sys.executable, str(ROOT / "scripts" / "generate.py")]


def test_checked_in_generated_files_match_the_spec() -> None:
    result = subprocess.run([*GENERATE, "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_check_fails_when_a_generated_file_is_edited_by_hand(tmp_path: Path) -> None:
    for tree in ("generated/lls_api", "clients/python", "docs/site"):
        shutil.copytree(ROOT / tree, tmp_path / tree, ignore=shutil.ignore_patterns("__pycache__"))
    edited = tmp_path / "generated/lls_api/routes.py"
    edited.write_text(edited.read_text().replace('path="/health"', 'path="/healthz"'))
    (tmp_path / "clients/python/lls_client/extra.py").write_text("# written by hand\n")

    result = subprocess.run([*GENERATE, "--check", "--root", str(tmp_path)], capture_output=True, text=True)

    assert result.returncode == 1
    assert "differs: generated/lls_api/routes.py" in result.stderr
    assert "not generated: clients/python/lls_client/extra.py" in result.stderr


def test_the_generated_layer_never_imports_the_implementation() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for tree in ("generated", "clients")
        for path in (ROOT / tree).rglob("*.py")
        if "lls_server" in path.read_text()
    ]
    assert offenders == []


def test_readme_status_table_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "status_table.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
