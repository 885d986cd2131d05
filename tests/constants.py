"""Named test data: the curated trials, and a minimal valid trial that broken examples mutate."""

from __future__ import annotations

TG = "https://w3id.org/trialgraph/ontology/"
TRIAL = "https://w3id.org/trialgraph/id/trial/"

# The five curated trials, by the seed they come from.
CURATED_TRIALS = {
    "000_87bbcb82cf34e5ef.txt": "NCT01368107",
    "001_e118d490351fe2cf.txt": "anakinra-tpc-mbc",
    "002_bb245784b0cfb200.txt": "NCT04426201",
    "003_21168ffcb5444652.txt": "NCT03079011",
    "004_856cd987a61fae29.txt": "NCT05190094",
}

PREFIXES = """\
@prefix tg: <https://w3id.org/trialgraph/ontology/> .
@prefix tgv: <https://w3id.org/trialgraph/vocab/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix trial: <https://w3id.org/trialgraph/id/trial/> .
@prefix intervention: <https://w3id.org/trialgraph/id/intervention/> .
@prefix drugclass: <https://w3id.org/trialgraph/id/drug-class/> .
@prefix condition: <https://w3id.org/trialgraph/id/condition/> .
@prefix measure: <https://w3id.org/trialgraph/id/measure/> .
@prefix organization: <https://w3id.org/trialgraph/id/organization/> .
@prefix place: <https://w3id.org/trialgraph/id/place/> .
@prefix person: <https://w3id.org/trialgraph/id/person/> .
@prefix biomarker: <https://w3id.org/trialgraph/id/biomarker/> .
@prefix source: <https://w3id.org/trialgraph/id/source/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""

# A small trial that uses every class the shapes check; it conforms (a test says so).
MINIMAL_TRIAL = (
    PREFIXES
    + """
trial:NCT00000001 a tg:Trial ;
    tg:nctId "NCT00000001" ;
    tg:briefTitle "Minimal test trial"@en ;
    tg:phase tgv:phase-2 ;
    tg:overallStatus tgv:status-completed ;
    tg:startDate "2020-01-01"^^xsd:date ;
    tg:completionDate "2021-01-01"^^xsd:date ;
    tg:enrollment 10 ;
    tg:condition condition:breast-cancer ;
    tg:hasArm trial:NCT00000001-arm-1, trial:NCT00000001-arm-2 ;
    tg:hasEpoch trial:NCT00000001-epoch-1, trial:NCT00000001-epoch-2 ;
    tg:hasStudyCell trial:NCT00000001-cell-1, trial:NCT00000001-cell-2 ;
    tg:hasIntervention intervention:palbociclib, intervention:letrozole,
        intervention:anastrozole, intervention:placebo ;
    tg:hasCriterion trial:NCT00000001-inc-01, trial:NCT00000001-inc-02, trial:NCT00000001-exc-01 ;
    tg:hasSponsorship trial:NCT00000001-sponsor-1 ;
    tg:hasInvestigator trial:NCT00000001-investigator-1 ;
    tg:hasSite trial:NCT00000001-site-1 ;
    tg:hasOutcome trial:NCT00000001-outcome-1 ;
    tg:hasReference trial:NCT00000001-reference-1 ;
    tg:curationSource source:seed-002 ;
    tg:hasCuratorNote trial:NCT00000001-note-1 .

trial:NCT00000001-note-1 a tg:CuratorNote ;
    tg:noteKind tgv:note-interpretation ;
    tg:noteText "A test note." .

trial:NCT00000001-arm-1 a tg:Arm ;
    rdfs:label "Drug" ;
    tg:armType tgv:armtype-experimental ;
    tg:plannedSize 5 ;
    tg:receives trial:NCT00000001-regimen-1 .

trial:NCT00000001-regimen-1 a tg:Regimen ;
    tg:hasComponent trial:NCT00000001-admin-1, trial:NCT00000001-choice-1 .

trial:NCT00000001-admin-1 a tg:Administration ;
    tg:intervention intervention:palbociclib ;
    tg:dose [ a tg:Quantity ; tg:numericValue 125.0 ; tg:unit "mg" ] ;
    tg:route tgv:route-oral ;
    tg:frequency 1.0 ;
    tg:period [ a tg:Quantity ; tg:numericValue 1.0 ; tg:unit "d" ] ;
    tg:timing trial:NCT00000001-timing-1 .

trial:NCT00000001-timing-1 a tg:Timing ;
    tg:timingRelation tgv:timing-before ;
    tg:referenceEvent trial:NCT00000001-event-1 .

trial:NCT00000001-event-1 a tg:ReferenceEvent ;
    rdfs:label "cycle 1" ;
    tg:cycleNumber 1 .

trial:NCT00000001-choice-1 a tg:InterventionChoice ;
    tg:choiceBy tgv:choice-physician ;
    tg:hasOption trial:NCT00000001-option-1, trial:NCT00000001-option-2 .

trial:NCT00000001-option-1 a tg:Administration ; tg:intervention intervention:letrozole .
trial:NCT00000001-option-2 a tg:Administration ; tg:intervention intervention:anastrozole .

trial:NCT00000001-arm-2 a tg:Arm ;
    rdfs:label "Placebo" ;
    tg:armType tgv:armtype-placebo-comparator ;
    tg:plannedSize 5 ;
    tg:receives trial:NCT00000001-regimen-2 .

trial:NCT00000001-regimen-2 a tg:Regimen ; tg:hasComponent trial:NCT00000001-admin-2 .
trial:NCT00000001-admin-2 a tg:Administration ; tg:intervention intervention:placebo .
trial:NCT00000001-admin-2 tg:maxAdministrations 7 .

trial:NCT00000001-epoch-1 a tg:Epoch ; rdfs:label "Run-in" ; tg:epochOrder 1 ; tg:allocatedAtStart false .
trial:NCT00000001-epoch-2 a tg:Epoch ; rdfs:label "Randomised treatment" ; tg:epochOrder 2 ; tg:allocatedAtStart true .
trial:NCT00000001-cell-1 a tg:StudyCell ;
    tg:cellArm trial:NCT00000001-arm-1 ; tg:cellEpoch trial:NCT00000001-epoch-2 ;
    tg:cellRegimen trial:NCT00000001-regimen-1 .
trial:NCT00000001-cell-2 a tg:StudyCell ;
    tg:cellArm trial:NCT00000001-arm-2 ; tg:cellEpoch trial:NCT00000001-epoch-2 ;
    tg:cellRegimen trial:NCT00000001-regimen-2 .

trial:NCT00000001-inc-01 a tg:InclusionCriterion ;
    tg:verbatim "Platelets >= 100 x10^9/L" ;
    tg:hasConstraint trial:NCT00000001-platelets .

trial:NCT00000001-platelets a tg:LabTestConstraint ;
    tg:measure measure:platelet-count ;
    tg:comparator tgv:cmp-ge ;
    tg:threshold [ a tg:Quantity ; tg:numericValue 100.0 ; tg:unit "10*9/L" ] .

trial:NCT00000001-inc-02 a tg:InclusionCriterion ;
    tg:verbatim "Women aged 18 or more, ECOG 0-2, life expectancy over 3 months" ;
    tg:hasConstraint trial:NCT00000001-sex, trial:NCT00000001-age, trial:NCT00000001-ecog, trial:NCT00000001-life .

trial:NCT00000001-sex a tg:SexConstraint ; tg:sex tgv:sex-female .
trial:NCT00000001-age a tg:AgeConstraint ;
    tg:comparator tgv:cmp-ge ;
    tg:threshold [ a tg:Quantity ; tg:numericValue 18.0 ; tg:unit "a" ] .
trial:NCT00000001-ecog a tg:PerformanceStatusConstraint ;
    tg:scale tgv:scale-ecog ;
    tg:minScore 0 ;
    tg:maxScore 2 .
trial:NCT00000001-life a tg:LifeExpectancyConstraint ;
    tg:comparator tgv:cmp-gt ;
    tg:threshold [ a tg:Quantity ; tg:numericValue 3.0 ; tg:unit "mo" ] .

trial:NCT00000001-exc-01 a tg:ExclusionCriterion ;
    tg:verbatim "HIV or hepatitis B" ;
    tg:hasConstraint trial:NCT00000001-infections .

trial:NCT00000001-infections a tg:ConstraintGroup ;
    tg:logic tgv:logic-any-of ;
    tg:member trial:NCT00000001-hiv, trial:NCT00000001-hbv .
trial:NCT00000001-hiv a tg:ConditionConstraint ; tg:aboutCondition condition:hiv-infection .
trial:NCT00000001-hbv a tg:ConditionConstraint ; tg:aboutCondition condition:hepatitis-b .

trial:NCT00000001-sponsor-1 a tg:Sponsorship ;
    tg:organization organization:mskcc ;
    tg:sponsorRole tgv:sponsorrole-lead ;
    tg:agencyClass tgv:agency-other .

person:test-person a tg:Person ;
    rdfs:label "Test Person" ;
    tg:degrees "MD" .

trial:NCT00000001-investigator-1 a tg:InvestigatorRole ;
    tg:person person:test-person ;
    tg:role tgv:invrole-principal-investigator ;
    tg:affiliation organization:mskcc .

trial:NCT00000001-site-1 a tg:Site ;
    rdfs:label "Test hospital" ;
    tg:city place:lyon ;
    tg:country place:FR .

trial:NCT00000001-outcome-1 a tg:Outcome ;
    rdfs:label "Progression-free survival" ;
    tg:outcomeType tgv:outcome-primary ;
    tg:outcomeKind tgv:outcomekind-pfs ;
    tg:timeFrame "2 years" .

trial:NCT00000001-reference-1 a tg:Reference ;
    tg:citation "A paper." ;
    tg:doi "10.1000/xyz" .

intervention:test-drug a tg:Drug ;
    rdfs:label "test drug" ;
    tg:drugClass drugclass:chemotherapy ;
    skos:closeMatch <http://purl.obolibrary.org/obo/CHEBI_31348> .

drugclass:test-class a tg:DrugClass ;
    rdfs:label "test class" .

condition:test-condition a tg:Condition ;
    rdfs:label "test condition" ;
    tg:baseCondition condition:breast-cancer ;
    tg:qualifier tgv:qualifier-metastatic ;
    skos:broadMatch <http://purl.obolibrary.org/obo/MONDO_0007254> .

biomarker:test-marker a tg:Biomarker ; rdfs:label "test marker" .
measure:test-measure a tg:Measure ; rdfs:label "test measure" .
organization:test-organization a tg:Organization ; rdfs:label "Test organization" ; tg:country place:FR .
organization:test-organization skos:closeMatch <https://ror.org/01cmnjq37> .
<https://units-of-measurement.org/kat> a tg:Unit ; skos:notation "kat" .
place:XX a tg:Country ; rdfs:label "Testland" ; tg:isoCode "XX" .
place:test-city a tg:City ; rdfs:label "Test city" ; tg:country place:XX .
source:test-source a tg:SourceDocument ; tg:fileName "test.txt" .
trial:NCT00000001-arm-1 prov:wasDerivedFrom source:test-source .
trial:NCT00000001-arm-2 prov:wasDerivedFrom source:test-source .
trial:NCT00000001-inc-01 prov:wasDerivedFrom source:test-source .
trial:NCT00000001-inc-02 prov:wasDerivedFrom source:test-source .
trial:NCT00000001-exc-01 prov:wasDerivedFrom source:test-source .
trial:NCT00000001-outcome-1 prov:wasDerivedFrom <https://clinicaltrials.gov/study/NCT00000001> .
trial:NCT00000001 tg:hasPropertySource [ a tg:PropertySource ; tg:aboutProperty tg:phase ;
    prov:wasDerivedFrom <https://clinicaltrials.gov/study/NCT00000001> ] .
<https://clinicaltrials.gov/study/NCT00000001> a tg:RegistryRecord .
"""
)

# The results section: one node of each results class (appended, so the block above stays as it was).
RESULTS = """
trial:NCT00000001 tg:hasParticipantFlow trial:NCT00000001-flow ;
    tg:hasBaselineCharacteristics trial:NCT00000001-baseline ;
    tg:hasOutcomeResult trial:NCT00000001-result-1 ;
    tg:hasAdverseEventReport trial:NCT00000001-ae .

trial:NCT00000001-flow a tg:ParticipantFlow ;
    tg:hasResultGroup trial:NCT00000001-group-1 ;
    tg:hasPeriod trial:NCT00000001-period-1 .
trial:NCT00000001-group-1 a tg:ResultGroup ;
    tg:groupCode "FG000" ;
    rdfs:label "Drug group" ;
    tg:reportsOnArm trial:NCT00000001-arm-1 ;
    tg:participantsAnalyzed 5 ;
    tg:seriousAffected 1 ;
    tg:seriousAtRisk 5 .
trial:NCT00000001-period-1 a tg:FlowPeriod ;
    rdfs:label "Overall Study" ;
    tg:hasMilestone trial:NCT00000001-started ;
    tg:hasDropWithdrawal trial:NCT00000001-drop-1 .
trial:NCT00000001-started a tg:FlowMilestone ;
    tg:milestoneType "STARTED" ;
    tg:hasGroupCount trial:NCT00000001-started-1 .
trial:NCT00000001-started-1 a tg:GroupCount ;
    tg:resultGroup trial:NCT00000001-group-1 ;
    tg:participants 5 .
trial:NCT00000001-drop-1 a tg:DropWithdrawal ;
    tg:reason "Adverse Event" ;
    tg:hasGroupCount trial:NCT00000001-drop-1-1 .
trial:NCT00000001-drop-1-1 a tg:GroupCount ; tg:resultGroup trial:NCT00000001-group-1 ; tg:participants 1 .

trial:NCT00000001-baseline a tg:BaselineCharacteristics ;
    tg:hasResultGroup trial:NCT00000001-group-1 ;
    tg:hasBaselineMeasure trial:NCT00000001-age .
trial:NCT00000001-age a tg:BaselineMeasure ;
    rdfs:label "Age, Continuous" ;
    tg:paramType tgv:param-mean ;
    tg:dispersionType tgv:dispersion-sd ;
    tg:resultUnit "years" ;
    tg:hasMeasurement trial:NCT00000001-age-1 .
trial:NCT00000001-age-1 a tg:ResultMeasurement ;
    tg:resultGroup trial:NCT00000001-group-1 ;
    tg:value 54.5 ;
    tg:spread "NA" .

trial:NCT00000001-result-1 a tg:OutcomeResult ;
    rdfs:label "Progression-free survival" ;
    tg:reportsOutcome trial:NCT00000001-outcome-1 ;
    tg:paramType tgv:param-median ;
    tg:dispersionType tgv:dispersion-ci-95 ;
    tg:hasResultGroup trial:NCT00000001-group-1 ;
    tg:hasMeasurement trial:NCT00000001-pfs-1 ;
    tg:hasAnalysis trial:NCT00000001-analysis-1 .
trial:NCT00000001-pfs-1 a tg:ResultMeasurement ;
    tg:resultGroup trial:NCT00000001-group-1 ;
    tg:value 11.2 ;
    tg:lowerLimit 9.5 ;
    tg:upperLimit 13.0 .
trial:NCT00000001-analysis-1 a tg:StatisticalAnalysis ;
    tg:comparesGroup trial:NCT00000001-group-1 ;
    tg:pValue 0.001 ;
    tg:pValueComparator tgv:cmp-lt ;
    tg:statisticalMethod "Log Rank" ;
    tg:ciPercent 95.0 .

trial:NCT00000001-ae a tg:AdverseEventReport ;
    tg:frequencyThreshold 5.0 ;
    tg:hasResultGroup trial:NCT00000001-group-1 ;
    tg:hasAdverseEvent trial:NCT00000001-ae-1 .
trial:NCT00000001-ae-1 a tg:AdverseEvent ;
    tg:adverseEventTerm "Neutropenia" ;
    tg:seriousness tgv:ae-serious ;
    tg:assessmentType tgv:assessment-systematic ;
    tg:organSystem "Blood and lymphatic system disorders" ;
    tg:sourceVocabulary "MedDRA 23.1" ;
    tg:hasEventCount trial:NCT00000001-ae-1-1 .
trial:NCT00000001-ae-1-1 a tg:AdverseEventCount ;
    tg:resultGroup trial:NCT00000001-group-1 ;
    tg:affected 1 ;
    tg:atRisk 5 ;
    tg:events 2 .
"""
MINIMAL_TRIAL += RESULTS
