"""sponsorCollaboratorsModule: the lead sponsor and collaborators, with agency class."""

from __future__ import annotations

from rdflib import RDF, Literal

from ..builder import TG, StudyBuilder


def map_module(study: StudyBuilder) -> None:
    module = study.section("sponsorCollaboratorsModule")
    where = "protocolSection.sponsorCollaboratorsModule"
    parties = []
    if isinstance(module.get("leadSponsor"), dict):
        parties.append(("LEAD", module["leadSponsor"], f"{where}.leadSponsor"))
    for index, collaborator in enumerate(study.items(module, "collaborators", where)):
        parties.append(("COLLABORATOR", collaborator, f"{where}.collaborators[{index}]"))
    for position, (role, party, field_path) in enumerate(parties, start=1):
        if not isinstance(party, dict) or not party.get("name"):
            study.notes.append(f"{field_path}: no name, not imported")
            continue
        sponsorship = study.node(f"sponsor-{position}")
        study.add(study.trial, TG.hasSponsorship, sponsorship)
        study.add(sponsorship, RDF.type, TG.Sponsorship)
        study.add(sponsorship, TG.position, Literal(position))
        study.add(sponsorship, TG.organization, study.organization(party["name"]))
        study.add(sponsorship, TG.sponsorRole, study.enum("SponsorRole", role, field_path))
        study.add(sponsorship, TG.agencyClass, study.enum("AgencyClass", party.get("class"), f"{field_path}.class"))
