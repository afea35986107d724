"""The data contract, declared: category codes and labels, and the input table's columns and rules.

Owns what data-contract.md sections 1 and 2 say in words: the vocabularies (`categories`) and
the schema of the case table (`schema`). It is pure declaration and imports nothing of
reactlib's but `reactlib.errors`; every other stage reads its codes, labels and columns here.
"""
