package dev.gridmint.workloads;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Strict parsing of a workload's {@code --name value} / {@code --name=value} options. */
final class CommandLine {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private CommandLine() {
    }

    /**
     * The options after the workload name ({@code args[0]}), in order: every argument must be an option, each
     * option at most once, and each needs a value.
     */
    static Map<String, String> options(String[] args) throws UsageException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq >= 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg;
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + name + " needs a value");
                }
                value = args[++i];
            }
            if (options.putIfAbsent(name, value) != null) {
                throw new UsageException("option " + name + " given twice");
            }
        }
        return options;
    }

    static long parseLong(String name, String value) throws UsageException {
        if (!INTEGER.matcher(value).matches()) {
            throw new UsageException(name + " expects an integer, got '" + value + "'");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " is out of range: '" + value + "'");
        }
    }

    static int parseInt(String name, String value) throws UsageException {
        if (!INTEGER.matcher(value).matches()) {
            throw new UsageException(name + " expects an integer, got '" + value + "'");
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " is out of range: '" + value + "'");
        }
    }

    static double parseDouble(String name, String value) throws UsageException {
        if (!DECIMAL.matcher(value).matches()) {
            throw new UsageException(name + " expects a decimal number, got '" + value + "'");
        }
        return Double.parseDouble(value);
    }

    static Path parsePath(String name, String value) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException(name + " expects a path, got an empty string");
        }
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageException(name + " is not a valid path: " + e.getMessage());
        }
    }
}
