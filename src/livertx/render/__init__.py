"""The render layer: answers turned into what people and programs read.

json_docs builds the `--json` documents; views builds the table views out of plain's blocks,
which plain lays out as text for a pipe or a file and terminal draws with Rich.
"""
