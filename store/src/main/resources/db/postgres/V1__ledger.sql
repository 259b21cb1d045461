-- The ledger schema, version 1. Flyway runs it with search_path set to the store's schema, so names stay
-- unqualified. A released migration is never edited (Flyway checks its checksum); a change is a new V<n>__ file.

CREATE TABLE log (
    height     BIGINT PRIMARY KEY CHECK (height >= 1),
    tx         BYTEA  NOT NULL,
    state_root BYTEA  NOT NULL
);

-- A single-row table: the fixed slot makes "keep only the newest" a plain upsert.
CREATE TABLE snapshot (
    slot       SMALLINT PRIMARY KEY CHECK (slot = 1),
    height     BIGINT   NOT NULL CHECK (height >= 0),
    state      BYTEA    NOT NULL,
    state_root BYTEA    NOT NULL
);
