"""Checks: SHACL validation with QC queries, results placed at file:line, and OWL reasoning."""
