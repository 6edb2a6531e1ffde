"""quotes_fts keeps its own content: its ``speaker`` column is not a column of ``quotes``.

With ``content='quotes'`` FTS5 read ``quotes.speaker`` back for snippets and failed; the index
now stores its own copy of the quote text and the speaker's name.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UP = [
    "DROP TRIGGER IF EXISTS quotes_ad",
    "DROP TRIGGER IF EXISTS quotes_ai",
    "DROP TABLE IF EXISTS quotes_fts",
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "INSERT INTO quotes_fts(rowid, text, speaker) "
    "SELECT id, text, coalesce(speaker_name, speaker_text) FROM quotes",
    "CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts(rowid, text, speaker) "
    "VALUES (new.id, new.text, coalesce(new.speaker_name, new.speaker_text)); END",
    "CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN "
    "DELETE FROM quotes_fts WHERE rowid = old.id; END",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for sql in UP:
            op.execute(sql)


def downgrade() -> None:
    pass
