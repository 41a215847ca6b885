"""The bench fill leaves the database with planner statistics, so what is timed after it
is the query plan production gets, not the one for tables the planner knows nothing of."""

from __future__ import annotations

import pytest
from django.db import connection

from bench.admin_scale import bench_admin, fill
from claims.models import Claim


def has_statistics() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return False
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [Claim._meta.db_table])
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [Claim._meta.db_table])
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db
def test_fill_runs_analyze_before_anything_is_timed():
    fill(target=40, reuse=False, reviewer_id=bench_admin().pk)
    assert Claim.objects.count() >= 40
    assert has_statistics()
