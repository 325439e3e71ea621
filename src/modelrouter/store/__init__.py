"""Durable state: one database (SQLite by default, PostgreSQL by URL) through SQLAlchemy Core."""
