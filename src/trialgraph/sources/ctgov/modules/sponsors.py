"""sponsorCollaboratorsModule: the lead sponsor and collaborators with agency class, and the responsible party."""

from __future__ import annotations

from rdflib import RDF, Literal

from ..builder import TG, StudyBuilder
from .people import investigator


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
    _responsible_party(study, module.get("responsibleParty"), f"{where}.responsibleParty")


def _responsible_party(study: StudyBuilder, party: object, where: str) -> None:
    """The party responsible for the record: its type, and the investigator when one is named. The
    investigator is a study official (name, title, affiliation), never a contact."""
    if not isinstance(party, dict):
        return
    kind = party.get("type")
    study.add(study.trial, TG.responsiblePartyType, study.enum("ResponsiblePartyType", kind, f"{where}.type"))
    name = party.get("investigatorFullName")
    if not isinstance(name, str) or not name.strip():
        return
    role = "SPONSOR_INVESTIGATOR" if kind == "SPONSOR_INVESTIGATOR" else "PRINCIPAL_INVESTIGATOR"
    official = {"name": name, "role": role, "affiliation": party.get("investigatorAffiliation")}
    node = investigator(study, official, "responsible-party", where)
    if node is None:
        return
    study.add(study.trial, TG.responsibleParty, node)
    study.add(node, TG.investigatorTitle, study.text(party.get("investigatorTitle"), f"{where}.investigatorTitle"))
