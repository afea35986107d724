"""What a report shows: the helpers the report notebook calls, its parameters and its provenance.

Owns everything the notebooks call: `data.prepare_report` (the report's figures, row accounting
and provenance from its parameters; `trend_data.prepare_trend` a trend's, with its line charts and
tables in `lines`; `handover`, how a render hands that data to the kernel), the house style of its
charts (`plots`, over seaborn) and tables (`tables`, over pandas' Styler), `phrases.phrase` (values
put into a sentence, escaped), the report's other parts as displayable objects (`blocks`), the
package's HTML from its Jinja2 templates (`markup`), the few words code still writes
(`fixed_words`), the table of contents and suppression note (`sections`), the country settings
(`settings`) and the declaration of a report's parameters (`parameters`). It knows nothing of
kernels, browsers or output folders, and keeps no language of its own: each helper is given one.

It may import `reactlib.contract`, `reactlib.language` (the report's words in its language),
`reactlib.load`, `reactlib.count`, `reactlib.sample` (the default data file), `reactlib.errors`,
`reactlib.terminal` and `reactlib.machine` only.
"""
