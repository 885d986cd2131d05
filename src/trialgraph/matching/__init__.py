"""Matching a patient to trials: patient files and eligibility against structured constraints.

>>> from trialgraph.matching import match, match_store, load_patient  # the names users import
"""

from .eligibility import TrialMatch, match, match_file, unread_labs
from .patient import Patient, load_patient, parse_patient
from .store_matching import match_store

__all__ = [
    "Patient",
    "TrialMatch",
    "load_patient",
    "match",
    "match_file",
    "match_store",
    "parse_patient",
    "unread_labs",
]
