package dev.gridmint.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.AgentMessage.LogEntry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogShipperTest {

    private static final String JOB = "ab".repeat(32);

    private static List<Long> seqs(List<AgentMessage.Logs> messages) {
        return messages.stream().flatMap(m -> m.lines().stream()).map(LogEntry::seq).toList();
    }

    @Test
    void linesAreNumberedSentOnceAndResentAfterAReconnectUntilAcknowledged() {
        var shipper = new LogShipper();
        shipper.open(JOB, 1, Set.of());
        shipper.line(JOB, 1, "stdout", "a");
        shipper.line(JOB, 1, "stderr", "b");
        assertThat(seqs(shipper.pending())).containsExactly(1L, 2L);
        assertThat(shipper.pending()).isEmpty();

        shipper.acked(JOB, 1, 1);
        shipper.line(JOB, 1, "stdout", "c");
        shipper.resendAll();
        assertThat(seqs(shipper.pending())).containsExactly(2L, 3L);

        shipper.finish(JOB, 1);
        shipper.line(JOB, 1, "stdout", "after the end");
        shipper.acked(JOB, 1, 3);
        assertThat(shipper.buffered()).isZero();
        shipper.resendAll();
        assertThat(shipper.pending()).isEmpty();
    }

    @Test
    void aJobsSecretsNeverLeaveTheMachine() {
        var shipper = new LogShipper();
        shipper.open(JOB, 1, Set.of("s3cr3t-token"));
        shipper.line(JOB, 1, "stdout", "using s3cr3t-token to log in");

        assertThat(shipper.pending().getFirst().lines().getFirst().text()).isEqualTo("using [secret] to log in");
    }

    @Test
    void aFullBufferCountsWhatItLosesAndSaysSo() {
        var shipper = new LogShipper();
        shipper.open(JOB, 1, Set.of());
        for (int i = 0; i < LogShipper.MAX_BUFFERED + 7; i++) {
            shipper.line(JOB, 1, "stdout", "line " + i);
        }
        var first = shipper.pending();
        assertThat(first).allSatisfy(m -> assertThat(m.lines()).hasSizeLessThanOrEqualTo(AgentMessage.Logs.MAX_LINES));
        shipper.acked(JOB, 1, LogShipper.MAX_BUFFERED);
        shipper.line(JOB, 1, "stdout", "back");

        assertThat(shipper.pending().getFirst().lines()).extracting(LogEntry::text)
                .containsExactly("[gridmint agent] 7 lines lost: the coordinator was out of reach", "back");
    }
}
