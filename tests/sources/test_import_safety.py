"""The importer's edges: it never replaces a file it did not write, one bad file never stops the
others, one bad value never drops a study, and identifiers and dates are checked whole."""

from __future__ import annotations

import gzip
import json

import pytest
from rdflib import XSD, Graph
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.errors import InputError
from trialgraph.sources.ctgov.importer import import_ctgov

from .test_ctgov import CTGOV, FIXTURE, TG, fixture_study, write_json

runner = CliRunner()


def test_a_file_the_importer_did_not_write_is_not_replaced(project, tmp_path):
    curated = tmp_path / "out" / "NCT04426201.ttl"
    curated.parent.mkdir()
    curated.write_text((project.data_dir / "trials" / "NCT04426201.ttl").read_text(encoding="utf-8"))
    before = curated.read_bytes()
    with pytest.raises(InputError, match=r"NCT04426201\.ttl: not written by the importer .*--force"):
        import_ctgov([FIXTURE], tmp_path / "out", project)
    assert curated.read_bytes() == before
    result = runner.invoke(app, ["import", "ctgov", str(FIXTURE), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--force" in result.stderr and result.stdout == ""
    assert curated.read_bytes() == before
    forced = runner.invoke(app, ["import", "ctgov", str(FIXTURE), "-o", str(tmp_path / "out"), "--force"])
    assert forced.exit_code == 0, forced.output
    assert b"tg:importedFrom" in curated.read_bytes()


def test_a_file_that_is_not_even_turtle_is_not_replaced(project, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "NCT04426201.ttl").write_text("notes, not Turtle {")
    with pytest.raises(InputError, match="not written by the importer"):
        import_ctgov([FIXTURE], tmp_path / "out", project)


def test_the_importer_replaces_its_own_earlier_output(project, tmp_path):
    import_ctgov([FIXTURE], tmp_path / "out", project)
    changed = fixture_study()
    changed["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = 11
    summary = import_ctgov([write_json(tmp_path / "changed.json", changed)], tmp_path / "out", project)
    assert [p.name for p in summary.written] == ["NCT04426201.ttl"]
    assert "tg:enrollment 11" in (tmp_path / "out" / "NCT04426201.ttl").read_text(encoding="utf-8")


def test_a_corrupt_gzip_page_among_good_files_skips_that_file_only(project, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    packed = gzip.compress(json.dumps({"studies": [fixture_study()]}).encode())
    (inputs / "a-corrupt.json.gz").write_bytes(packed[: len(packed) // 2] + b"x" * 64 + packed[len(packed) // 2 + 64 :])
    other = fixture_study()
    other["protocolSection"]["identificationModule"]["nctId"] = "NCT00000124"
    write_json(inputs / "b-good.json", other)
    (inputs / "c-truncated.json.gz").write_bytes(packed[:40])
    summary = import_ctgov([inputs], tmp_path / "out", project)
    assert [p.name for p in summary.written] == ["NCT00000124.ttl"]
    assert [s.where.rsplit("/", 1)[-1] for s in summary.skipped] == ["a-corrupt.json.gz", "c-truncated.json.gz"]
    assert all(s.reason.startswith("cannot read") for s in summary.skipped)
    assert summary.exit_code == 2


def test_deeply_nested_json_skips_that_file_only(project, tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    summary = import_ctgov([tmp_path / "deep.json", FIXTURE], tmp_path / "out", project)
    assert [s.reason for s in summary.skipped] == ["malformed JSON: nested too deeply to read"]
    assert [p.name for p in summary.written] == ["NCT04426201.ttl"]


@pytest.mark.parametrize("nct_id", ["NCT04426201\n", "NCT0442620\uff11", "NCT04426201 ", "nct04426201"])
def test_an_nct_id_must_match_whole(project, tmp_path, nct_id):
    study = fixture_study()
    study["protocolSection"]["identificationModule"]["nctId"] = nct_id
    summary = import_ctgov([write_json(tmp_path / "r.json", study)], tmp_path / "out", project)
    assert [s.reason for s in summary.skipped] == [
        f"protocolSection.identificationModule.nctId: not an NCT ID: {nct_id!r}"
    ]
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize(
    ("value", "datatype"),
    [
        ("2020-13-45", None),
        ("2021-02-29", None),
        ("2020-02-29", "date"),
        ("2020-00", None),
        ("2023-02-31", None),
        ("2023-13", None),
        ("2023-1", None),
        ("0000", None),
        ("2020-12", "gYearMonth"),
        ("2022", "gYear"),  # a year alone, as the registry sometimes gives it
        ("22", None),
    ],
)
def test_dates_are_days_of_the_calendar_months_or_years(project, tmp_path, value, datatype):
    study = fixture_study()
    study["protocolSection"]["statusModule"]["startDateStruct"]["date"] = value
    summary = import_ctgov([write_json(tmp_path / "r.json", study)], tmp_path / "out", project)
    assert summary.skipped == [] and [p.name for p in summary.written] == ["NCT04426201.ttl"]  # never dropped
    graph = Graph().parse(tmp_path / "out" / "NCT04426201.ttl")
    start = graph.value(CTGOV.NCT04426201, TG.startDate)
    if datatype is None:  # left out, with a warning naming the field and the value
        assert start is None and summary.exit_code == 1
        assert [w.split(": not a")[0] for w in summary.warnings.lines] == [
            "r.json: protocolSection.statusModule.startDateStruct.date"
        ]
        assert repr(value) in summary.warnings.lines[0]
    else:
        assert (str(start), start.datatype) == (value, XSD[datatype]) and summary.exit_code == 0


def test_a_field_of_an_unexpected_type_leaves_out_its_module_naming_the_field(project, tmp_path):
    study = fixture_study()
    study["protocolSection"]["referencesModule"]["references"][0]["citation"] = True
    summary = import_ctgov([write_json(tmp_path / "r.json", study)], tmp_path / "out", project)
    assert summary.skipped == [] and summary.exit_code == 1
    assert [w.split(" (")[0] for w in summary.warnings.lines] == [
        "r.json: protocolSection.referencesModule.references[0]: unexpected value"
    ]
    assert summary.warnings.lines[0].endswith("the references module left out")
    graph = Graph().parse(tmp_path / "out" / "NCT04426201.ttl")
    assert list(graph.objects(CTGOV.NCT04426201, TG.hasReference)) == []  # what the module began is taken back
    assert graph.value(CTGOV.NCT04426201, TG.briefTitle) is not None  # the rest of the study is there
