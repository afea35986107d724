"""Rendering one report: check the request, execute the notebook, export HTML, print the PDF, publish.

Owns a report's way from its request to its folder of files, for every kind of report (`kinds`:
the country report, the trend, an analyst's own notebook): `pipeline.plan` checks it and
computes its figures in-process, `execute` runs the notebook with papermill (in a fresh or a
warm `kernels` kernel), `html` exports the reviewers' page, `pdf` prints it with Chromium,
`workbook` writes figures.xlsx, `publish` puts the files in place atomically, and `stages`
strings these steps together, `pipeline.render` all of them. It may import every stage below it (`contract`, `load`, `count`,
`report`, `sample`), `reactlib.errors` and `reactlib.terminal`, never `reactlib.batch`.
"""
