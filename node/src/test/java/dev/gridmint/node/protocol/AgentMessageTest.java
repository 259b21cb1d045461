package dev.gridmint.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class AgentMessageTest {

    private static final String JOB = "ab".repeat(32);

    static Stream<AgentMessage> everyKind() {
        return Stream.of(
                new AgentMessage.Challenge("gridmint-test", "00112233445566778899aabbccddeeff"),
                new AgentMessage.Hello("HvBd1gs72MuTq8AmYva2VmGYqihsNSs2Un3UGzX5Z2fd", "c2lnbmF0dXJl"),
                new AgentMessage.Welcome(2_000),
                new AgentMessage.HardwareReport("HvBd1gs72MuTq8AmYva2VmGYqihsNSs2Un3UGzX5Z2fd", List.of("GPU-852a5fba-444a-df42-b37f-5722051e2670"),
                        "ab".repeat(32), "c2lnbmF0dXJl"),
                new AgentMessage.Heartbeat(null),
                new AgentMessage.Heartbeat(JOB),
                new AgentMessage.Assign(JOB, 2, "train-names", List.of("--steps", "200"), 600),
                new AgentMessage.Assign(JOB, 3, "train-gpt", List.of("--checkpoint-every", "10"), 600,
                        List.of(new AgentMessage.CheckpointRef(20, "cd".repeat(32)), new AgentMessage.CheckpointRef(10, "ef".repeat(32)))),
                new AgentMessage.Assign(JOB, 4, "train-names", List.of(), 600, List.of(), 2, 3),
                new AgentMessage.Checkpoint(JOB, 2, 20, "cd".repeat(32)),
                new AgentMessage.Abort(JOB, 2, "provider lost"),
                new AgentMessage.Reclaim(JOB, 1, 1_800_000_300L),
                new AgentMessage.Progress(JOB, 1, 100, 200, 2.5, 2.4),
                new AgentMessage.Result(JOB, 1, "cd".repeat(32), 63_117, 2.26, 2.28, List.of("emma", "olivia")),
                new AgentMessage.Failed(JOB, 1, "out of memory"),
                new AgentMessage.ProofChallenge("HvBd1gs72MuTq8AmYva2VmGYqihsNSs2Un3UGzX5Z2fd", "HvBd1gs72MuTq8AmYva2VmGYqihsNSs2Un3UGzX5Z2fd",
                        JOB, 3, 793, "FP32", "CPU", 2_500_000_000L),
                new AgentMessage.ProofResponse(JOB, "HvBd1gs72MuTq8AmYva2VmGYqihsNSs2Un3UGzX5Z2fd", JOB, 1_000_000,
                        List.of(new AgentMessage.ProofOpening(7, "AACAPw==", List.of(JOB))), "c2lnbmF0dXJl"),
                new AgentMessage.ProofRefused(JOB, "CHALLENGE_TOO_LARGE", "beyond the CPU path"),
                new AgentMessage.Logs(JOB, 1, List.of(new AgentMessage.LogEntry(1, "stdout", "step 1"),
                        new AgentMessage.LogEntry(2, "stderr", "warning: ünïcode ✓"))),
                new AgentMessage.LogAck(JOB, 1, 2),
                new AgentMessage.ProxyRequest("s-1", JOB, 8080, "POST", "/v1/chat?x=1", Map.of("Accept", "text/event-stream"), "e30="),
                new AgentMessage.ProxyHead("s-1", 200, Map.of("Content-Type", "text/event-stream")),
                new AgentMessage.ProxyChunk("s-1", "ZGF0YTogMQoK"),
                new AgentMessage.ProxyEnd("s-1", null, null),
                new AgentMessage.ProxyEnd("s-2", "PORT_NOT_EXPOSED", "no port 8081"),
                new AgentMessage.ProxyCancel("s-1"),
                new AgentMessage.Error("BAD_SIGNATURE", "no"));
    }

    /** The type names are the wire protocol; every message kind must have one. */
    @Test
    void everyKindIsCovered() {
        assertThat(everyKind().map(Object::getClass).distinct())
                .containsExactlyInAnyOrder(AgentMessage.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void roundTrips(AgentMessage message) {
        String json = AgentMessage.encode(message);

        assertThat(AgentMessage.decode(json)).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void carriesItsTypeByName(AgentMessage message) {
        String expected = Character.toLowerCase(message.getClass().getSimpleName().charAt(0))
                + message.getClass().getSimpleName().substring(1);
        assertThat(AgentMessage.encode(message)).contains("\"type\":\"" + expected + "\"");
    }

    @Test
    void decodesTheWireFormat() {
        var decoded = AgentMessage.decode("{\"type\":\"assign\",\"jobId\":\"" + JOB + "\",\"attempt\":1,"
                + "\"workload\":\"train-names\",\"args\":[\"--steps\",\"5\"],\"maxSeconds\":60}");

        assertThat(decoded).isEqualTo(new AgentMessage.Assign(JOB, 1, "train-names", List.of("--steps", "5"), 60));
        // Without "resume" an assignment is a fresh start, as from a coordinator that predates checkpoints.
        assertThat(((AgentMessage.Assign) decoded).resume()).isEmpty();
        // Without a gang seat it is a plain job: seat 0 of 1, and no gang environment for the workload.
        assertThat(((AgentMessage.Assign) decoded).gangSize()).isEqualTo(1);
        assertThat(((AgentMessage.Assign) decoded).gangEnvironment()).isEmpty();
    }

    @Test
    void aGangMemberLearnsItsSeat() {
        var seat = new AgentMessage.Assign(JOB, 4, "train-names", List.of(), 600, List.of(), 2, 3);
        assertThat(seat.gangEnvironment()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("GRIDMINT_GANG_INDEX", "2", "GRIDMINT_GANG_SIZE", "3"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new AgentMessage.Assign(JOB, 4, "train-names", List.of(), 600, List.of(), 3, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"welcome\",\"heartbeatMillis\":1000,\"admin\":true}",
        "{\"type\":\"heartbeat\",\"runningJob\":null,\"extra\":1}",
    })
    void refusesUnknownFields(String json) {
        assertThatThrownBy(() -> AgentMessage.decode(json)).isInstanceOf(JacksonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"mint\",\"amount\":1}",
        "{\"type\":\"Welcome\",\"heartbeatMillis\":1000}",
        "{\"heartbeatMillis\":1000}",
        "{\"type\":null}",
        "{\"type\":42}",
    })
    void refusesUnknownOrMissingTypes(String json) {
        assertThatThrownBy(() -> AgentMessage.decode(json)).isInstanceOf(JacksonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "hello",
        "[]",
        "{\"type\":\"welcome\",\"heartbeatMillis\":1000} {\"type\":\"welcome\",\"heartbeatMillis\":1}",
        "{\"type\":\"welcome\",\"heartbeatMillis\":null}",
        "{\"type\":\"welcome\",\"heartbeatMillis\":\"soon\"}",
        "{\"type\":\"welcome\"",
    })
    void refusesWhatIsNotOneWellFormedMessage(String json) {
        assertThatThrownBy(() -> AgentMessage.decode(json)).isInstanceOf(JacksonException.class);
    }
}
