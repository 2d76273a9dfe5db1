"""Load: the files of the content tree to a :class:`~showcase.load.model.Site`, collecting every
problem with its file and line (``sources`` reads without following links and within bounds,
``schema`` is the one schema engine, ``content`` reads projects, schools and submissions,
``bureau`` the bureau's own files)."""
