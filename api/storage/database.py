"""The database engine and sessions, with SQLite set up for safe concurrent writes.

SQLite runs in WAL mode (readers never block the writer), with ``synchronous=FULL`` (a
committed transaction survives a power cut, not only a process crash) and a busy timeout
(a writer waits for the lock instead of failing). Write transactions start with
``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes cannot wait for the
lock, because SQLite answers SQLITE_BUSY at once when a reader's snapshot is stale
(https://www.sqlite.org/isolation.html, https://www.sqlite.org/lang_transaction.html), so
taking the write lock first is what makes concurrent writers queue rather than fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_FILE = "cluster-mcda.sqlite"


def sqlite_url(data_dir: Path) -> str:
    """The URL of the SQLite file in ``data_dir`` (created if missing)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(data_dir / SQLITE_FILE).resolve()}"


def make_engine(url: str, *, busy_timeout_ms: int = 30_000) -> Engine:
    """An engine for ``url``; SQLite files get WAL, synchronous=FULL, the busy timeout and
    foreign keys on every connection."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    if ":memory:" in url or url.rstrip("/") in ("sqlite:", "sqlite+pysqlite:"):
        raise ValueError("an in-memory SQLite database cannot be shared by the server's threads; give a file")
    engine = create_engine(
        url,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        pool_size=10,
        max_overflow=40,
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Take transaction control from the sqlite3 module, which would otherwise emit its own
        # BEGIN (deferred) only before DML; SQLAlchemy's "begin" hook below emits ours
        # (SQLAlchemy docs, SQLite dialect, "Enabling non-legacy transactional modes").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # type: ignore[no-untyped-def]
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """An engine and its two kinds of session: read (deferred) and write (immediate)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        writer = engine.execution_options(sqlite_begin="IMMEDIATE") if engine.dialect.name == "sqlite" else engine
        self._write = sessionmaker(writer, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str, *, busy_timeout_ms: int = 30_000) -> Database:
        return cls(make_engine(url, busy_timeout_ms=busy_timeout_ms))

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed. Closing (not rolling back)
        ends it, so the objects it loaded stay readable afterwards."""
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed as one transaction when the block ends without
        an exception, and rolled back otherwise: all or nothing."""
        with self._write() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
