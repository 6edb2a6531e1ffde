"""Engine factory (never built at import) and schema migrations to the newest version."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from parley.errors import Rejected, TimedOut

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(db: str) -> str:
    """A SQLAlchemy URL: a plain path means a SQLite file; ``postgresql://`` (or ``postgres://``) means
    PostgreSQL through psycopg 3."""
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser()}"
    scheme, rest = db.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return db


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ConfigParser reads % specially
    return cfg


def make_engine(db: str) -> Engine:
    """An engine for ``db`` with SQLite in WAL mode and foreign keys on."""
    url = database_url(db)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


ASIDE_CONNECTIONS = 4  # reads beside a request's own (a search's quote hits, PostgreSQL), at once per process
MIGRATION_LOCK = 7244000  # PostgreSQL advisory lock key: one process migrates at a time


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (no-op when already there). On PostgreSQL the
    migration runs under an advisory lock, so processes opening a new database together create
    its schema once (DDL there is transactional: the others then find it at head)."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.begin() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            if MigrationContext.configure(conn).get_current_revision() == head:
                return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


PROGRESS_STEPS = 5_000  # SQLite virtual-machine steps between two deadline checks (well under 1 ms)
PG_QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by statement_timeout


def _too_long(seconds: float) -> str:
    return f"the query took longer than {seconds:g} s and was stopped; narrow it down"


@contextmanager
def statement_deadline(session: Session, seconds: float | None,
                       cancelled: Callable[[], bool] | None = None) -> Iterator[None]:
    """Stop the database work done inside the block after ``seconds`` (or as soon as ``cancelled()``
    turns true) with :class:`~parley.errors.TimedOut`.

    SQLite: a progress handler on the connection aborts the running statement; the deadline covers
    every statement of the block together. PostgreSQL: ``SET LOCAL statement_timeout`` (per
    statement, for the block's transaction; ``cancelled`` is not polled there). Other engines run
    without one.
    """
    if not seconds and cancelled is None:
        yield
        return
    conn = session.connection()
    name = conn.dialect.name
    if name == "postgresql":
        if seconds:
            conn.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(seconds * 1000))}")
        try:
            yield
        except OperationalError as exc:
            if seconds and getattr(exc.orig, "sqlstate", None) == PG_QUERY_CANCELED:
                raise TimedOut(_too_long(seconds)) from exc
            raise
        return
    if name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection
    end = time.monotonic() + seconds if seconds else float("inf")
    why: list[str] = []

    def stop() -> int:
        if cancelled is not None and cancelled():
            why.append("the client went away")
        elif time.monotonic() > end:
            why.append(_too_long(seconds or 0.0))
        return 1 if why else 0

    raw.set_progress_handler(stop, PROGRESS_STEPS)  # type: ignore[union-attr]
    try:
        yield
    except OperationalError as exc:
        if why:
            raise TimedOut(why[0]) from exc
        raise
    finally:
        raw.set_progress_handler(None, 0)  # type: ignore[union-attr]


class Store:
    """An open database: the engine plus a session factory."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.engine = make_engine(db)
        upgrade(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._aside: tuple[Engine, sessionmaker[Session]] | None = None

    def session(self) -> Session:
        return self.sessions()

    def aside_session(self) -> Session:
        """A session of a pool of its own (:data:`ASIDE_CONNECTIONS`, no overflow), for reads run beside
        a request's own session on :data:`ASIDE_CONNECTIONS` threads at most: such a read never waits
        for a connection that a request waiting on it holds."""
        if self._aside is None:
            engine = create_engine(self.engine.url, pool_pre_ping=True, pool_size=ASIDE_CONNECTIONS, max_overflow=0)
            self._aside = engine, sessionmaker(engine, expire_on_commit=False)
        return self._aside[1]()

    @contextmanager
    def reading(self, seconds: float | None = None, cancelled: Callable[[], bool] | None = None, *,
                aside: bool = False) -> Iterator[Session]:
        """A session whose database work stops after ``seconds`` (see :func:`statement_deadline`). A value
        the database cannot hold (PostgreSQL: an id past the integer range) is the caller's mistake:
        :class:`~parley.errors.Rejected`, as SQLite, which holds any number, never needs. ``aside``: a
        session of :meth:`aside_session`'s pool."""
        try:
            with (self.aside_session() if aside else self.session()) as session, \
                    statement_deadline(session, seconds, cancelled):
                yield session
        except DataError as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise Rejected(f"a value of the request does not fit the database: {reason}") from exc

    def close(self) -> None:
        if self._aside is not None:
            self._aside[0].dispose()
            self._aside = None
        self.engine.dispose()


def open_store(db: str) -> Store:
    """Open (and create or migrate) the database at ``db``."""
    return Store(db)
