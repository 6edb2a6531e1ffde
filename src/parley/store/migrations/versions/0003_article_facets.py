"""article_facets: one narrow row per article (source, day, event types) for search facets.

Counting the matches of a broad search by source, month and event type read the large article rows
(or every event of every match); this table holds just what the facets count, kept in step by
triggers on articles and events, so each facet is one GROUP BY over small rows. ``types`` lists an
article's distinct event types between spaces (`` AGREE CONSULT ``).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TYPES = ("(SELECT ' ' || group_concat(type, ' ') || ' ' FROM (SELECT DISTINCT type FROM events "
         "WHERE article_id = {id} ORDER BY type))")
UP = [
    "CREATE TABLE article_facets (id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, "
    "source TEXT, published TEXT, types TEXT)",
    "INSERT INTO article_facets (id, source, published, types) "
    f"SELECT a.id, a.source, a.published, {TYPES.format(id='a.id')} FROM articles a",
    "CREATE TRIGGER article_facets_ai AFTER INSERT ON articles BEGIN "
    "INSERT OR REPLACE INTO article_facets (id, source, published, types) "
    "VALUES (new.id, new.source, new.published, NULL); END",
    "CREATE TRIGGER article_facets_au AFTER UPDATE OF source, published ON articles BEGIN "
    "UPDATE article_facets SET source = new.source, published = new.published WHERE id = new.id; END",
    "CREATE TRIGGER article_facets_ad AFTER DELETE ON articles BEGIN "
    "DELETE FROM article_facets WHERE id = old.id; END",
    "CREATE TRIGGER article_facets_event_ai AFTER INSERT ON events BEGIN "
    f"UPDATE article_facets SET types = {TYPES.format(id='new.article_id')} WHERE id = new.article_id; END",
    "CREATE TRIGGER article_facets_event_ad AFTER DELETE ON events BEGIN "
    f"UPDATE article_facets SET types = {TYPES.format(id='old.article_id')} WHERE id = old.article_id; END",
    "CREATE TRIGGER article_facets_event_au AFTER UPDATE OF type, article_id ON events BEGIN "
    f"UPDATE article_facets SET types = {TYPES.format(id='old.article_id')} WHERE id = old.article_id; "
    f"UPDATE article_facets SET types = {TYPES.format(id='new.article_id')} WHERE id = new.article_id; END",
]
DOWN = [f"DROP TRIGGER IF EXISTS {name}" for name in (
    "article_facets_ai", "article_facets_au", "article_facets_ad", "article_facets_event_ai",
    "article_facets_event_ad", "article_facets_event_au")] + ["DROP TABLE IF EXISTS article_facets"]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for sql in UP:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for sql in DOWN:
            op.execute(sql)
