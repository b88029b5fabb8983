"""Loaded at start-up by the live-nova processes (start.sh puts this
directory on their PYTHONPATH): oslo.db opens every sqlite transaction with
a plain ``BEGIN``, so a transaction that read first and writes later cannot
wait for another writer — sqlite answers "database is locked" at once
(waiting could deadlock), and under load that put servers in ERROR.
``BEGIN IMMEDIATE`` takes the write lock up front, so transactions queue
on the busy timeout (``?timeout=30`` in the connection URLs) instead.
"""
import sqlalchemy
from oslo_db.sqlalchemy import engines


class _ImmediateBegin:
    """The sqlalchemy module, except that ``text("BEGIN")`` is immediate."""

    def __getattr__(self, name):
        return getattr(sqlalchemy, name)

    @staticmethod
    def text(statement, *args, **kwargs):
        if statement == "BEGIN":
            statement = "BEGIN IMMEDIATE"
        return sqlalchemy.text(statement, *args, **kwargs)


engines.sqlalchemy = _ImmediateBegin()
