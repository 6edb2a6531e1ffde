"""Event and quote confidence, events linked to entities, speaker corrections.

- ``events``: ``confidence`` (0-1) and ``date_source`` (``text`` when the sentence dates the event,
  ``published`` when the publication day is a fallback).
- ``event_entities``: which entities act (``role='actor'``) or are acted on (``'recipient'``) in an
  event, so a person's page lists that person's events, not their country's.
- ``quotes``: ``confidence`` (0-1) and ``resolved_by`` (how the speaker was found: ``name``,
  ``title``, ``pronoun``, ``inherited``, ...).
- ``quote_overrides``: a user's correction of a quote's speaker, or "not a quote". It is keyed by
  the article's content hash and the quote's offsets, so it survives re-processing; ``status`` says
  whether it still matched a quote after the last processing (``applied``/``orphaned``).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("date_source", sa.String(length=16), nullable=True))
        batch.create_index("ix_events_confidence", ["confidence"], unique=False)
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("resolved_by", sa.String(length=16), nullable=True))
    op.create_table(
        "event_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_event_entities_entity_id", "event_entities", ["entity_id"], unique=False)
    op.create_index("ix_event_entities_event_id", "event_entities", ["event_id"], unique=False)
    op.create_table(
        "quote_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote_text", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("speaker_name", sa.Text(), nullable=True),
        sa.Column("speaker_entity_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False, server_default="applied"),
        sa.ForeignKeyConstraint(["speaker_entity_id"], ["entities.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash", "start", "end", name="uq_quote_overrides_span"),
    )
    op.create_index("ix_quote_overrides_content_hash", "quote_overrides", ["content_hash"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_quote_overrides_content_hash", table_name="quote_overrides")
    op.drop_table("quote_overrides")
    op.drop_index("ix_event_entities_event_id", table_name="event_entities")
    op.drop_index("ix_event_entities_entity_id", table_name="event_entities")
    op.drop_table("event_entities")
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("resolved_by")
        batch.drop_column("confidence")
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_confidence")
        batch.drop_column("date_source")
        batch.drop_column("confidence")
