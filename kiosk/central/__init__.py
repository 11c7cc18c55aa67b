"""The reference central server: the queue, catalogue and case protocol (v1) on SQLAlchemy."""
