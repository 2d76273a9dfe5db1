"""Tools for contributors beside the pipeline: ``scaffold`` (``build.py new``) and ``fixer``
(``build.py fix``)."""
