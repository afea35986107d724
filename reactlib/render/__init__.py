"""Rendering one report: check the request, execute the notebook, export HTML, print the PDF, publish.

Owns a report's way from its request to its folder of files, for every kind of report (`kinds`:
the country report, the trend, an analyst's own notebook): `pipeline.plan` checks it and
computes its figures in-process, `execute` runs the notebook with papermill (in a fresh or a
warm `kernels` kernel), `html` exports the reviewers' page, `pdf` prints it with Chromium,
`workbook` writes figures.xlsx, `publish` puts the files in place atomically, and `stages`
strings these steps together, `pipeline.render` all of them. It never imports `reactlib.batch`.

It may import `reactlib.contract`, `reactlib.language` (the notebook's and the page's
language), `reactlib.load`, `reactlib.count`, `reactlib.report`, `reactlib.sample`,
`reactlib.errors`, `reactlib.terminal` and `reactlib.machine` only.
"""
