"""The fact-check retrieval bench: TSV in, TREC run out, on a tiny invented collection."""

from __future__ import annotations

import pytest

from bench.match_claims import main

VCLAIMS = (
    "\tvclaim\ttitle\n"
    "100\tThe island ferry fare will double from next month.\tWill Ferry Fares Double?\n"
    '101\t"Otters\thave returned" to the Kelvin river after forty years.\tAre Otters Back in the Kelvin?\n'
    "102\tThe new harbour bridge cost four times its budget.\tDid the Harbour Bridge Cost Four Times Its Budget?\n"
    "103\tFarmers hit by the drought will each receive a grant.\tDrought Grants for Farmers\n"
)
QUERIES = (
    "\ttweet_content\n"
    "q1\tOtters are back in the #KelvinRiver after 40 years! https://t.co/x1 \u2014 Ada Moss (@adamoss) June 2, 2022\n"
    "q2\tThe ferry to the island will cost twice as much next month\n"
)


def test_the_run_file_has_the_trec_format_and_ranks_the_right_claim_first(tmp_path, capsys):
    (tmp_path / "v.tsv").write_text(VCLAIMS, encoding="utf-8")
    (tmp_path / "q.tsv").write_text(QUERIES, encoding="utf-8")
    run = tmp_path / "run.tsv"
    assert main([str(tmp_path / "q.tsv"), str(tmp_path / "v.tsv"), str(run), "--limit", "3"]) == 0

    lines = [line.split("\t") for line in run.read_text(encoding="utf-8").splitlines()]
    assert all(len(fields) == 6 and fields[1] == "Q0" and fields[5] == "factcheck" for fields in lines)
    by_query: dict[str, list[list[str]]] = {}
    for fields in lines:
        by_query.setdefault(fields[0], []).append(fields)
    assert set(by_query) == {"q1", "q2"}
    for ranked in by_query.values():
        assert [int(f[3]) for f in ranked] == list(range(1, len(ranked) + 1)) and len(ranked) <= 3
        scores = [float(f[4]) for f in ranked]
        assert scores == sorted(scores, reverse=True)
    assert by_query["q1"][0][2] == "101" and by_query["q2"][0][2] == "100"
    assert "indexed 4 claims" in capsys.readouterr().err


def test_the_lexical_weight_must_be_a_share(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["q.tsv", "v.tsv", str(tmp_path / "run.tsv"), "--lexical-weight", "1.5"])
    assert "between 0 and 1" in capsys.readouterr().err
