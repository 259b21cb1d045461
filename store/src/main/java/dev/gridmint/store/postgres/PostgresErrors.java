package dev.gridmint.store.postgres;

import dev.gridmint.store.StoreException;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;

/** Turns driver, pool, JDBI and Flyway failures into {@link StoreException}s that name the location and keep the cause. */
final class PostgresErrors {

    private PostgresErrors() {}

    /**
     * Damaged data, and a schema that is missing its tables or is not a Gridmint ledger, are {@code CORRUPT}:
     * retrying will not help and an operator has to look. Everything else (the server is down, a lock wait timed
     * out, the disk is full, a permission is missing) is {@code IO}, which a caller may retry.
     */
    static StoreException translate(String action, PostgresUrl url, Exception failure) {
        SQLException sql = sqlCause(failure);
        String detail = sql != null ? sql.getMessage() : String.valueOf(failure.getMessage());
        if (sql != null && isDamaged(sql.getSQLState())) {
            return new StoreException(StoreException.Code.CORRUPT, url.display() + " schema " + url.schema()
                    + " is not a usable Gridmint ledger (" + action + " failed: " + detail + ")", failure);
        }
        if (sql == null && failure instanceof FlywayException) {
            // Flyway's own checks (a non-empty schema without history, a changed migration) mean foreign or
            // tampered tables, not an outage; its connection failures carry an SQLException and land above.
            return new StoreException(StoreException.Code.CORRUPT, url.display() + " schema " + url.schema()
                    + " is not a usable Gridmint ledger (" + action + " failed: " + detail + ")", failure);
        }
        return new StoreException(StoreException.Code.IO,
                "could not " + action + " " + url.display() + " schema " + url.schema() + ": " + detail, failure);
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static boolean isDamaged(String state) {
        if (state == null) {
            return false;
        }
        return state.equals("XX001") // data_corrupted
                || state.equals("XX002") // index_corrupted
                || state.equals("42P01") // undefined_table: someone dropped or renamed our tables
                || state.equals("42703"); // undefined_column: the tables are not the shape our migrations made
    }
}
