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


# PostgreSQL: the same table and rows, kept by PL/pgSQL trigger functions (a deleted article's row goes
# with it through the foreign key).
PG_TYPES = ("CREATE FUNCTION parley_article_types(aid integer) RETURNS text LANGUAGE sql STABLE AS $$ "
            "SELECT ' ' || string_agg(DISTINCT type, ' ' ORDER BY type) || ' ' FROM events "
            "WHERE article_id = aid $$")
PG_UP = [
    "CREATE TABLE article_facets (id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, "
    "source TEXT, published TEXT, types TEXT)",
    PG_TYPES,
    "INSERT INTO article_facets (id, source, published, types) "
    "SELECT a.id, a.source, a.published, parley_article_types(a.id) FROM articles a",
    "CREATE FUNCTION parley_facets_article() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'INSERT' THEN "
    "INSERT INTO article_facets (id, source, published, types) VALUES (NEW.id, NEW.source, NEW.published, NULL) "
    "ON CONFLICT (id) DO UPDATE SET source = EXCLUDED.source, published = EXCLUDED.published, types = NULL; "
    "ELSE UPDATE article_facets SET source = NEW.source, published = NEW.published WHERE id = NEW.id; "
    "END IF; RETURN NULL; END $$",
    "CREATE TRIGGER article_facets_article AFTER INSERT OR UPDATE OF source, published ON articles "
    "FOR EACH ROW EXECUTE FUNCTION parley_facets_article()",
    "CREATE FUNCTION parley_facets_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN "
    "UPDATE article_facets SET types = parley_article_types(OLD.article_id) WHERE id = OLD.article_id; "
    "END IF; "
    "IF TG_OP <> 'DELETE' THEN "
    "UPDATE article_facets SET types = parley_article_types(NEW.article_id) WHERE id = NEW.article_id; "
    "END IF; RETURN NULL; END $$",
    "CREATE TRIGGER article_facets_event AFTER INSERT OR DELETE OR UPDATE OF type, article_id ON events "
    "FOR EACH ROW EXECUTE FUNCTION parley_facets_event()",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS article_facets_event ON events",
    "DROP TRIGGER IF EXISTS article_facets_article ON articles",
    "DROP FUNCTION IF EXISTS parley_facets_event()",
    "DROP FUNCTION IF EXISTS parley_facets_article()",
    "DROP TABLE IF EXISTS article_facets",
    "DROP FUNCTION IF EXISTS parley_article_types(integer)",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for sql in UP if dialect == "sqlite" else PG_UP if dialect == "postgresql" else []:
        op.execute(sql)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for sql in DOWN if dialect == "sqlite" else PG_DOWN if dialect == "postgresql" else []:
        op.execute(sql)
