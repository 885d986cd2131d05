"""resultsSection: participant flow, baseline characteristics, outcome measures, adverse events."""
