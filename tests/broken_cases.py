"""Broken examples: each replaces one text in MINIMAL_TRIAL and must fail one shape.

Fields: name, the text to replace (it must occur exactly once), its replacement, the node
shape that must report it, a fragment of the message, and the named node the result is
placed at (the file line is where that node is defined).
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    name: str
    old: str
    new: str
    shape: str
    message: str
    focus: str


T = "trial:NCT00000001"

CASES = [
    Case("bad-nct-id", 'tg:nctId "NCT00000001"', 'tg:nctId "NCT123"', "tgsh:TrialShape", "NCT followed by 8 digits", T),
    Case(
        "iri-not-ending-in-nct-id",
        'tg:nctId "NCT00000001"',
        'tg:nctId "NCT00000002"',
        "tgsh:TrialShape",
        "must end with its NCT ID",
        T,
    ),
    Case("missing-title", '    tg:briefTitle "Minimal test trial"@en ;\n', "", "tgsh:TrialShape", "brief title", T),
    Case(
        "completion-before-start",
        '"2021-01-01"^^xsd:date',
        '"2019-06-30"^^xsd:date',
        "tgsh:TrialShape",
        "before the start date",
        T,
    ),
    Case(
        "arm-sizes-above-enrollment",
        "tg:enrollment 10 ;",
        "tg:enrollment 8 ;",
        "tgsh:TrialShape",
        "more than the trial's enrollment",
        T,
    ),
    Case("date-not-typed", '"2020-01-01"^^xsd:date', '"2020-01-01"', "tgsh:TrialShape", "xsd:date", T),
    Case(
        "phase-not-in-value-set", "tg:phase tgv:phase-2", "tg:phase tgv:route-oral", "tgsh:TrialShape", "tgv:Phase", T
    ),
    Case(
        "two-lead-sponsors",
        "trial:NCT00000001-sponsor-1 a tg:Sponsorship ;",
        "trial:NCT00000001 tg:hasSponsorship trial:NCT00000001-sponsor-2 .\n"
        "trial:NCT00000001-sponsor-2 a tg:Sponsorship ; tg:organization organization:amarex ;\n"
        "    tg:sponsorRole tgv:sponsorrole-lead .\n"
        "trial:NCT00000001-sponsor-1 a tg:Sponsorship ;",
        "tgsh:TrialShape",
        "at most one lead sponsor",
        T,
    ),
    Case("no-condition", "    tg:condition condition:breast-cancer ;\n", "", "tgsh:TrialShape", "tg:condition", T),
    Case(
        "no-source", "    tg:curationSource source:seed-002 ;\n", "", "tgsh:TrialShape", "where its facts come from", T
    ),
    Case(
        "arm-without-intervention",
        "tg:hasComponent trial:NCT00000001-admin-1, trial:NCT00000001-choice-1 .",
        'rdfs:label "empty regimen" .',
        "tgsh:ArmShape",
        "receives no intervention",
        f"{T}-arm-1",
    ),
    Case(
        "placebo-arm-without-placebo",
        "tg:intervention intervention:placebo .",
        "tg:intervention intervention:letrozole .",
        "tgsh:ArmShape",
        "must receive a placebo",
        f"{T}-arm-2",
    ),
    Case("arm-without-label", '    rdfs:label "Drug" ;\n', "", "tgsh:ArmShape", "exactly one label", f"{T}-arm-1"),
    Case(
        "arm-type-not-in-value-set",
        "tg:armType tgv:armtype-experimental",
        "tg:armType tgv:arm-experimental",
        "tgsh:ArmShape",
        "tgv:ArmType",
        f"{T}-arm-1",
    ),
    Case(
        "regimen-component-not-a-component",
        "trial:NCT00000001-regimen-2 a tg:Regimen ; tg:hasComponent trial:NCT00000001-admin-2 .",
        "trial:NCT00000001-regimen-2 a tg:Regimen ; tg:hasComponent trial:NCT00000001-admin-2, intervention:placebo .",
        "tgsh:RegimenShape",
        "components must be",
        f"{T}-regimen-2",
    ),
    Case(
        "administration-without-intervention",
        "trial:NCT00000001-option-2 a tg:Administration ; tg:intervention intervention:anastrozole .",
        "trial:NCT00000001-option-2 a tg:Administration .",
        "tgsh:AdministrationShape",
        "exactly one tg:intervention",
        f"{T}-option-2",
    ),
    Case(
        "unknown-route",
        "tg:route tgv:route-oral",
        "tg:route tgv:route-nasal",
        "tgsh:AdministrationShape",
        "tgv:Route",
        f"{T}-admin-1",
    ),
    Case(
        "frequency-without-period",
        '    tg:period [ a tg:Quantity ; tg:numericValue 1.0 ; tg:unit "d" ] ;\n',
        "",
        "tgsh:AdministrationShape",
        "go together",
        f"{T}-admin-1",
    ),
    Case(
        "choice-with-one-option",
        "tg:hasOption trial:NCT00000001-option-1, trial:NCT00000001-option-2 .",
        "tg:hasOption trial:NCT00000001-option-1 .",
        "tgsh:InterventionChoiceShape",
        "at least two options",
        f"{T}-choice-1",
    ),
    Case(
        "dose-without-unit",
        'tg:numericValue 125.0 ; tg:unit "mg"',
        "tg:numericValue 125.0",
        "tgsh:QuantityShape",
        "UCUM code",
        f"{T}-admin-1",
    ),
    Case(
        "dose-as-integer",
        "tg:numericValue 125.0",
        "tg:numericValue 125",
        "tgsh:QuantityShape",
        "xsd:decimal",
        f"{T}-admin-1",
    ),
    Case(
        "timing-without-relation",
        "    tg:timingRelation tgv:timing-before ;\n",
        "",
        "tgsh:TimingShape",
        "tg:timingRelation",
        f"{T}-timing-1",
    ),
    Case(
        "cycle-number-zero",
        "tg:cycleNumber 1 .",
        "tg:cycleNumber 0 .",
        "tgsh:ReferenceEventShape",
        "positive integer",
        f"{T}-event-1",
    ),
    Case(
        "intervention-without-label",
        '    rdfs:label "test drug" ;\n',
        "",
        "tgsh:InterventionShape",
        "needs a label",
        "intervention:test-drug",
    ),
    Case(
        "drug-class-without-label",
        'drugclass:test-class a tg:DrugClass ;\n    rdfs:label "test class" .',
        "drugclass:test-class a tg:DrugClass .",
        "tgsh:DrugClassShape",
        "needs a label",
        "drugclass:test-class",
    ),
    Case(
        "unknown-qualifier",
        "tg:qualifier tgv:qualifier-metastatic",
        "tg:qualifier tgv:qualifier-spreading",
        "tgsh:ConditionShape",
        "tgv:ConditionQualifier",
        "condition:test-condition",
    ),
    Case(
        "biomarker-without-label",
        'biomarker:test-marker a tg:Biomarker ; rdfs:label "test marker" .',
        "biomarker:test-marker a tg:Biomarker .",
        "tgsh:BiomarkerShape",
        "needs a label",
        "biomarker:test-marker",
    ),
    Case(
        "measure-without-label",
        'measure:test-measure a tg:Measure ; rdfs:label "test measure" .',
        "measure:test-measure a tg:Measure .",
        "tgsh:MeasureShape",
        "exactly one label",
        "measure:test-measure",
    ),
    Case(
        "criterion-without-verbatim",
        '    tg:verbatim "HIV or hepatitis B" ;\n',
        "",
        "tgsh:CriterionShape",
        "tg:verbatim",
        f"{T}-exc-01",
    ),
    Case(
        "criterion-of-no-trial",
        "tg:hasCriterion trial:NCT00000001-inc-01, trial:NCT00000001-inc-02, trial:NCT00000001-exc-01 ;",
        "tg:hasCriterion trial:NCT00000001-inc-01, trial:NCT00000001-inc-02 ;",
        "tgsh:CriterionShape",
        "belong to exactly one trial",
        f"{T}-exc-01",
    ),
    Case(
        "age-in-kilograms",
        'tg:numericValue 18.0 ; tg:unit "a"',
        'tg:numericValue 18.0 ; tg:unit "kg"',
        "tgsh:AgeConstraintShape",
        "UCUM time unit",
        f"{T}-age",
    ),
    Case(
        "sex-not-in-value-set",
        "tg:sex tgv:sex-female",
        "tg:sex tgv:scale-who",
        "tgsh:SexConstraintShape",
        "tg:sex",
        f"{T}-sex",
    ),
    Case(
        "ecog-above-five",
        "tg:maxScore 2 .",
        "tg:maxScore 7 .",
        "tgsh:PerformanceStatusConstraintShape",
        "not possible on this scale",
        f"{T}-ecog",
    ),
    Case(
        "lab-threshold-and-uln",
        "    tg:measure measure:platelet-count ;\n",
        "    tg:measure measure:platelet-count ;\n    tg:ulnMultiple 2.5 ;\n",
        "tgsh:MeasurementConstraintShape",
        "exactly one bound",
        f"{T}-platelets",
    ),
    Case(
        "lab-without-comparator",
        "    tg:measure measure:platelet-count ;\n    tg:comparator tgv:cmp-ge ;\n",
        "    tg:measure measure:platelet-count ;\n",
        "tgsh:MeasurementConstraintShape",
        "tg:comparator",
        f"{T}-platelets",
    ),
    Case(
        "life-expectancy-without-comparator",
        "    tg:comparator tgv:cmp-gt ;\n",
        "",
        "tgsh:LifeExpectancyConstraintShape",
        "tg:comparator",
        f"{T}-life",
    ),
    Case(
        "condition-constraint-without-condition",
        "trial:NCT00000001-hbv a tg:ConditionConstraint ; tg:aboutCondition condition:hepatitis-b .",
        "trial:NCT00000001-hbv a tg:ConditionConstraint .",
        "tgsh:ConditionConstraintShape",
        "tg:aboutCondition",
        f"{T}-hbv",
    ),
    Case(
        "group-with-one-member",
        "tg:member trial:NCT00000001-hiv, trial:NCT00000001-hbv .",
        "tg:member trial:NCT00000001-hiv .",
        "tgsh:ConstraintGroupShape",
        "at least two",
        f"{T}-infections",
    ),
    Case(
        "sponsorship-without-organization",
        "    tg:organization organization:mskcc ;\n    tg:sponsorRole",
        "    tg:sponsorRole",
        "tgsh:SponsorshipShape",
        "exactly one tg:organization",
        f"{T}-sponsor-1",
    ),
    Case(
        "investigator-without-role",
        "    tg:role tgv:invrole-principal-investigator ;\n",
        "",
        "tgsh:InvestigatorRoleShape",
        "tg:role",
        f"{T}-investigator-1",
    ),
    Case(
        "person-with-phone-number",
        'rdfs:label "Test Person" ;',
        'rdfs:label "Test Person" ;\n    tg:phone "971586353489" ;',
        "tgsh:PersonShape",
        "never contact details",
        "person:test-person",
    ),
    Case(
        "organization-in-two-countries",
        'rdfs:label "Test organization" ; tg:country place:FR .',
        'rdfs:label "Test organization" ; tg:country place:FR, place:US .',
        "tgsh:OrganizationShape",
        "one tg:Country",
        "organization:test-organization",
    ),
    Case(
        "site-city-not-in-country",
        "    tg:city place:lyon ;\n    tg:country place:FR .",
        "    tg:city place:lyon ;\n    tg:country place:US .",
        "tgsh:SiteShape",
        "not in the site's country",
        f"{T}-site-1",
    ),
    Case(
        "site-with-phone-number",
        '    rdfs:label "Test hospital" ;',
        '    rdfs:label "Test hospital" ;\n    tg:phone "+33 4 00 00 00 00" ;',
        "tgsh:SiteClosedShape",
        "never contact details",
        f"{T}-site-1",
    ),
    Case(
        "country-code-lower-case", 'tg:isoCode "XX"', 'tg:isoCode "xx"', "tgsh:CountryShape", "ISO 3166-1", "place:XX"
    ),
    Case(
        "city-without-country",
        'place:test-city a tg:City ; rdfs:label "Test city" ; tg:country place:XX .',
        'place:test-city a tg:City ; rdfs:label "Test city" .',
        "tgsh:CityShape",
        "exactly one tg:country",
        "place:test-city",
    ),
    Case(
        "outcome-without-type",
        "    tg:outcomeType tgv:outcome-primary ;\n",
        "",
        "tgsh:OutcomeShape",
        "tg:outcomeType",
        f"{T}-outcome-1",
    ),
    Case(
        "doi-as-url",
        'tg:doi "10.1000/xyz"',
        'tg:doi "https://doi.org/10.1000/xyz"',
        "tgsh:ReferenceShape",
        "bare DOI",
        f"{T}-reference-1",
    ),
    Case(
        "source-without-file-name",
        'source:test-source a tg:SourceDocument ; tg:fileName "test.txt" .',
        "source:test-source a tg:SourceDocument .",
        "tgsh:SourceDocumentShape",
        "tg:fileName",
        "source:test-source",
    ),
    Case(
        "registry-record-as-blank-node",
        "<https://clinicaltrials.gov/study/NCT00000001> a tg:RegistryRecord .",
        "[] a tg:RegistryRecord .",
        "tgsh:RegistryRecordShape",
        "public URL",
        "[]",
    ),
    Case(
        "note-without-kind",
        "    tg:noteKind tgv:note-interpretation ;\n",
        "",
        "tgsh:CuratorNoteShape",
        "tg:noteKind",
        f"{T}-note-1",
    ),
    Case(
        "e-mail-in-note",
        'tg:noteText "A test note."',
        'tg:noteText "Ask jane.doe@example.org."',
        "tgsh:NoContactDetailsShape",
        "contact details",
        f"{T}-note-1",
    ),
]
