package dev.gridmint.node.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.protocol.AgentMessage.LogEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogBookTest {

    private static final Hash JOB = Hash.sha256(new byte[] {1});
    private static final LogLimits SMALL = new LogLimits(10, 1_000, 1, 4, 8, 20);

    @TempDir
    Path dir;

    private final AtomicLong millis = new AtomicLong(1_800_000_000_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());

    private LogBook book(boolean ended) {
        return new LogBook(dir, SMALL, clock, job -> ended);
    }

    private LogBook roomy() {
        return new LogBook(dir, new LogLimits(10, 1_000, 1, 100, 100, 20), clock, job -> false);
    }

    private static List<LogEntry> lines(long first, long last) {
        return LongStream.rangeClosed(first, last).mapToObj(seq -> new LogEntry(seq, "stdout", "l" + seq)).toList();
    }

    private static List<String> texts(LogPage page) {
        return page.lines().stream().map(LogLine::text).toList();
    }

    @Test
    void resentLinesAreKeptOnceAndEachAttemptCountsOnItsOwn() {
        var book = book(false);
        assertThat(book.append(JOB, 1, lines(1, 3))).isEqualTo(3);
        assertThat(book.append(JOB, 1, lines(2, 4))).isEqualTo(4);
        assertThat(book.append(JOB, 2, lines(1, 1))).isEqualTo(1);

        assertThat(book.page(JOB, 0, 100).lines()).extracting(LogLine::attempt, LogLine::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1L), org.assertj.core.groups.Tuple.tuple(1, 2L),
                        org.assertj.core.groups.Tuple.tuple(1, 3L), org.assertj.core.groups.Tuple.tuple(1, 4L),
                        org.assertj.core.groups.Tuple.tuple(2, 1L));
    }

    @Test
    void theRateLimitDropsAndAMarkerSaysHowManyOnceTimeRefills() {
        var book = roomy();
        // A burst of one second: 10 lines; the other 5 are dropped.
        book.append(JOB, 1, lines(1, 15));
        millis.addAndGet(1_000);
        book.append(JOB, 1, lines(16, 16));

        LogPage page = book.page(JOB, 0, 100);
        assertThat(page.dropped()).isEqualTo(5);
        assertThat(texts(page)).startsWith("l1", "l2").contains("l10")
                .containsSubsequence("l10", "[gridmint] 5 lines dropped: over the job's rate limit of 10 lines/s and 1000 bytes/s", "l16");
        assertThat(texts(page)).doesNotContain("l11", "l15");
    }

    @Test
    void longLinesAreCutAndTheHistoryIsCappedWithAMarkerButStaysLive() {
        var book = book(false);
        List<LogLine> live = new ArrayList<>();
        book.subscribe(JOB, 0, listener(live, new AtomicLong(-1)));
        book.append(JOB, 1, List.of(new LogEntry(1, "stderr", "x".repeat(50))));
        for (long seq = 2; seq <= 10; seq++) {
            millis.addAndGet(1_000);
            book.append(JOB, 1, lines(seq, seq));
        }

        LogPage page = book.page(JOB, 0, 100);
        assertThat(page.lines().getFirst().text()).isEqualTo("x".repeat(20) + "…");
        // 7 lines are kept, the 8th slot says the history is full; the rest are only in memory (the last 4).
        assertThat(texts(page).get(7)).startsWith("[gridmint] the history is full at 8 lines");
        assertThat(live).hasSize(10);
        assertThat(page.dropped()).isEqualTo(3);
        assertThat(book(false).page(JOB, 0, 100).lines()).hasSize(8);
    }

    @Test
    void aReaderGetsTheHistoryThenLiveLinesThenTheEndAndTheHistorySurvivesAReload() {
        var book = book(false);
        book.append(JOB, 1, lines(1, 2));
        List<LogLine> seen = new ArrayList<>();
        var ended = new AtomicLong(-1);
        book.subscribe(JOB, 1, listener(seen, ended));
        book.append(JOB, 1, lines(3, 3));
        book.end(JOB);
        book.append(JOB, 1, lines(4, 4));

        assertThat(seen).extracting(LogLine::text).containsExactly("l2", "l3");
        assertThat(ended).hasValue(0);

        List<LogLine> later = new ArrayList<>();
        var endedLater = new AtomicLong(-1);
        var reloaded = book(true);
        reloaded.subscribe(JOB, 0, listener(later, endedLater));
        assertThat(later).extracting(LogLine::text).containsExactly("l1", "l2", "l3", "l4");
        assertThat(endedLater).hasValue(0);
        assertThat(reloaded.page(JOB, 0, 10).ended()).isTrue();
        // Numbers already kept are still known after the reload: a resend adds nothing.
        reloaded.append(JOB, 1, lines(1, 4));
        assertThat(reloaded.page(JOB, 0, 10).lines()).hasSize(4);
    }

    private static LogListener listener(List<LogLine> lines, AtomicLong ended) {
        return new LogListener() {
            @Override
            public void line(LogLine line) {
                lines.add(line);
            }

            @Override
            public void end(long dropped) {
                ended.set(dropped);
            }
        };
    }
}
