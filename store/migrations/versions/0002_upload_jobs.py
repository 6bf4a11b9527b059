"""Upload jobs: a batch's drafts, each pending, done or failed, so a batch can be resumed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "upload_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("map_id", sa.Integer, sa.ForeignKey("maps.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "upload_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("job_id", sa.Integer, sa.ForeignKey("upload_jobs.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("date_found", sa.Boolean, nullable=False),
        sa.Column("external_id", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("article_id", sa.Integer),
        sa.Column("finished_at", sa.DateTime),
    )
    op.create_index("ix_upload_items_job_status", "upload_items",
                    ["job_id", "status", "position"])


def downgrade() -> None:
    op.drop_table("upload_items")
    op.drop_table("upload_jobs")
