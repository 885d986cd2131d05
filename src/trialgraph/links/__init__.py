"""Links to external ontologies: the prefix map, SSSOM tables, unit IRIs and the links report.

The lowest stage: it imports only errors and paths.
"""
