"""Where in a ClinicalTrials.gov record (API v2 JSON) an imported node comes from.

The importer names a study's nodes after their place in the record (`ctgov:NCT...-arm-2` is the
second arm group), so a result on an imported node can say which part of the JSON to look at.
Items the importer may skip (officials, sponsors, outcomes, references without a name) are counted
after skipping, so for them only the module is named.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..sources.ctgov.builder import CTGOV

P = "protocolSection."
ARMS = P + "armsInterventionsModule"
# node kind -> (JSON path, whether the number is the item's position in the JSON list)
KINDS = {
    "arm": (ARMS + ".armGroups", True),
    "regimen": (ARMS + ".armGroups", True),
    "admin": (ARMS + ".armGroups", True),
    "intervention": (ARMS + ".interventions", True),
    "condition": (P + "conditionsModule.conditions", True),
    "site": (P + "contactsLocationsModule.locations", True),
    "inc": (P + "eligibilityModule.eligibilityCriteria", False),
    "exc": (P + "eligibilityModule.eligibilityCriteria", False),
    "person": (P + "contactsLocationsModule.overallOfficials", False),
    "investigator": (P + "contactsLocationsModule.overallOfficials", False),
    "sponsor": (P + "sponsorCollaboratorsModule", False),
    "outcome": (P + "outcomesModule", False),
    "reference": (P + "referencesModule.references", False),
}
# a trial's properties -> the field they are read from
TRIAL_FIELDS = {
    "nctId": "identificationModule.nctId",
    "briefTitle": "identificationModule.briefTitle",
    "officialTitle": "identificationModule.officialTitle",
    "acronym": "identificationModule.acronym",
    "orgStudyId": "identificationModule.orgStudyInfo.id",
    "overallStatus": "statusModule.overallStatus",
    "whyStopped": "statusModule.whyStopped",
    "startDate": "statusModule.startDateStruct",
    "primaryCompletionDate": "statusModule.primaryCompletionDateStruct",
    "completionDate": "statusModule.completionDateStruct",
    "statusVerified": "statusModule.statusVerifiedDate",
    "firstPosted": "statusModule.studyFirstPostDateStruct",
    "lastUpdated": "statusModule.lastUpdatePostDateStruct",
    "studyType": "designModule.studyType",
    "phase": "designModule.phases",
    "enrollment": "designModule.enrollmentInfo.count",
    "allocation": "designModule.designInfo.allocation",
    "interventionModel": "designModule.designInfo.interventionModel",
    "primaryPurpose": "designModule.designInfo.primaryPurpose",
    "masking": "designModule.designInfo.maskingInfo.masking",
    "hasArm": "armsInterventionsModule.armGroups",
    "condition": "conditionsModule.conditions",
    "eligibleSex": "eligibilityModule.sex",
    "minimumAge": "eligibilityModule.minimumAge",
    "maximumAge": "eligibilityModule.maximumAge",
    "eligibilityText": "eligibilityModule.eligibilityCriteria",
    "hasCriterion": "eligibilityModule.eligibilityCriteria",
    "hasSite": "contactsLocationsModule.locations",
    "hasInvestigator": "contactsLocationsModule.overallOfficials",
    "hasSponsorship": "sponsorCollaboratorsModule",
    "hasOutcome": "outcomesModule",
    "hasReference": "referencesModule.references",
}
TG = "https://w3id.org/trialgraph/ontology/"
_NODE = re.compile(r"^(NCT[0-9]{8})-([a-z]+)-([0-9]+)")


def json_path(node: object, path: object, nct: str) -> str | None:
    """The JSON path of the record `nct` that `node` (with property `path`) was read from, if known.

    >>> json_path(ox.NamedNode(str(CTGOV) + "NCT00000001-arm-2"), None, "NCT00000001")
    'protocolSection.armsInterventionsModule.armGroups[1]'
    >>> json_path(ox.NamedNode(str(CTGOV) + "NCT00000001"), ox.NamedNode(TG + "nctId"), "NCT00000001")
    'protocolSection.identificationModule.nctId'
    """
    if not isinstance(node, ox.NamedNode) or not node.value.startswith(str(CTGOV)):
        return None
    local = node.value.removeprefix(str(CTGOV))
    if local == nct:
        name = path.value.removeprefix(TG) if isinstance(path, ox.NamedNode) else None
        return P + TRIAL_FIELDS[name] if name in TRIAL_FIELDS else None
    match = _NODE.match(local)
    if not match or match.group(1) != nct or match.group(2) not in KINDS:
        return None
    where, exact = KINDS[match.group(2)]
    return f"{where}[{int(match.group(3)) - 1}]" if exact else where
