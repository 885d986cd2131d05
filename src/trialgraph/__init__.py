"""TrialGraph: an RDF knowledge graph of clinical trials, their regimens and eligibility."""

__version__ = "0.1.0"
