package dev.gridmint.cli.output;

import dev.gridmint.node.json.Json;
import java.io.PrintStream;

/** Machine output: one JSON document on one line, for {@code --json}. */
public final class JsonOut {

    private JsonOut() {}

    public static void print(PrintStream out, Object value) {
        out.println(Json.write(value));
        out.flush();
    }
}
