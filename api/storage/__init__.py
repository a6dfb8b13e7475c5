"""Stored scenarios, runs and API keys: SQLAlchemy 2 models, the engine with its SQLite
settings, repositories, and the Alembic migrations that create the tables."""
