"""The command line: exit codes, file and line in messages, output formats, atomic builds."""

from __future__ import annotations

import json
import shutil
import tomllib

import pytest
from rdflib import RDFS, Graph, URIRef
from typer.testing import CliRunner

from trialgraph.cli import app

from ..constants import MINIMAL_TRIAL

runner = CliRunner()
ID = "https://w3id.org/trialgraph/id/"


def invoke(*args: str, env: dict | None = None, input: str | None = None):
    return runner.invoke(app, list(args), env=env, input=input)


def test_validate_default_data_conforms():
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output.strip().splitlines()[-1]


def test_validate_names_file_and_line_of_the_focus_node(tmp_path):
    text = MINIMAL_TRIAL.replace('tg:nctId "NCT00000001"', 'tg:nctId "NCT1"')
    path = tmp_path / "bad.ttl"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("trial:NCT00000001 a tg:Trial"))
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    expected = f"{path}:{line}: Violation: trial:NCT00000001 tg:nctId: tg:nctId must be one string"
    assert any(out.startswith(expected) for out in result.output.splitlines()), result.output
    assert "[value: NCT1]" in result.output


def test_validate_reports_blank_nodes_at_their_holder(tmp_path):
    text = MINIMAL_TRIAL.replace('tg:numericValue 125.0 ; tg:unit "mg"', "tg:numericValue 125.0")
    path = tmp_path / "bad.ttl"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("trial:NCT00000001-admin-1 "))
    result = invoke("validate", str(path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    units = [r for r in report["results"] if r["path"] == "tg:unit"]
    assert units and units[0]["line"] == line and units[0]["focus"].endswith("(in a blank node)")
    assert report["conforms"] is False


def test_turtle_syntax_error_exits_2_naming_file_and_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(
        '@prefix tg: <https://w3id.org/trialgraph/ontology/> .\n\ntg:x tg:y "unterminated .\n', encoding="utf-8"
    )
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}:3: Turtle syntax error" in result.output


def test_missing_path_exits_2(tmp_path):
    result = invoke("validate", str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


@pytest.mark.parametrize(
    ("suffix", "fmt"), [(".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld"), (".owl", "xml")]
)
def test_build_writes_each_format(tmp_path, graph, suffix, fmt):
    out = tmp_path / f"graph{suffix}"
    result = invoke("build", "-o", str(out))
    assert result.exit_code == 0, result.output
    written = Graph().parse(out, format=fmt)
    assert len(written) == len(graph)
    if fmt == "json-ld":  # compact: the prefixes its IRIs use are its @context (obo's with "@prefix")
        context = json.loads(out.read_text(encoding="utf-8"))["@context"]
        assert context["tg"] == "https://w3id.org/trialgraph/ontology/"
        assert context["MONDO"] == {"@id": "http://purl.obolibrary.org/obo/MONDO_", "@prefix": True}
        assert "brick" not in context  # rdflib's own bindings that nothing uses are left out
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_failed_build_leaves_previous_output_intact(tmp_path):
    out = tmp_path / "graph.ttl"
    out.write_text("previous output\n", encoding="utf-8")
    bad = tmp_path / "data"
    bad.mkdir()
    (bad / "bad.ttl").write_text("this is not turtle\n", encoding="utf-8")
    result = invoke("build", "-o", str(out), str(bad))
    assert result.exit_code == 2
    assert "bad.ttl:1: Turtle syntax error" in result.output
    assert out.read_text(encoding="utf-8") == "previous output\n"


def test_build_rejects_unknown_extension(tmp_path):
    result = invoke("build", "-o", str(tmp_path / "graph.xlsx"))
    assert result.exit_code == 2
    assert "unknown output format '.xlsx'" in result.output
    assert not (tmp_path / "graph.xlsx").exists()


def test_query_by_name_in_each_format():
    table = invoke("query", "arms-per-trial")
    assert table.exit_code == 0 and "(5 rows)" in table.output
    csv_out = invoke("query", "arms-per-trial", "--format", "csv")
    assert csv_out.output.splitlines()[0] == "trial,title,arm_count,arms"
    data = json.loads(invoke("query", "arms-per-trial", "--format", "json").output)
    counts = {b["trial"]["value"].rsplit("/", 1)[-1]: int(b["arm_count"]["value"]) for b in data["results"]["bindings"]}
    assert counts == {"NCT01368107": 4, "NCT03079011": 2, "NCT04426201": 2, "NCT05190094": 1, "anakinra-tpc-mbc": 1}


def test_query_param_is_bound_not_formatted():
    result = invoke("query", "drug-doses-and-routes", "--param", "drug=intervention:palbociclib", "--format", "tsv")
    assert result.exit_code == 0, result.output
    labels = {line.split("\t")[1] for line in result.output.splitlines()[1:]}
    assert labels == {"palbociclib"}
    hostile = invoke("query", "curated-vs-registry", "--param", 'nct_id=x" } UNION { ?s ?p ?o', "--format", "csv")
    assert hostile.exit_code == 0 and hostile.output.splitlines()[1:] == []
    not_an_iri = invoke("query", "drug-doses-and-routes", "--param", 'drug=x" } UNION { ?s ?p ?o')
    assert not_an_iri.exit_code == 2 and "--param drug takes an IRI" in not_an_iri.output


def test_query_unknown_name_or_param_exits_2():
    assert invoke("query", "no-such-question").exit_code == 2
    result = invoke("query", "drug-doses-and-routes", "--param", "colour=blue")
    assert result.exit_code == 2 and "takes no parameter 'colour'" in result.output


def test_queries_lists_every_group_by_the_names_query_takes():
    result = invoke("queries")
    assert result.exit_code == 0
    lines = [line.strip() for line in result.output.splitlines()]
    title = "Drugs tested in more than one trial"
    assert any(line.startswith("drugs-in-several-trials") and title in line for line in lines)
    headings = [line for line in result.output.splitlines() if not line.startswith(" ")]
    assert [h.split(":")[0] for h in headings] == ["questions", "federated", "qc"]
    listed = [line.split()[0] for line in result.output.splitlines() if line.startswith(" ")]
    assert "qc/duplicate-nct-id" in listed and "federated/wikidata-organizations" in listed
    for name in listed:  # each listed name runs as it is listed (federated ones would reach the network)
        if not name.startswith("federated/"):
            assert invoke("query", name, "--format", "csv").exit_code == 0, name


def test_query_takes_a_name_alone_when_one_group_has_it():
    by_full_name = invoke("query", "qc/duplicate-nct-id", "--format", "csv")
    by_name = invoke("query", "duplicate-nct-id", "--format", "csv")
    assert by_name.exit_code == 0 and by_name.output == by_full_name.output
    unknown = invoke("query", "no-such-check")
    assert unknown.exit_code == 2 and "qc/duplicate-nct-id" in unknown.output  # the known names, with groups


def test_an_ad_hoc_query_needs_no_header_and_binds_its_columns():
    ad_hoc = "SELECT ?trial ?id WHERE { ?trial tg:nctId ?id } ORDER BY ?id"
    result = invoke("query", "-e", ad_hoc, "--format", "csv", "--param", 'id="NCT04426201"')
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["trial,id", "https://w3id.org/trialgraph/id/trial/NCT04426201,NCT04426201"]
    from_stdin = invoke("query", "-", "--format", "csv", input=ad_hoc)
    assert from_stdin.exit_code == 0 and len(from_stdin.output.splitlines()) == 5  # the header, four trials
    wrong = invoke("query", "-e", "SELECT * WHERE {\n ?t tg:x ?v ) }")
    assert wrong.exit_code == 2 and wrong.output.startswith("error: -e:2: not a SPARQL query")  # its own line 2
    assert invoke("query", "-e", "DELETE WHERE { ?s ?p ?o }").exit_code == 2
    assert invoke("query").exit_code == 2 and invoke("query", "trials-per-country", "-e", ad_hoc).exit_code == 2


def test_reason_consistent():
    result = invoke("reason")
    assert result.exit_code == 0, result.output
    assert "consistent; no unsatisfiable classes" in result.output


def _project_copy(tmp_path):
    root = tmp_path / "project"
    from trialgraph.paths import project_paths

    shutil.copytree(project_paths().ontology_dir, root / "ontology")
    shutil.copytree(project_paths().queries_dir, root / "queries")
    return root


@pytest.mark.parametrize(
    ("axiom", "expected"),
    [
        (
            "tg:ArmTrial a owl:Class ; rdfs:subClassOf tg:Arm, tg:Trial .",
            "unsatisfiable class: https://w3id.org/trialgraph/ontology/ArmTrial",
        ),
        ("<https://example.org/x> a tg:Drug, tg:Placebo .", "inconsistent ontology"),
    ],
    ids=["unsatisfiable-class", "inconsistent"],
)
def test_reason_fails_on_a_broken_ontology(tmp_path, axiom, expected):
    root = _project_copy(tmp_path)
    with (root / "ontology" / "trialgraph.ttl").open("a", encoding="utf-8") as stream:
        stream.write(f"\n{axiom}\n")
    result = invoke("reason", env={"TRIALGRAPH_HOME": str(root)})
    assert result.exit_code == 1
    assert expected in result.output


def test_reason_writes_the_axioms_classification_infers(tmp_path):
    root = _project_copy(tmp_path)
    with (root / "ontology" / "trialgraph.ttl").open("a", encoding="utf-8") as stream:
        # anything with an arm is a trial (tg:hasArm has domain tg:Trial): HermiT must infer the subclass
        stream.write(
            "\ntg:ThingWithArms a owl:Class ; owl:equivalentClass [ a owl:Restriction ;"
            " owl:onProperty tg:hasArm ; owl:someValuesFrom tg:Arm ] .\n"
        )
    out = tmp_path / "inferred.ttl"
    result = invoke("reason", "-o", str(out), env={"TRIALGRAPH_HOME": str(root)})
    assert result.exit_code == 0, result.output
    inferred = Graph().parse(out)
    tg = "https://w3id.org/trialgraph/ontology/"
    assert (URIRef(tg + "ThingWithArms"), RDFS.subClassOf, URIRef(tg + "Trial")) in inferred
    line = result.output.splitlines()[0]
    assert line.startswith(f"wrote {out}: the ontology (") and "triples) with " in line and "rdfs:subClassOf" in line
    assert int(line.split(" inferred axiom(s)")[0].rsplit(" ", 1)[-1]) >= 1
    plain = invoke("reason", "-o", str(tmp_path / "plain.ttl"))
    assert "and no inferred axiom (HermiT's classification adds no subclass" in plain.output


def test_build_reason_adds_owl_rl_entailments(tmp_path):
    plain, reasoned = tmp_path / "plain.nt", tmp_path / "reasoned.nt"
    assert invoke("build", "-o", str(plain)).exit_code == 0
    result = invoke("build", "--reason", "-o", str(reasoned))
    assert result.exit_code == 0, result.output
    tg = "https://w3id.org/trialgraph/ontology/"
    question = f"ASK {{ <{ID}intervention/letrozole> a <{tg}Intervention> }}"  # tg:Drug is a subclass
    # and breast cancer is a cancer only through MONDO's chain (breast cancer < thoracic cancer < cancer)
    mondo = "http://purl.obolibrary.org/obo/MONDO_"
    cancer = f"ASK {{ <{mondo}0007254> <{RDFS.subClassOf}> <{mondo}0004992> }}"
    plain_graph, reasoned_graph = Graph().parse(plain), Graph().parse(reasoned)
    assert not plain_graph.query(question).askAnswer and not plain_graph.query(cancer).askAnswer
    assert reasoned_graph.query(question).askAnswer and reasoned_graph.query(cancer).askAnswer


def test_query_on_a_store_of_imports_alone_warns_that_the_value_sets_are_missing(tmp_path, ctgov_records):
    store = tmp_path / "store"
    assert invoke("import", "ctgov", str(ctgov_records / "NCT00332579.json"), "--oxigraph", str(store)).exit_code == 0
    bare = invoke("query", "participants-completing-each-arm", "--oxigraph", str(store))
    assert bare.exit_code == 0, bare.output
    assert f"warning {store}: the store holds studies but no ontology or value sets" in bare.stderr
    assert invoke("build", "--oxigraph", str(store)).exit_code == 0
    built = invoke("query", "participants-completing-each-arm", "--oxigraph", str(store))
    assert built.exit_code == 0 and "warning" not in built.stderr
    assert "Naltrexone" in built.stdout  # the flow's groups, now that the graph is whole


def test_version_prints_the_packages_version_and_the_licence_is_the_declared_one(project):
    result = invoke("--version")
    declared = tomllib.loads((project.root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert result.exit_code == 0 and result.output == f"trialgraph {declared['version']}\n"
    assert declared["license"] == "MIT" and (project.root / "LICENSE").read_text(encoding="utf-8").startswith("MIT")


def test_warnings_sharing_a_message_are_one_line_unless_listed():
    summarised = invoke("validate").output.splitlines()
    listed = invoke("validate", "--warnings").output.splitlines()
    each = [line for line in listed if ": Warning: " in line and "No external mapping" in line]
    assert len(each) >= 2 and summarised[-1] == listed[-1]  # the same verdict either way
    summary = [line for line in summarised if "No external mapping" in line]
    assert len(summary) == 1 and summary[0].startswith(f"{len(each)} warnings: No external mapping")
    assert each[0].split(": Warning: ")[0] in summary[0] and "--warnings lists each" in summary[0]
    assert len(listed) == len(summarised) + len(each) - 1


def test_echo_all_writes_every_text_in_order_in_chunks(capsys, monkeypatch):
    from trialgraph.cli import common

    writes = []
    echo = common.typer.echo
    monkeypatch.setattr(common, "CHUNK", 30)
    monkeypatch.setattr(common.typer, "echo", lambda text, nl: (writes.append(text), echo(text, nl=nl)))
    texts = [f"line {n}: é\n" for n in range(25)] + ["no break at the end"]
    common.echo_all(iter(texts))
    assert capsys.readouterr().out == "".join(texts)
    assert len(writes) == 9 and all(30 <= len(w) < 45 for w in writes[:-1])  # one echo per CHUNK characters or so
    common.echo_all([])
    assert capsys.readouterr().out == ""
