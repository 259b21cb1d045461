package dev.gridmint.store.postgres;

import dev.gridmint.store.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * Where a PostgreSQL ledger lives: the JDBC URL for the driver, the credentials and the schema. The password is
 * kept out of {@link #display()} and {@link #toString()}, so error messages and logs can name the location.
 *
 * @param jdbcUrl the driver URL, without credentials taken from a {@code postgres://} URL
 * @param user the role, or null to let the driver decide (a {@code user=} in a JDBC URL, or the OS user)
 * @param password the password, or null
 * @param schema the schema that holds the ledger's tables
 * @param display the location without password, for messages
 */
record PostgresUrl(String jdbcUrl, String user, String password, String schema, String display) {

    /** The schema used when the URL names none: a dedicated one, so the ledger never mixes with other tables. */
    static final String DEFAULT_SCHEMA = "gridmint";

    private static final String JDBC_PREFIX = "jdbc:postgresql:";

    /**
     * A plain, lower-case identifier: it is spliced into SQL (CREATE SCHEMA, search_path), where it cannot be
     * bound as a parameter, and lower case avoids PostgreSQL's case folding surprises.
     */
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Whether {@code location} is meant for this backend; it may still turn out to be malformed. */
    static boolean isPostgres(String location) {
        return location.startsWith("postgres://") || location.startsWith("postgresql://")
                || location.startsWith(JDBC_PREFIX);
    }

    static PostgresUrl parse(String location) {
        if (location.startsWith(JDBC_PREFIX)) {
            return parseJdbc(location);
        }
        if (location.startsWith("postgres://") || location.startsWith("postgresql://")) {
            return parseUri(location);
        }
        throw malformed(location, "expected postgres://user@host:port/database?schema=name or jdbc:postgresql://...");
    }

    private static PostgresUrl parseUri(String location) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw malformed(redact(location), e.getReason()); // getMessage() would repeat the password
        }
        String display = redact(location);
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw malformed(display, "no host");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw malformed(display, "expected exactly one database name after the host, as in /ledger");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length == 2 ? decode(parts[1]) : null;
        }
        String schema = DEFAULT_SCHEMA;
        List<String> driverParameters = new ArrayList<>();
        for (String parameter : splitQuery(uri.getRawQuery())) {
            if (parameter.startsWith("schema=")) {
                schema = decode(parameter.substring("schema=".length()));
            } else {
                // Anything else (sslmode, connectTimeout, ...) is the driver's business.
                driverParameters.add(parameter);
            }
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String host = uri.getHost();
        String jdbcUrl = JDBC_PREFIX + "//" + host + ":" + port + path
                + (driverParameters.isEmpty() ? "" : "?" + String.join("&", driverParameters));
        return new PostgresUrl(jdbcUrl, user, password, checkSchema(schema, display), display);
    }

    private static PostgresUrl parseJdbc(String location) {
        String display = redact(location);
        // The driver's own parser, so that we accept exactly what it will accept; it returns null when malformed.
        Properties parsed = Driver.parseURL(location, new Properties());
        if (parsed == null) {
            throw malformed(display, "the PostgreSQL driver cannot parse it");
        }
        String schema = parsed.getProperty("schema", parsed.getProperty("currentSchema", DEFAULT_SCHEMA));
        return new PostgresUrl(location, null, null, checkSchema(schema, display), display);
    }

    private static String checkSchema(String schema, String display) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw malformed(display, "schema '" + schema
                    + "' must be 1 to 63 lower-case letters, digits or underscores, not starting with a digit");
        }
        return schema;
    }

    private static List<String> splitQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        return List.of(rawQuery.split("&"));
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    /** Replaces a password in user info or in a {@code password=} parameter, so messages never leak it. */
    static String redact(String location) {
        return location.replaceFirst("^([a-z:]+//[^/@:]*):[^/@]*@", "$1:***@")
                .replaceAll("([?&]password=)[^&]*", "$1***");
    }

    private static StoreException malformed(String display, String why) {
        return new StoreException(StoreException.Code.IO, "malformed PostgreSQL location '" + display + "': " + why);
    }

    @Override
    public String toString() {
        return display;
    }
}
