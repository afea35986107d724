"""Counting: reporting periods and scopes, every figure of a report, suppression, row accounting.

Owns data-contract.md section 4, analysis.md sections 4 and 6, and figures.json: pure
functions from validated cases to numbers (`aggregate`, `crosstabs`), one report's figures and
their suppression (`figures`), trends over periods (`trends`, analysis.md section 2), each
share's interval (`intervals`), the differences between two renders' figures (`diff`), the
data-quality appendix (`quality`), and disclosure control over a whole publication (`cells`,
`relations`, `linear`, `protection`, `audit`, `suppression`). It never reads files, renders or
prints.

It may import `reactlib.contract`, `reactlib.language` (a report's labels in its language,
`in_language`), `reactlib.errors`, `reactlib.terminal` and `reactlib.machine` (the cores its
linear programs are solved on) only.
"""
