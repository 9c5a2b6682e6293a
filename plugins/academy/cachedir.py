"""The user's cache folder for slow, version-keyed artefacts shared by every project on the machine."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path:
    """$XDG_CACHE_HOME/relationships-academy, or ~/.cache/relationships-academy."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "relationships-academy"
