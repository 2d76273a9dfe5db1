"""The showcase of the Taiyuan secondary vocational education reform pilots, as a pipeline.

The packages, in the order the content goes through them:

1. :mod:`showcase.load`: files to a :class:`~showcase.load.model.Site` and its
   :class:`~showcase.problems.Problems` (sources, one pydantic schema, the model, the bureau's
   files); nothing is followed, nothing unbounded is read.
2. :mod:`showcase.check`: every rule: the safety gate, personal data, attachments, bounds,
   the site-wide rules, ownership; and what each problem code means.
3. :mod:`showcase.generate`: the site's pages and data files from the site: a school's text
   rendered and sanitised, templates that escape every value, listings, progress, feeds,
   open data and spreadsheets.
4. :mod:`showcase.output`: what is made of the generated site: the search index, the
   compilation (PDF and Word), published images, the pages' Content-Security-Policy, the
   engine-free export and its post-build step.

:mod:`showcase.pipeline` runs 1–3 in one call.  Beside the pipeline: :mod:`showcase.tools`
(``new`` and ``fix`` for contributors) and :mod:`showcase.engine` (the MkDocs adapter, the one
part that imports an engine; replaceable as a whole).
"""
