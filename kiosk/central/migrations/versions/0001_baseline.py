"""Baseline: the schema of the servers from before migrations (commit 44c276f), frozen.

Creates whatever is missing: a database those servers made has no ``alembic_version``
table and gets, here, the tables made late or not at all by its version (case uploads,
identity…) and the ``evaluations.journey`` column added since; an empty database gets
everything. Generated from that commit's models (alembic autogenerate against an empty
database), each table wrapped in ``if missing(…)``.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = (
    "appointments", "attachments", "case_events", "case_progress", "case_upload_chunks",
    "case_uploads", "cases", "certificates", "evaluations", "idempotency_keys", "identity_mode",
    "kiosk_heartbeats", "locker_compartments", "locker_events", "payment_events",
    "payment_notices", "payment_orders", "police_documents", "printed_documents", "sms_messages",
    "ssc_applications", "ssc_attempts", "ssc_cards", "ssc_codes", "ssc_loss_reports",
    "ssc_people", "ssc_reports", "staff_calls", "ticket_counters", "tickets",
)


def missing(table: str) -> bool:
    return table not in _existing


def upgrade() -> None:
    global _existing
    _existing = set(sa.inspect(op.get_bind()).get_table_names())
    if missing('appointments'):
        op.create_table('appointments',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('slot', sa.String(length=20), nullable=False),
        sa.Column('id_hash', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('ticket_number', sa.String(length=40), nullable=True),
        sa.Column('checked_in_at', sa.String(length=40), nullable=True),
        sa.Column('kiosk_id', sa.String(length=64), nullable=True),
        sa.Column('demo', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code')
        )
        op.create_index('ix_appointment_lookup', 'appointments', ['id_hash', 'day'], unique=False)
    if missing('attachments'):
        op.create_table('attachments',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('attachment_id', sa.String(length=64), nullable=False),
        sa.Column('case_id', sa.String(length=64), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('content_type', sa.String(length=80), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('received_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('attachment_id')
        )
        op.create_index(op.f('ix_attachments_case_id'), 'attachments', ['case_id'], unique=False)
    if missing('case_events'):
        op.create_table('case_events',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('case_id', sa.String(length=64), nullable=False),
        sa.Column('at', sa.String(length=40), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        op.create_index(op.f('ix_case_events_case_id'), 'case_events', ['case_id'], unique=False)
    if missing('case_progress'):
        op.create_table('case_progress',
        sa.Column('case_id', sa.String(length=64), nullable=False),
        sa.Column('item_name', sa.String(length=120), nullable=False),
        sa.Column('zone', sa.String(length=10), nullable=False),
        sa.Column('missing', sa.Text(), nullable=False),
        sa.Column('delivery', sa.String(length=10), nullable=False),
        sa.Column('collect_where', sa.String(length=120), nullable=False),
        sa.Column('collect_when', sa.String(length=120), nullable=False),
        sa.Column('committed_at', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('case_id')
        )
    if missing('case_upload_chunks'):
        op.create_table('case_upload_chunks',
        sa.Column('attachment_id', sa.String(length=64), nullable=False),
        sa.Column('offset', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('attachment_id', 'offset')
        )
    if missing('case_uploads'):
        op.create_table('case_uploads',
        sa.Column('attachment_id', sa.String(length=64), nullable=False),
        sa.Column('case_id', sa.String(length=64), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('content_type', sa.String(length=80), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('chunk_bytes', sa.Integer(), nullable=False),
        sa.Column('complete', sa.Boolean(), nullable=False),
        sa.Column('started_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('attachment_id')
        )
        op.create_index(op.f('ix_case_uploads_case_id'), 'case_uploads', ['case_id'], unique=False)
    if missing('cases'):
        op.create_table('cases',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('case_id', sa.String(length=64), nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('item_code', sa.String(length=80), nullable=False),
        sa.Column('applicant_name', sa.String(length=80), nullable=True),
        sa.Column('applicant_id_number', sa.String(length=40), nullable=True),
        sa.Column('mobile', sa.String(length=20), nullable=True),
        sa.Column('form', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('submitted_at', sa.String(length=40), nullable=False),
        sa.Column('received_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id')
        )
    if missing('certificates'):
        op.create_table('certificates',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('name_en', sa.String(length=120), nullable=False),
        sa.Column('holder', sa.String(length=80), nullable=False),
        sa.Column('issuer', sa.String(length=120), nullable=False),
        sa.Column('issuer_en', sa.String(length=160), nullable=False),
        sa.Column('issued', sa.String(length=10), nullable=False),
        sa.Column('valid_to', sa.String(length=10), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('demo', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code')
        )
    if missing('evaluations'):
        op.create_table('evaluations',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('evaluation_id', sa.String(length=64), nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('subject_type', sa.String(length=10), nullable=False),
        sa.Column('subject', sa.String(length=64), nullable=False),
        sa.Column('journey', sa.String(length=40), server_default='', nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('tags', sa.Text(), nullable=False),
        sa.Column('comment', sa.String(length=500), nullable=False),
        sa.Column('at', sa.String(length=40), nullable=False),
        sa.Column('received_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('evaluation_id')
        )
    if missing('idempotency_keys'):
        op.create_table('idempotency_keys',
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('method', sa.String(length=8), nullable=False),
        sa.Column('path', sa.String(length=300), nullable=False),
        sa.Column('body_hash', sa.String(length=64), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('status', sa.Integer(), nullable=True),
        sa.Column('response', sa.Text(), nullable=True),
        sa.Column('created_at', sa.Float(), nullable=False),
        sa.Column('updated_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('kiosk_id', 'key')
        )
        op.create_index(op.f('ix_idempotency_keys_created_at'), 'idempotency_keys', ['created_at'], unique=False)
    if missing('identity_mode'):
        op.create_table('identity_mode',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('mode', sa.String(length=10), nullable=False),
        sa.Column('changed_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
    if missing('kiosk_heartbeats'):
        op.create_table('kiosk_heartbeats',
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('last_at', sa.Float(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('kiosk_id')
        )
    if missing('locker_compartments'):
        op.create_table('locker_compartments',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('device', sa.String(length=40), nullable=False),
        sa.Column('compartment', sa.Integer(), nullable=False),
        sa.Column('size', sa.String(length=2), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('case_id', sa.String(length=64), nullable=True),
        sa.Column('door', sa.String(length=8), nullable=False),
        sa.Column('occupied', sa.Boolean(), nullable=True),
        sa.Column('flag', sa.String(length=20), nullable=True),
        sa.Column('updated_at', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kiosk_id', 'device', 'compartment', name='uq_locker_compartment')
        )
    if missing('locker_events'):
        op.create_table('locker_events',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('event_id', sa.String(length=64), nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('device', sa.String(length=40), nullable=False),
        sa.Column('compartment', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('case_id', sa.String(length=64), nullable=True),
        sa.Column('flag', sa.String(length=20), nullable=True),
        sa.Column('detail', sa.String(length=200), nullable=True),
        sa.Column('by', sa.String(length=20), nullable=True),
        sa.Column('holder', sa.String(length=40), nullable=True),
        sa.Column('at', sa.String(length=40), nullable=False),
        sa.Column('received_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('event_id')
        )
        op.create_index(op.f('ix_locker_events_case_id'), 'locker_events', ['case_id'], unique=False)
    if missing('payment_events'):
        op.create_table('payment_events',
        sa.Column('payment_id', sa.String(length=64), nullable=False),
        sa.Column('order_id', sa.String(length=64), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('amount_fen', sa.Integer(), nullable=False),
        sa.Column('at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('payment_id')
        )
    if missing('payment_notices'):
        op.create_table('payment_notices',
        sa.Column('number', sa.String(length=20), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('item', sa.String(length=80), nullable=False),
        sa.Column('item_en', sa.String(length=120), nullable=False),
        sa.Column('amount_fen', sa.Integer(), nullable=False),
        sa.Column('payer', sa.String(length=40), nullable=False),
        sa.Column('paid_order_id', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('number')
        )
    if missing('payment_orders'):
        op.create_table('payment_orders',
        sa.Column('order_id', sa.String(length=64), nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('journey', sa.String(length=40), nullable=False),
        sa.Column('notice', sa.String(length=20), nullable=True),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('item', sa.String(length=80), nullable=False),
        sa.Column('item_en', sa.String(length=120), nullable=False),
        sa.Column('amount_fen', sa.Integer(), nullable=False),
        sa.Column('payer', sa.String(length=40), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.Float(), nullable=False),
        sa.Column('expires_at', sa.Float(), nullable=False),
        sa.Column('paid_at', sa.Float(), nullable=True),
        sa.Column('closed_at', sa.Float(), nullable=True),
        sa.Column('payment_id', sa.String(length=64), nullable=True),
        sa.Column('refunds', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('order_id')
        )
        op.create_index('ix_payment_orders_notice', 'payment_orders', ['notice', 'state'], unique=False)
    if missing('police_documents'):
        op.create_table('police_documents',
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('request_key', sa.String(length=200), nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('holder', sa.String(length=80), nullable=False),
        sa.Column('id_hash', sa.String(length=64), nullable=False),
        sa.Column('pickup_code', sa.String(length=12), nullable=False),
        sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
        sa.Column('issued_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('code'),
        sa.UniqueConstraint('request_key')
        )
    if missing('printed_documents'):
        op.create_table('printed_documents',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('document_id', sa.String(length=64), nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('period', sa.String(length=16), nullable=False),
        sa.Column('id_hash', sa.String(length=64), nullable=False),
        sa.Column('holder', sa.String(length=80), nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('pages', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.String(length=40), nullable=False),
        sa.Column('prints', sa.Integer(), nullable=False),
        sa.Column('failed_prints', sa.Integer(), nullable=False),
        sa.Column('last_printed_at', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code'),
        sa.UniqueConstraint('document_id')
        )
    if missing('sms_messages'):
        op.create_table('sms_messages',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('case_id', sa.String(length=64), nullable=True),
        sa.Column('mobile', sa.String(length=20), nullable=True),
        sa.Column('text', sa.String(length=300), nullable=False),
        sa.Column('at', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        op.create_index(op.f('ix_sms_messages_case_id'), 'sms_messages', ['case_id'], unique=False)
    if missing('ssc_applications'):
        op.create_table('ssc_applications',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('application_id', sa.String(length=64), nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('id_number', sa.String(length=40), nullable=False),
        sa.Column('business_type', sa.String(length=2), nullable=False),
        sa.Column('old_card_number', sa.String(length=20), nullable=True),
        sa.Column('new_card_number', sa.String(length=20), nullable=False),
        sa.Column('issue_date', sa.String(length=10), nullable=False),
        sa.Column('expiry_date', sa.String(length=10), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('fee_fen', sa.Integer(), nullable=False),
        sa.Column('photo', sa.String(length=12), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('bound_card_id', sa.String(length=32), nullable=True),
        sa.Column('bound_generation', sa.Integer(), nullable=True),
        sa.Column('new_card_id', sa.String(length=32), nullable=True),
        sa.Column('last_reason', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.String(length=40), nullable=False),
        sa.Column('updated_at', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('application_id')
        )
        op.create_index(op.f('ix_ssc_applications_id_number'), 'ssc_applications', ['id_number'], unique=False)
    if missing('ssc_attempts'):
        op.create_table('ssc_attempts',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('application_id', sa.String(length=64), nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('card_id_code', sa.String(length=32), nullable=True),
        sa.Column('atr', sa.String(length=80), nullable=True),
        sa.Column('outcome', sa.String(length=10), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=True),
        sa.Column('card_at', sa.String(length=20), nullable=True),
        sa.Column('at', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
        op.create_index(op.f('ix_ssc_attempts_application_id'), 'ssc_attempts', ['application_id'], unique=False)
    if missing('ssc_cards'):
        op.create_table('ssc_cards',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('card_number', sa.String(length=20), nullable=False),
        sa.Column('id_number', sa.String(length=40), nullable=False),
        sa.Column('card_id_code', sa.String(length=32), nullable=True),
        sa.Column('generation', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('issue_date', sa.String(length=10), nullable=False),
        sa.Column('expiry_date', sa.String(length=10), nullable=False),
        sa.Column('application_id', sa.String(length=64), nullable=True),
        sa.Column('updated_at', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('card_id_code'),
        sa.UniqueConstraint('card_number')
        )
        op.create_index(op.f('ix_ssc_cards_id_number'), 'ssc_cards', ['id_number'], unique=False)
    if missing('ssc_codes'):
        op.create_table('ssc_codes',
        sa.Column('id_number', sa.String(length=40), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('code', sa.String(length=6), nullable=True),
        sa.Column('sent_at', sa.Float(), nullable=False),
        sa.Column('expires_at', sa.Float(), nullable=False),
        sa.Column('tries', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id_number')
        )
    if missing('ssc_loss_reports'):
        op.create_table('ssc_loss_reports',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('report_id', sa.String(length=64), nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('id_number', sa.String(length=40), nullable=False),
        sa.Column('card_number', sa.String(length=20), nullable=False),
        sa.Column('at', sa.String(length=40), nullable=False),
        sa.Column('applied', sa.Boolean(), nullable=False),
        sa.Column('received_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('report_id')
        )
    if missing('ssc_people'):
        op.create_table('ssc_people',
        sa.Column('id_number', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('gender', sa.String(length=1), nullable=False),
        sa.Column('nation', sa.String(length=2), nullable=False),
        sa.Column('birthplace', sa.String(length=6), nullable=False),
        sa.Column('birth_date', sa.String(length=10), nullable=False),
        sa.Column('mobile', sa.String(length=20), nullable=True),
        sa.Column('photo_on_record', sa.Boolean(), nullable=False),
        sa.Column('fee_fen', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id_number')
        )
    if missing('ssc_reports'):
        op.create_table('ssc_reports',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('report_id', sa.String(length=64), nullable=False),
        sa.Column('application_id', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('received_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('report_id')
        )
        op.create_index(op.f('ix_ssc_reports_application_id'), 'ssc_reports', ['application_id'], unique=False)
    if missing('staff_calls'):
        op.create_table('staff_calls',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('call_id', sa.String(length=64), nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('reason', sa.String(length=120), nullable=False),
        sa.Column('ticket_number', sa.String(length=40), nullable=True),
        sa.Column('at', sa.String(length=40), nullable=False),
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('received_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('call_id')
        )
        op.create_index(op.f('ix_staff_calls_day'), 'staff_calls', ['day'], unique=False)
    if missing('ticket_counters'):
        op.create_table('ticket_counters',
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day', 'category')
        )
    if missing('tickets'):
        op.create_table('tickets',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('kiosk_id', sa.String(length=64), nullable=False),
        sa.Column('offline', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('priority', sa.String(length=40), nullable=True),
        sa.Column('appointment_code', sa.String(length=40), nullable=True),
        sa.Column('mobile', sa.String(length=20), nullable=True),
        sa.Column('issued_at', sa.String(length=40), nullable=False),
        sa.Column('place', sa.Float(), nullable=False),
        sa.Column('rank', sa.Integer(), nullable=False),
        sa.Column('reissued_from', sa.String(length=40), nullable=True),
        sa.Column('window', sa.String(length=10), nullable=True),
        sa.Column('called_at', sa.String(length=40), nullable=True),
        sa.Column('idem_key', sa.String(length=200), nullable=True),
        sa.Column('received_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('day', 'number', name='uq_ticket_day_number')
        )
        op.create_index('ix_ticket_idem', 'tickets', ['kiosk_id', 'idem_key'], unique=False)
        op.create_index('ix_ticket_queue', 'tickets', ['day', 'category', 'status'], unique=False)
    # a column added to evaluations before migrations (kiosk.central.store.evaluations)
    if "journey" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("evaluations")}:
        op.add_column("evaluations", sa.Column("journey", sa.String(length=40), nullable=False,
                                               server_default=""))


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)


_existing: set[str] = set()
