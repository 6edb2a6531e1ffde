"""initial schema

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FTS_UP = [
    # External-content FTS5 index over article titles and text, kept in step by triggers.
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    # Quotes are searchable by what was said and by who said it.
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, content='quotes', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts(rowid, text, speaker) "
    "VALUES (new.id, new.text, coalesce(new.speaker_name, new.speaker_text)); END",
    "CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) "
    "VALUES ('delete', old.id, old.text, coalesce(old.speaker_name, old.speaker_text)); END",
]
# PostgreSQL: the same search as FTS5's "porter unicode61 remove_diacritics 2" tokenizer, as far as
# PostgreSQL's own parts go: a text search configuration ``parley`` that stems English words (Snowball)
# and, unlike the built-in ``english``, drops no stop words; accents are folded when the ``unaccent``
# extension can be had. Each searchable table holds a generated ``fts`` tsvector (weights: A for the
# title or the speaker's name, B for the text), with a GIN index.
PG_CONFIG = [
    "CREATE TEXT SEARCH DICTIONARY parley_stem (TEMPLATE = snowball, language = english)",
    "CREATE TEXT SEARCH CONFIGURATION parley (COPY = english)",
]
PG_WORDS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def _pg_words(col: str) -> str:
    """``col`` as the parser should see it: PostgreSQL's parser reads ``U.N.-backed``, ``a/b``, ``x@y``
    or ``<b>`` as one host, path, address or tag token where FTS5 reads separate words; these marks
    become spaces first, so both engines index the same words."""
    return f"to_tsvector('parley', regexp_replace({col}, '[-./@_:+~&<>''’]+', ' ', 'g'))"


TITLE, SPEAKER = "coalesce(title, '')", "coalesce(speaker_name, speaker_text, '')"
PG_FTS_UP = [
    "ALTER TABLE articles ADD COLUMN fts tsvector GENERATED ALWAYS AS ("
    f"setweight({_pg_words(TITLE)}, 'A') || "
    f"setweight({_pg_words('text')}, 'B')) STORED",
    "CREATE INDEX ix_articles_fts ON articles USING gin (fts)",
    "ALTER TABLE quotes ADD COLUMN fts tsvector GENERATED ALWAYS AS ("
    f"setweight({_pg_words('text')}, 'B') || "
    f"setweight({_pg_words(SPEAKER)}, 'A')) STORED",
    "CREATE INDEX ix_quotes_fts ON quotes USING gin (fts)",
]
PG_FTS_DOWN = [
    "DROP INDEX IF EXISTS ix_quotes_fts",
    "ALTER TABLE quotes DROP COLUMN IF EXISTS fts",
    "DROP INDEX IF EXISTS ix_articles_fts",
    "ALTER TABLE articles DROP COLUMN IF EXISTS fts",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS parley",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS parley_stem",
]


def _pg_search() -> None:
    """The ``parley`` configuration (with ``unaccent`` first where the extension is available and
    may be created here) and the ``fts`` columns."""
    bind = op.get_bind()
    for sql in PG_CONFIG:
        op.execute(sql)
    dictionaries = "parley_stem"
    if bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'").first():
        savepoint = bind.begin_nested()
        try:
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
            savepoint.commit()
            dictionaries = "unaccent, parley_stem"
        except sa.exc.DBAPIError:  # no right to create it: words keep their accents
            savepoint.rollback()
    op.execute(f"ALTER TEXT SEARCH CONFIGURATION parley ALTER MAPPING FOR {PG_WORDS} WITH {dictionaries}")
    for sql in PG_FTS_UP:
        op.execute(sql)


FTS_DOWN = [
    "DROP TRIGGER IF EXISTS quotes_ad",
    "DROP TRIGGER IF EXISTS quotes_ai",
    "DROP TABLE IF EXISTS quotes_fts",
    "DROP TRIGGER IF EXISTS articles_au",
    "DROP TRIGGER IF EXISTS articles_ad",
    "DROP TRIGGER IF EXISTS articles_ai",
    "DROP TABLE IF EXISTS articles_fts",
]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("site", sa.String(length=255), nullable=True),
        sa.Column("source", sa.String(length=255), nullable=True),
        sa.Column("item", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("published_source", sa.String(length=10), nullable=True),
        sa.Column("published_confidence", sa.Float(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("nlp_version", sa.String(length=32), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["duplicate_of"], ["articles.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index("ix_articles_duplicate_of", ["duplicate_of"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_source"), ["source"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_url"), ["url"], unique=False)

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("sector", sa.String(length=8), nullable=True),
        sa.Column("code", sa.String(length=16), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entities_type"), ["type"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.Text(), nullable=True),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("trigger_text", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("actor_spans", sa.JSON(), nullable=False),
        sa.Column("recipient_spans", sa.JSON(), nullable=False),
        sa.Column("date", sa.String(length=32), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_type"), ["type"], unique=False)

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentions_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentions_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("cue_text", sa.Text(), nullable=True),
        sa.Column("speaker_start", sa.Integer(), nullable=True),
        sa.Column("speaker_end", sa.Integer(), nullable=True),
        sa.Column("speaker_text", sa.Text(), nullable=True),
        sa.Column("speaker_name", sa.Text(), nullable=True),
        sa.Column("speaker_entity_id", sa.Integer(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("said_on", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["speaker_entity_id"], ["entities.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quotes_said_on"), ["said_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_quotes_speaker_entity_id"), ["speaker_entity_id"], unique=False
        )

    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("sector", sa.String(length=8), nullable=True),
        sa.Column("as_of", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roles_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "timexes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=True),
        sa.Column("mod", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("timexes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_timexes_article_id"), ["article_id"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        for sql in FTS_UP:
            op.execute(sql)
    elif op.get_bind().dialect.name == "postgresql":
        _pg_search()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for sql in FTS_DOWN:
            op.execute(sql)
    elif op.get_bind().dialect.name == "postgresql":
        for sql in PG_FTS_DOWN:
            op.execute(sql)
    with op.batch_alter_table("timexes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timexes_article_id"))

    op.drop_table("timexes")
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roles_entity_id"))

    op.drop_table("roles")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_speaker_entity_id"))
        batch_op.drop_index(batch_op.f("ix_quotes_said_on"))
        batch_op.drop_index(batch_op.f("ix_quotes_article_id"))

    op.drop_table("quotes")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentions_entity_id"))
        batch_op.drop_index(batch_op.f("ix_mentions_article_id"))

    op.drop_table("mentions")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_type"))
        batch_op.drop_index(batch_op.f("ix_events_status"))
        batch_op.drop_index(batch_op.f("ix_events_date"))
        batch_op.drop_index(batch_op.f("ix_events_article_id"))

    op.drop_table("events")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entities_type"))

    op.drop_table("entities")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_url"))
        batch_op.drop_index(batch_op.f("ix_articles_source"))
        batch_op.drop_index(batch_op.f("ix_articles_published"))
        batch_op.drop_index("ix_articles_duplicate_of")

    op.drop_table("articles")
