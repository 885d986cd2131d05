"""What matching says of a trial: its match, the reasons, each constraint's finding; cheap to send to another process.

A store's studies are matched in worker processes and their TrialMatch objects sent back to the main one:
pickled as they are, each IRI would be made again through rdflib's checks, which cost more than matching
itself (measured: 0.33 ms a study to unpickle, against 0.2 ms to match from a digest). So a TrialMatch
pickles as plain strings and lists, and its IRIs are made again without the check (they were IRIs already).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

ELIGIBLE, INELIGIBLE, UNDETERMINED = "eligible", "ineligible", "undetermined"


@dataclass
class Finding:
    """A constraint's or criterion's truth for the patient: True, False or None (unknown)."""

    value: bool | None
    facts: list[str] = field(default_factory=list)  # what decided it
    missing: list[str] = field(default_factory=list)  # what it lacks, when unknown


@dataclass
class Reason:
    criterion: URIRef
    section: str
    verbatim: str
    detail: list[str]

    def as_dict(self) -> dict:
        return {
            "criterion": str(self.criterion),
            "section": self.section,
            "verbatim": self.verbatim,
            "detail": self.detail,
        }


@dataclass
class TrialMatch:
    trial: URIRef
    nct_id: str | None
    status: str
    reasons: list[Reason]
    not_assessed: list[Reason]
    assessed: int = 0  # criteria with a structured constraint (for ranking; not in the output)

    def __reduce__(self):
        reasons = [*self.reasons, *self.not_assessed]
        if type(self.trial) is not URIRef or any(type(r.criterion) is not URIRef for r in reasons):
            return TrialMatch, (self.trial, self.nct_id, self.status, self.reasons, self.not_assessed, self.assessed)
        fields = (self.nct_id, self.status, _packed(self.reasons), _packed(self.not_assessed), self.assessed)
        return _trial_match, (str(self.trial), *fields)

    def as_dict(self) -> dict:
        return {
            "trial": str(self.trial),
            "nct_id": self.nct_id,
            "status": self.status,
            "reasons": [r.as_dict() for r in self.reasons],
            "not_assessed": [r.as_dict() for r in self.not_assessed],
        }


def _iri(text: str) -> URIRef:
    return str.__new__(URIRef, text)


def _packed(reasons: list[Reason]) -> list[tuple[str, str, str, list[str]]]:
    return [(str(r.criterion), r.section, r.verbatim, r.detail) for r in reasons]


def _reasons(packed: list[tuple[str, str, str, list[str]]]) -> list[Reason]:
    return [Reason(_iri(criterion), section, verbatim, detail) for criterion, section, verbatim, detail in packed]


def _trial_match(trial: str, nct_id, status: str, reasons: list, not_assessed: list, assessed: int) -> TrialMatch:
    return TrialMatch(_iri(trial), nct_id, status, _reasons(reasons), _reasons(not_assessed), assessed)
