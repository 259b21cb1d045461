/**
 * The PostgreSQL {@link dev.gridmint.store.LedgerStore}, for deployments that run the database as a service:
 * replication and backups by the database's own tools, several coordinators on one shared log, analytics with SQL.
 * The tables live in one schema per ledger and are created and upgraded by Flyway from the SQL files under
 * {@code db/postgres/} on the class path. It passes the same contract test suite as the embedded SQLite store.
 */
package dev.gridmint.store.postgres;
