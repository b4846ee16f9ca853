"""The catalog layer: records, and the one path from a YAML file to them.

load (find and read the file) -> yaml_reader (PyYAML events, with line numbers) -> schema (the
field rules) -> build (records) -> rules (the rules that span records) -> store (the JSON cache);
model holds the records, index the tables derived from them, review the review dates.
"""
