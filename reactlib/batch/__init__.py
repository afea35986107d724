"""Rendering many reports: a batch file, worker processes with warm kernels, skipping, the index page.

Owns `reactlib batch`: the batch definition (`spec`), its jobs (`plan`), the run (`run`, with
`outcomes`, `logs`, `index` and `summary`), its worker processes
(`workers`), skipping reports whose inputs are unchanged (`incremental`), Ctrl-C that waits for
the report being printed (`interrupts`) and `index.html` (`index_page`). Nothing imports it but
`reactlib.cli`.

It may import `reactlib.contract`, `reactlib.language`, `reactlib.load`, `reactlib.count`,
`reactlib.report`, `reactlib.render`, `reactlib.sample`, `reactlib.errors`, `reactlib.terminal`
and `reactlib.machine` only.
"""
