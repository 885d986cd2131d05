"""Questions across trials: the SPARQL query library, its backends (memory, on-disk, remote),
federation and result formats."""

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"  # here, not in federation.py: the CLI names it at start-up
