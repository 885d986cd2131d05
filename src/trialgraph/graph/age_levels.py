"""Age at trial level for curated trials: the summary the registry gives (tg:minimumAge, tg:maximumAge),
derived at build from the age bounds of the trial's inclusion criteria.

Curated trials state age where the source does, in a criterion; imported trials get the criterion-level
constraint from the registry's fields (sources/ctgov/modules/eligibility.py). Derived rather than written in
the files, so the two levels cannot drift apart; queries/qc/age-levels-disagree.rq reports a trial whose
stated levels do. One SPARQL text serves the in-memory graph and the on-disk store alike.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF, Graph, Namespace

from .store import construct, load_graph

TG = Namespace("https://w3id.org/trialgraph/ontology/")
# what AGE_LEVELS reads besides the three types
READ = [
    TG[name]
    for name in (
        "hasCriterion", "hasConstraint", "comparator", "threshold", "numericValue", "unit",
        "appliesWhen", "appliesUnless", "minimumAge", "maximumAge",
    )
]  # fmt: skip

# A trial-level bound is derived only where the trial states none, from the unconditional bounds of its
# inclusion criteria, and only when they agree on one value: '> 18 years' gives 18, as registries write it.
AGE_LEVELS = """PREFIX tg: <https://w3id.org/trialgraph/ontology/>
PREFIX tgv: <https://w3id.org/trialgraph/vocab/>
CONSTRUCT { ?trial ?level [ a tg:Quantity ; tg:numericValue ?value ; tg:unit ?unit ] }
WHERE {
  { SELECT ?trial ?level (SAMPLE(?v) AS ?value) (SAMPLE(?u) AS ?unit) WHERE {
      VALUES (?level ?comparator) {
        (tg:minimumAge tgv:cmp-ge) (tg:minimumAge tgv:cmp-gt) (tg:maximumAge tgv:cmp-le) (tg:maximumAge tgv:cmp-lt)
      }
      ?trial a tg:Trial ; tg:hasCriterion ?criterion .
      ?criterion a tg:InclusionCriterion ; tg:hasConstraint ?bound .
      ?bound a tg:AgeConstraint ; tg:comparator ?comparator ; tg:threshold ?threshold .
      ?threshold tg:numericValue ?v ; tg:unit ?u .
      FILTER NOT EXISTS { ?bound tg:appliesWhen|tg:appliesUnless ?condition }
      FILTER (STR(?u) IN ("a", "mo", "wk", "d", "h", "min", "s"))  # a bound in another unit: the shapes report it
    }
    GROUP BY ?trial ?level
    HAVING (COUNT(DISTINCT CONCAT(STR(?v), " ", STR(?u))) = 1) }
  FILTER NOT EXISTS { ?trial ?level ?stated }
}"""


def age_levels(graph: Graph) -> Graph:
    """The trial-level age bounds `graph` implies and does not state (a new blank-node quantity each).

    Oxigraph runs the query, on the triples it reads copied into a store in memory: rdflib's engine took
    minutes on a graph of a few hundred studies (its GROUP BY subquery under FILTER NOT EXISTS)."""
    store = ox.Store()
    read = Graph()
    for kind in (TG.Trial, TG.InclusionCriterion, TG.AgeConstraint):
        read += graph.triples((None, RDF.type, kind))
    for predicate in READ:
        read += graph.triples((None, predicate, None))
    load_graph(store, read)
    return construct(store, AGE_LEVELS)
