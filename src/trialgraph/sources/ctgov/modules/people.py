"""Investigators, from the overall officials and the responsible party: a name and degrees, never contact details."""

from __future__ import annotations

import re

from rdflib import RDF, RDFS, Literal, URIRef

from ..builder import TG, StudyBuilder

_DEGREE = re.compile(r"[A-Z][A-Za-z.]{0,7}")


def investigator(study: StudyBuilder, official: dict, suffix: str, field_path: str) -> URIRef | None:
    """The investigator role `ctgov:NCT...-investigator-<suffix>` of the trial, with its person, role and
    affiliation; None (and a note) when the name is no person's name or the role is missing."""
    role = study.enum("InvestigatorRoleType", official.get("role"), f"{field_path}.role")
    name, degrees = name_and_degrees(official["name"])
    if re.search(r"[@0-9]", name) or role is None:
        study.notes.append(f"{field_path}: not a person's name, or no role; official not imported")
        return None
    person = study.node(f"person-{suffix}")
    study.add(person, RDF.type, TG.Person)
    study.add(person, RDFS.label, Literal(name))
    study.add(person, TG.degrees, Literal(degrees) if degrees else None)
    node = study.node(f"investigator-{suffix}")
    study.add(study.trial, TG.hasInvestigator, node)
    study.add(node, RDF.type, TG.InvestigatorRole)
    study.add(node, TG.person, person)
    study.add(node, TG.role, role)
    if isinstance(official.get("affiliation"), str) and official["affiliation"]:
        study.add(node, TG.affiliation, study.organization(official["affiliation"]))
    return node


def name_and_degrees(written: str) -> tuple[str, str | None]:
    """'Steve Pastores, MD' -> ('Steve Pastores', 'MD'); a name without degrees stays whole.

    >>> name_and_degrees("Marcel van den Brink, MD, PhD")
    ('Marcel van den Brink', 'MD, PhD')
    >>> name_and_degrees("Gilead Study Director")
    ('Gilead Study Director', None)
    """
    parts = [p.strip() for p in written.split(",")]
    # a degree is short and has at least two capitals: MD, PhD, MSc, M.D., FRCPC (not Jr, not a word)
    if len(parts) > 1 and all(_DEGREE.fullmatch(p) and sum(c.isupper() for c in p) >= 2 for p in parts[1:]):
        return parts[0], ", ".join(parts[1:])
    return written.strip(), None
