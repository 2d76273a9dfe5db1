"""The MkDocs 1.x adapter: ``events`` (the hook's events; hooks/showcase_hooks.py loads them),
``state`` (one build's state), and speed-ups that rely on MkDocs internals, each switched off on an
engine version it was not verified on (``guard``): ``parallel_render``, ``fast_render``,
``template_cache``, ``watch``."""
