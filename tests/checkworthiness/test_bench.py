"""bench/checkworthiness.py: the formats ../shared/eval/score_checkworthy.py reads, on
tiny invented files."""

from __future__ import annotations

import json

from bench.checkworthiness import main
from claims.checkworthiness import ClaimType, score

SENTENCES = [
    {"id": 7, "text": "The Marlow ferry carried 40,000 passengers last year."},
    {"id": "b", "text": "Good evening, everyone."},
]


def test_jsonl_in_gives_id_score_and_type_out_in_order(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps(s) + "\n" for s in SENTENCES), encoding="utf-8")
    assert main([str(source), str(target)]) == 0
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [7, "b"]
    assert rows[0] == {"id": 7, "score": score(SENTENCES[0]["text"]).score, "type": "statistic"}
    assert rows[1]["type"] == ClaimType.NOTHING.value and rows[1]["score"] < rows[0]["score"]


def test_debates_in_give_one_line_score_file_each(tmp_path):
    debates, out = tmp_path / "debates", tmp_path / "out"
    debates.mkdir()
    (debates / "town_hall.tsv").write_text(
        "1\tCHAIR\tWelcome to Fenwick.\t0\n2\tQUILL\tRates in Fenwick rose 9 percent in one year.\t1\n",
        encoding="utf-8",
    )
    (debates / "notes.txt").write_text("not a debate\n", encoding="utf-8")
    assert main(["--ct2019", str(debates), str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["town_hall.tsv"]
    lines = [line.split("\t") for line in (out / "town_hall.tsv").read_text(encoding="utf-8").splitlines()]
    assert [n for n, _ in lines] == ["1", "2"]
    assert float(lines[1][1]) > float(lines[0][1])
