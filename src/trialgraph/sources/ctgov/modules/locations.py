"""contactsLocationsModule: sites and overall officials (never contacts)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

import pycountry
from rdflib import RDF, RDFS, Literal, URIRef

from ..builder import CTPLACE, GEO, PLACE, TG, StudyBuilder, number_literal, slug, string_literal


@lru_cache(maxsize=1024)  # a few hundred country names, looked up for every site of every study
def _country_code(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def _country(study: StudyBuilder, name: str, field_path: str) -> URIRef | None:
    code = _country_code(name)
    if code is None:
        study.notes.append(f"{field_path}: country {name!r} has no ISO 3166 code here; country left out")
        return None
    iri = PLACE[code]
    study.add(iri, RDF.type, TG.Country)
    study.add(iri, RDFS.label, string_literal(name, "en"))
    study.add(iri, TG.isoCode, string_literal(code))
    return iri


def map_module(study: StudyBuilder) -> None:
    _sites(study)
    _officials(study)


def _sites(study: StudyBuilder) -> None:
    module = study.section("contactsLocationsModule")
    where = "protocolSection.contactsLocationsModule"
    for index, location in enumerate(study.items(module, "locations", where)):
        field_path = f"{where}.locations[{index}]"
        if not isinstance(location, dict):
            continue
        site = study.node(f"site-{index + 1}")
        study.add(study.trial, TG.hasSite, site)
        study.add(site, RDF.type, TG.Site)
        study.add(site, TG.position, number_literal(index + 1))
        country = _country(study, location["country"], f"{field_path}.country") if location.get("country") else None
        study.add(site, TG.country, country)
        city_name, state = location.get("city"), location.get("state")
        if city_name and country is not None:
            code = str(country).rsplit("/", 1)[-1]
            city = CTPLACE["-".join(part for part in (code.lower(), slug(state or ""), slug(city_name)) if part)]
            study.add(city, RDF.type, TG.City)
            study.add(city, RDFS.label, study.text(city_name, f"{field_path}.city"))
            study.add(city, TG.country, country)
            if state:
                study.add(city, RDFS.comment, Literal(f"{city_name}, {state}", lang="en"))
            study.add(site, TG.city, city)
        place = ", ".join(p for p in (city_name, state, location.get("country")) if p)
        if location.get("facility"):
            study.add(site, RDFS.label, study.text(location["facility"], f"{field_path}.facility", lang=None))
        else:
            study.add(site, RDFS.label, Literal(f"unnamed site, {place}" if place else "unnamed site"))
            study.note("omission", "The record names no facility for this location.", site)
        study.add(
            site, TG.recruitmentStatus, study.enum("OverallStatus", location.get("status"), f"{field_path}.status")
        )
        point = location.get("geoPoint") or {}
        for key, prop in (("lat", GEO.lat), ("lon", GEO.long)):
            if isinstance(point.get(key), int | float) and not isinstance(point.get(key), bool):
                study.add(site, prop, number_literal(Decimal(str(point[key]))))


def _officials(study: StudyBuilder) -> None:
    module = study.section("contactsLocationsModule")
    where = "protocolSection.contactsLocationsModule"
    position = 0
    for field_path, official in study.listed(module, "overallOfficials", where, "name", "official"):
        role = study.enum("InvestigatorRoleType", official.get("role"), f"{field_path}.role")
        name, degrees = _name_and_degrees(official["name"])
        if re.search(r"[@0-9]", name) or role is None:
            study.notes.append(f"{field_path}: not a person's name, or no role; official not imported")
            continue
        position += 1
        person = study.node(f"person-{position}")
        study.add(person, RDF.type, TG.Person)
        study.add(person, RDFS.label, Literal(name))
        study.add(person, TG.degrees, Literal(degrees) if degrees else None)
        investigator = study.node(f"investigator-{position}")
        study.add(study.trial, TG.hasInvestigator, investigator)
        study.add(investigator, RDF.type, TG.InvestigatorRole)
        study.add(investigator, TG.person, person)
        study.add(investigator, TG.role, role)
        if official.get("affiliation"):
            study.add(investigator, TG.affiliation, study.organization(official["affiliation"]))


_DEGREE = re.compile(r"[A-Z][A-Za-z.]{0,7}")


def _name_and_degrees(written: str) -> tuple[str, str | None]:
    """'Steve Pastores, MD' -> ('Steve Pastores', 'MD'); a name without degrees stays whole.

    >>> _name_and_degrees("Marcel van den Brink, MD, PhD")
    ('Marcel van den Brink', 'MD, PhD')
    >>> _name_and_degrees("Gilead Study Director")
    ('Gilead Study Director', None)
    """
    parts = [p.strip() for p in written.split(",")]
    # a degree is short and has at least two capitals: MD, PhD, MSc, M.D., FRCPC (not Jr, not a word)
    if len(parts) > 1 and all(_DEGREE.fullmatch(p) and sum(c.isupper() for c in p) >= 2 for p in parts[1:]):
        return parts[0], ", ".join(parts[1:])
    return written.strip(), None
