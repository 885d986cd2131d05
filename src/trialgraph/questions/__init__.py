"""Questions across trials: the SPARQL query library, its backends (memory, on-disk, remote),
federation and result formats."""
