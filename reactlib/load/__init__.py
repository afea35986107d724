"""Loading a case file: read it (CSV, XLSX, Parquet), map its columns, parse and validate every cell.

Owns the way from a file on disk to the typed, validated case table (`cases.load_cases`): the
readers (`read`, `csv_file`, `excel`, `table`, with `header` and `encodings`), the parsers
(`parse`, `dates`, `category_cells`), reporting every problem of a file at once, each kind in one
line (`reactlib.errors.ProblemGroup`), never quoting a client code, case id or free text; a
country written in several ways that read alike is one country (`country_spellings`). It also
reads the project's YAML settings files safely (`settings_file`) and column maps (`column_map`).

It may import `reactlib.contract`, `reactlib.language` (category labels and country names in
every language), `reactlib.errors` and `reactlib.terminal` only.
"""
