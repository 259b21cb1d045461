package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.node.acceptance.dsl.AgentSocket;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.logs.LogLimits;
import dev.gridmint.node.logs.LogLine;
import dev.gridmint.node.logs.LogPage;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.AgentMessage.LogEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job logs from a real agent's workload to a tenant's stream, and the coordinator's bounds on them. */
class LogsAcceptanceTest {

    @TempDir
    Path dir;

    @Test
    void aRunningJobsLinesArriveOverSseAndTheStreamEndsWithTheJob() throws Exception {
        try (var network = TestNetwork.start(dir)) {
            network.provider("p1").start(1 * CC);
            JobHandle job = network.tenant("alice").submitsTraining(400, 50);
            List<LogLine> streamed = new CopyOnWriteArrayList<>();
            var following = CompletableFuture.supplyAsync(() -> network.client().followLogs(job.id(), 0, streamed::add));

            job.awaitStatus("SETTLED", Duration.ofSeconds(60));
            long dropped = following.get(30, TimeUnit.SECONDS);

            assertThat(dropped).isZero();
            assertThat(streamed).extracting(LogLine::index).containsExactlyElementsOf(
                    LongStream.range(0, streamed.size()).boxed().toList());
            assertThat(streamed).anySatisfy(line -> {
                assertThat(line.stream()).isEqualTo("stdout");
                assertThat(line.text()).contains("\"event\":\"progress\"");
            });
            assertThat(streamed).anySatisfy(line -> {
                assertThat(line.stream()).isEqualTo("stderr");
                assertThat(line.text()).startsWith("train-names: done");
            });
            // The persisted history is what was streamed; a stream opened after the end replays it and ends.
            assertThat(network.client().jobLogs(job.id(), 0, 1_000).lines()).isEqualTo(streamed);
            List<LogLine> replayed = new ArrayList<>();
            network.client().followLogs(job.id(), 2, replayed::add);
            assertThat(replayed).isEqualTo(streamed.subList(2, streamed.size()));
            network.restartCoordinator();
            LogPage afterRestart = network.client().jobLogs(job.id(), 0, 1_000);
            assertThat(afterRestart.lines()).isEqualTo(streamed);
            assertThat(afterRestart.ended()).isTrue();
            // An unknown job's stream is a 404 before any event, not an empty stream.
            assertThatThrownBy(() -> network.client().followLogs(Hash.sha256(new byte[] {5}), 0, line -> { }))
                    .isInstanceOfSatisfying(CoordinatorClient.CoordinatorException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.code()).isEqualTo("UNKNOWN_JOB");
                    });
        }
    }

    @Test
    void aReconnectingAgentsResentLinesAreKeptOnceAndAFloodIsCutWithAMarker() throws Exception {
        try (var network = TestNetwork.builder().providerTimeout(Duration.ofMinutes(10)).start(dir)) {
            network.registerProvider("p-hand", new HardwareOffer(DeviceClass.CPU, "Test CPU", 1, 0, 4, 8_192, "test-region", 1 * CC));
            network.freezeTime();
            JobHandle job;
            String jobId;
            int burst = LogLimits.DEFAULT.linesPerSecond() * LogLimits.DEFAULT.burstSeconds();
            try (AgentSocket agent = network.agentSocket()) {
                agent.login(TestNetwork.key("p-hand"));
                job = network.tenant("alice").submitsTraining(200);
                jobId = agent.next(AgentMessage.Assign.class).jobId();
                agent.send(new AgentMessage.Logs(jobId, 1, lines(1, 3)));
                assertThat(agent.next(AgentMessage.LogAck.class).seq()).isEqualTo(3);
            }
            List<LogLine> streamed = new CopyOnWriteArrayList<>();
            var following = CompletableFuture.supplyAsync(() -> network.client().followLogs(job.id(), 0, streamed::add));
            try (AgentSocket agent = network.agentSocket()) {
                agent.login(TestNetwork.key("p-hand"));
                // After a reconnect the agent resends what it is unsure of: lines 1..5, of which 1..3 are known.
                agent.send(new AgentMessage.Logs(jobId, 1, lines(1, 5)));
                assertThat(agent.next(AgentMessage.LogAck.class).seq()).isEqualTo(5);
                assertThat(network.client().jobLogs(job.id(), 0, 100).lines()).extracting(LogLine::text)
                        .containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");

                // Ledger time is frozen, so the rate limit's buckets do not refill: a flood past the burst is dropped.
                for (long first = 6; first < 6 + 2L * burst; first += AgentMessage.Logs.MAX_LINES) {
                    agent.send(new AgentMessage.Logs(jobId, 1, lines(first, first + AgentMessage.Logs.MAX_LINES - 1)));
                    agent.next(AgentMessage.LogAck.class);
                }
                network.advanceTime(Duration.ofSeconds(1));
                long last = 6 + 2L * burst;
                agent.send(new AgentMessage.Logs(jobId, 1, lines(last, last)));
                assertThat(agent.next(AgentMessage.LogAck.class).seq()).isEqualTo(last);

                LogPage page = network.client().jobLogs(job.id(), burst, 100);
                assertThat(page.dropped()).isEqualTo(burst + 5);
                assertThat(page.lines()).extracting(LogLine::text).containsExactly(
                        "[gridmint] " + (burst + 5) + " lines dropped: over the job's rate limit of 200 lines/s and 65536 bytes/s",
                        "line " + last);

                // Lines for a job this provider does not hold are refused.
                agent.send(new AgentMessage.Logs(Hash.sha256(new byte[] {9}).hex(), 1, lines(1, 1)));
                assertThat(agent.next(AgentMessage.Error.class).code()).isEqualTo("LOGS_REFUSED");

                network.submit("p-hand", new CompleteJob(job.id(), 1, Hash.sha256(new byte[] {7})));
                assertThat(following.get(30, TimeUnit.SECONDS)).isEqualTo(burst + 5);
            }
            assertThat(streamed).extracting(LogLine::index).containsExactlyElementsOf(
                    LongStream.range(0, streamed.size()).boxed().toList());
            assertThat(streamed.getLast().text()).isEqualTo("line " + (6 + 2L * burst));
        }
    }

    private static List<LogEntry> lines(long first, long last) {
        return LongStream.rangeClosed(first, last).mapToObj(seq -> new LogEntry(seq, "stdout", "line " + seq)).toList();
    }
}
