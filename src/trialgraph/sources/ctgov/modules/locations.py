"""contactsLocationsModule: sites with state and ZIP code, and overall officials (never contacts)."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, RDFS, Literal, URIRef

from ..builder import CTPLACE, GEO, PLACE, SCHEMA, TG, StudyBuilder, number_literal, slug, string_literal
from .people import investigator


def _country(study: StudyBuilder, name: str, field_path: str) -> URIRef | None:
    code = study.mapper.countries.code(name)
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
        region = study.text(state, f"{field_path}.state", lang=None)
        if city_name and country is not None:
            code = str(country).rsplit("/", 1)[-1]
            city = CTPLACE["-".join(part for part in (code.lower(), slug(state or ""), slug(city_name)) if part)]
            study.add(city, RDF.type, TG.City)
            study.add(city, RDFS.label, study.text(city_name, f"{field_path}.city"))
            study.add(city, TG.country, country)
            study.add(city, SCHEMA.addressRegion, region)
            study.add(site, TG.city, city)
        study.add(site, SCHEMA.addressRegion, region)
        zip_code = location.get("zip")
        if isinstance(zip_code, str) and zip_code.strip():  # a code, not free text: never scrubbed as a phone number
            study.add(site, SCHEMA.postalCode, string_literal(zip_code.strip()))
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
    for _, field_path, official in study.listed(module, "overallOfficials", where, "name", "official"):
        if investigator(study, official, str(position + 1), field_path) is not None:
            position += 1
