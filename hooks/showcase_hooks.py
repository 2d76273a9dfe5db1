"""The file mkdocs.yml names under ``hooks:``.  MkDocs loads it by path, so it only makes the
repository importable and takes the MkDocs adapter's events from showcase/engine/mkdocs/."""

import sys
from pathlib import Path

_REPOSITORY = Path(__file__).resolve().parent.parent
if str(_REPOSITORY) not in sys.path:
    sys.path.insert(0, str(_REPOSITORY))

from showcase.engine.mkdocs.events import *  # noqa: E402, F403
