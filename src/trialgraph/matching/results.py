"""What matching says of a trial: its match, the reasons, each constraint's finding; cheap to send to another process.

A store's studies are matched in worker processes and their TrialMatch objects sent back to the main one:
pickled as they are, each IRI would be made again through rdflib's checks, which cost more than matching
itself (measured: 0.33 ms a study to unpickle, against 0.2 ms to match from a digest). So a TrialMatch
pickles its reasons as columns of plain strings, and they are made again column by column without the check
(they were IRIs already): a Reason is a named tuple, so that building a study's score of them runs in C. A
worker's batch goes as one `Matches` list, and the criteria a digest lists as not assessed stay its text until
`not_assessed` is asked for, where the matches are shown. Where only the printed text is wanted (the
command), a worker sends each match as `Shown`: its text (matching/printed.py) and what ranking reads.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

from rdflib import URIRef

from ..sources.ctgov.match_digest import Unassessed, read_unassessed, unassessed_after, unassessed_iris

ELIGIBLE, INELIGIBLE, UNDETERMINED = "eligible", "ineligible", "undetermined"


@dataclass
class Finding:
    """A constraint's or criterion's truth for the patient: True, False or None (unknown)."""

    value: bool | None
    facts: list[str] = field(default_factory=list)  # what decided it
    missing: list[str] = field(default_factory=list)  # what it lacks, when unknown


class Reason(NamedTuple):
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
    unassessed: list[Reason] | str  # the criteria not assessed, or a match digest's text of them (see not_assessed)
    assessed: int = 0  # criteria with a structured constraint (for ranking; not in the output)

    @property
    def not_assessed(self) -> list[Reason]:
        """The criteria without structured constraints: from a digest, read where they are asked for (the main
        process, as it prints them), not where the trial was matched."""
        if isinstance(self.unassessed, str):
            self.unassessed = unassessed_reasons(read_unassessed(self.unassessed, str(self.trial)))
        return self.unassessed

    def unassessed_columns(self) -> Unassessed | None:
        """A digest's criteria not assessed as its columns (IRIs, sections, texts; each one's detail is
        NO_STRUCTURE), without making their reasons; None where they are reasons already."""
        return read_unassessed(self.unassessed, str(self.trial)) if isinstance(self.unassessed, str) else None

    def not_assessed_iris(self) -> list[str]:
        """The IRIs of the criteria not assessed, in order: from a digest's text, without making their reasons."""
        if isinstance(self.unassessed, str):
            return unassessed_iris(self.unassessed, str(self.trial))
        return [str(reason.criterion) for reason in self.unassessed]

    def not_assessed_after(self) -> str | None:
        """A digest's criteria not assessed as what follows the trial's IRI in theirs, in one string (see
        match_digest.unassessed_after); None where they are reasons, or not all so written."""
        return unassessed_after(self.unassessed) if isinstance(self.unassessed, str) else None

    def __reduce__(self):
        packed = self.packed()
        if packed is None:
            return TrialMatch, (self.trial, self.nct_id, self.status, self.reasons, self.unassessed, self.assessed)
        return _trial_match, packed

    def packed(self) -> tuple | None:
        """The match as plain data (_trial_match's arguments), or None when an IRI is not only one (a blank node)."""
        unassessed = [] if isinstance(self.unassessed, str) else self.unassessed
        reasons = [*self.reasons, *unassessed]
        if type(self.trial) is not URIRef or not {*map(type, map(itemgetter(0), reasons))} <= {URIRef}:
            return None
        packed = self.unassessed if isinstance(self.unassessed, str) else _columns(self.unassessed)
        return str(self.trial), self.nct_id, self.status, _columns(self.reasons), packed, self.assessed

    def as_dict(self) -> dict:
        return {
            "trial": str(self.trial),
            "nct_id": self.nct_id,
            "status": self.status,
            "reasons": [r.as_dict() for r in self.reasons],
            "not_assessed": [r.as_dict() for r in self.not_assessed],
        }


class Matches(list):
    """A batch of matches, pickled at once as plain data: one call for the batch, not the pickle protocol's
    round for each match (which cost twice what the data does), and by marshal (built-in types only: a third
    faster than pickle both ways) where the data allows."""

    def __reduce__(self):
        packed = [match.packed() for match in self]
        if any(p is None for p in packed):
            return Matches, (list(self),)
        try:
            return _marshalled, (marshal.dumps(packed),)
        except ValueError:  # a subclass of str somewhere (marshal takes only the built-in types)
            return _matches, (packed,)


def _matches(packed: list[tuple]) -> Matches:
    return Matches([_trial_match(*args) for args in packed])


def _marshalled(data: bytes) -> Matches:
    return _matches(marshal.loads(data))


class Shown(NamedTuple):
    """A match as printed (matching/printed.py), with what ranking reads: made where the match is, so that a
    worker sends a text, not the match's reasons."""

    trial: URIRef
    status: str
    assessed: int
    text: str

    @classmethod
    def of(cls, match: TrialMatch, show: Callable[[TrialMatch], str]) -> Shown:
        return cls(match.trial, match.status, match.assessed, show(match))


class ShownBatch(list):
    """A batch of Shown matches, sent by marshal as plain data."""

    def __reduce__(self):
        return _shown, (marshal.dumps([(str(trial), *rest) for trial, *rest in self]),)


def _shown(data: bytes) -> ShownBatch:
    return ShownBatch(Shown(str.__new__(URIRef, trial), *rest) for trial, *rest in marshal.loads(data))


NO_STRUCTURE = ["no structured constraint"]  # the detail of every criterion not assessed: one list, never changed


def reasons_of(
    criteria: Iterable[URIRef], sections: Iterable[str], verbatims: Iterable[str], details: Iterable[list[str]]
) -> list[Reason]:
    """Reasons made column by column: each criterion's IRI, section, text and detail (a column may be a
    repeat(), so the columns are not checked for length)."""
    return [*map(tuple.__new__, repeat(Reason), zip(criteria, sections, verbatims, details, strict=False))]


def iris(texts: Iterable[str]) -> Iterator[URIRef]:
    """IRIs that were IRIs already (checked when they were first made), made again without rdflib's check."""
    return map(str.__new__, repeat(URIRef), texts)


def unassessed_reasons(criteria: Unassessed) -> list[Reason]:
    return reasons_of(criteria.iris, criteria.sections, criteria.verbatims, repeat(NO_STRUCTURE))


def _columns(reasons: Sequence[Reason]) -> tuple | None:
    if not reasons:
        return None
    criteria, sections, verbatims, details = zip(*reasons, strict=True)
    return [*map(str.__str__, criteria)], sections, verbatims, details


def _reasons(columns: tuple | None) -> list[Reason]:
    if columns is None:
        return []
    criteria, sections, verbatims, details = columns
    return reasons_of(iris(criteria), sections, verbatims, details)


def _trial_match(trial: str, nct_id, status: str, reasons, unassessed, assessed: int) -> TrialMatch:
    unassessed = unassessed if isinstance(unassessed, str) else _reasons(unassessed)
    return TrialMatch(str.__new__(URIRef, trial), nct_id, status, _reasons(reasons), unassessed, assessed)
