"""What a report shows: its parameters, texts, charts, HTML sections and provenance.

Owns everything the report notebook calls: `data.prepare_report` (the report's figures, row
accounting and provenance from its parameters), the fixed wording (`texts`), the charts
(`charts`), the HTML of each section (`sections`), the country settings (`settings`) and the
declaration of the notebook's parameters (`parameters`). It may import `reactlib.contract`,
`reactlib.load`, `reactlib.count` and `reactlib.errors`; it knows nothing of kernels, browsers or
output folders.
"""
