"""Output: what is made from the generated site: the search index (``search``), the printed
compilation (``compile``), published images (``images``), the Content-Security-Policy of every
page (``csp``), and the engine-free export with its post-build step (``export``, ``postbuild``)."""
