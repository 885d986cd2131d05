"""ClinicalTrials.gov API v2: reading records, mapping each API module, and the importer."""
