"""Loading a case file: read it (CSV, XLSX, Parquet), map its columns, parse and validate every cell.

Owns the way from a file on disk to the typed, validated case table (`cases.load_cases`), and
every message about bad input (`problems`), which never quotes a client code, case id or free
text. It also reads the project's YAML settings files safely (`settings_file`). It may import
`reactlib.contract` and `reactlib.errors` only.
"""
