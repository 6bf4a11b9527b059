"""Maps, articles, place mentions, events and reviewers' corrections.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "maps",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("view_token", sa.String(64), nullable=False, unique=True),
        sa.Column("edit_token", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("map_id", sa.Integer, sa.ForeignKey("maps.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("external_id", sa.String(200)),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("date_found", sa.Boolean, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("warnings", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("processed_at", sa.DateTime),
        sa.UniqueConstraint("map_id", "content_hash", name="uq_article_text"),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("geonameid", sa.Integer),
        sa.Column("country_code", sa.String(8)),
        sa.Column("admin1", sa.Text),
        sa.Column("admin1_code", sa.String(32)),
        sa.Column("feature", sa.String(16), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("precision_km", sa.Float),
        sa.Column("note", sa.Text),
        sa.Column("reviewed", sa.Boolean, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("map_id", sa.Integer, sa.ForeignKey("maps.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("anchor", sa.Text),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64)),
        sa.Column("disorder_type", sa.String(64)),
        sa.Column("actor1", sa.Text),
        sa.Column("actor2", sa.Text),
        sa.Column("assoc_actors", sa.Text),
        sa.Column("inter1", sa.String(64)),
        sa.Column("inter2", sa.String(64)),
        sa.Column("interaction", sa.String(128)),
        sa.Column("civilian_targeting", sa.Boolean, nullable=False),
        sa.Column("fatalities", sa.Integer),
        sa.Column("injuries", sa.Integer),
        sa.Column("event_date", sa.Date),
        sa.Column("time_precision", sa.Integer),
        sa.Column("background", sa.Boolean, nullable=False),
        sa.Column("location", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("admin1", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("country_code", sa.String(8)),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("trigger", sa.Text),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("reviewed", sa.Boolean, nullable=False),
    )
    op.create_index("ix_events_map_date", "events", ["map_id", "event_date"])
    op.create_index("ix_events_map_type", "events", ["map_id", "event_type"])
    op.create_index("ix_events_map_location", "events", ["map_id", "country", "admin1"])
    op.create_index("ix_events_map_latlon", "events", ["map_id", "lat", "lon"])
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("target", sa.Text),
        sa.Column("changes", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("corrections", "events", "places", "articles", "maps"):
        op.drop_table(table)
