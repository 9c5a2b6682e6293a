"""The code passes ruff and mypy with the settings in pyproject.toml (`make lint` runs just these)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO


@pytest.mark.parametrize("command", [["ruff", "check", "--output-format", "concise", "."], ["mypy"]],
                         ids=["ruff", "mypy"])
def test_code_is_clean(command: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
