"""The data contract, declared: category codes and labels, and the input table's columns and rules.

Owns what data-contract.md sections 1 and 2 say in words: the vocabularies (`categories`) and
the schema of the case table (`schema`). It is pure declaration; every other stage reads its
codes, labels and columns here.

It may import `reactlib.errors` only.
"""
