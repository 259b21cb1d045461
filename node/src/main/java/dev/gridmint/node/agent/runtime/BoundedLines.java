package dev.gridmint.node.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Splits a job's output into lines, cutting any line longer than the cap so a line without a break cannot exhaust memory. */
final class BoundedLines {

    static final int MAX_LINE_CHARS = 16 * 1024;
    static final String CUT_MARK = " [line cut]";

    private BoundedLines() {}

    static void forEach(InputStream in, Consumer<String> line) throws IOException {
        try (Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder current = new StringBuilder();
            boolean cut = false;
            int c;
            while ((c = reader.read()) != -1) {
                if (c == '\n') {
                    line.accept(current + (cut ? CUT_MARK : ""));
                    current.setLength(0);
                    cut = false;
                } else if (current.length() < MAX_LINE_CHARS) {
                    current.append((char) c);
                } else {
                    cut = true;
                }
            }
            if (!current.isEmpty() || cut) {
                line.accept(current + (cut ? CUT_MARK : ""));
            }
        }
    }
}
