package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLinesTest {

    private static List<String> lines(String text) throws Exception {
        List<String> out = new ArrayList<>();
        BoundedLines.forEach(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), out::add);
        return out;
    }

    @Test
    void splitsOnLineBreaksAndKeepsALastLineWithoutOne() throws Exception {
        assertThat(lines("a\nb\n\nc")).containsExactly("a", "b", "", "c");
    }

    @Test
    void cutsALineLongerThanTheCapAndMarksIt() throws Exception {
        String longLine = "x".repeat(BoundedLines.MAX_LINE_CHARS + 10);

        assertThat(lines(longLine + "\nnext\n")).containsExactly(
                "x".repeat(BoundedLines.MAX_LINE_CHARS) + BoundedLines.CUT_MARK, "next");
    }
}
