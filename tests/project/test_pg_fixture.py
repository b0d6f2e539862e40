"""The test harness's own checks: a real PostgreSQL starts, and db_url serves both backends."""

from __future__ import annotations

import pytest
import sqlalchemy as sa


@pytest.mark.postgres
def test_pg_url_is_a_real_postgresql(pg_url):
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("select version()")).scalar_one()
    finally:
        engine.dispose()
    assert "PostgreSQL" in version


def test_db_url_round_trips_persian_text(db_url):
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            # a fresh, empty database per test: the table cannot exist yet
            assert not sa.inspect(conn).has_table("probe")
            conn.execute(sa.text("create table probe (id integer primary key, name text)"))
            conn.execute(sa.text("insert into probe (id, name) values (1, :n)"), {"n": "تهران"})
        with engine.connect() as conn:
            name = conn.execute(sa.text("select name from probe where id = 1")).scalar_one()
    finally:
        engine.dispose()
    assert name == "تهران"
