package dev.gridmint.store.sqlite;

import dev.gridmint.store.StoreException;
import java.nio.file.Path;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns driver and JDBI failures into {@link StoreException}s that name the file and keep the cause. */
final class SqliteErrors {

    private SqliteErrors() {}

    /**
     * A damaged or foreign file is reported as {@code CORRUPT}, because retrying will not help and the
     * operator has to look at the file; everything else (locks held too long, disk full, permissions) is
     * {@code IO}.
     */
    static StoreException translate(String action, Path file, Exception failure) {
        SQLiteException sqlite = sqliteCause(failure);
        String detail = sqlite != null ? sqlite.getMessage() : String.valueOf(failure.getMessage());
        if (sqlite != null && isDamaged(sqlite.getResultCode())) {
            return new StoreException(StoreException.Code.CORRUPT,
                    file + " is not a readable Gridmint ledger (" + action + " failed: " + detail + ")", failure);
        }
        return new StoreException(StoreException.Code.IO, "could not " + action + " " + file + ": " + detail, failure);
    }

    private static SQLiteException sqliteCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                return sqlite;
            }
        }
        return null;
    }

    private static boolean isDamaged(SQLiteErrorCode code) {
        // Extended result codes (SQLITE_CORRUPT_INDEX, ...) keep the primary code in the low byte.
        int primary = code.code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
    }
}
