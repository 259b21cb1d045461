package dev.gridmint.node.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.DeltaMessage;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.worker.SessionInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The session's rounds in logical time, driven by hand: gathering, deadlines, quorum, reassignment, rejoining. */
class DilocoSessionTest {

    private static final int P = 40;
    private static final long ROUND_MILLIS = 1_000;

    private final List<TrainingEvent> events = new ArrayList<>();
    private final DilocoSession session = new DilocoSession(new DilocoSession.Settings("s", new SessionInfo(
            SessionInfo.Mode.DILOCO, "names-mlp", 1, 3, 2, Encoding.INT8), 4, 2,
            new DeltaCheck(1_000.0, 4.0, 1_000_000), ROUND_MILLIS, 5_000, keys()), new double[P], events::add, 0);

    private static Map<Integer, dev.gridmint.core.crypto.Address> keys() {
        SplittableRandom random = new SplittableRandom(1);
        return Map.of(0, Keypair.generate(random).address(), 1, Keypair.generate(random).address(),
                2, Keypair.generate(random).address());
    }

    private static byte[] delta(long round, int worker, int shard) {
        double[] values = new double[P];
        Arrays.fill(values, 0.01 * (worker + 1));
        return DeltaMessage.of(round, worker, shard, 64, Encoding.INT8, values).toBytes();
    }

    private Answer.Work work(int worker, long round, long now) {
        return (Answer.Work) session.checkin(worker, round, now);
    }

    private List<TrainingEvent.RoundClosed> closed() {
        return events.stream().filter(e -> e instanceof TrainingEvent.RoundClosed)
                .map(e -> (TrainingEvent.RoundClosed) e).toList();
    }

    @Test
    void roundZeroWaitsForEveryRegisteredWorker() {
        assertThat(session.checkin(0, 0, 0)).isInstanceOf(Answer.Wait.class);
        assertThat(session.checkin(1, 0, 10)).isInstanceOf(Answer.Wait.class);
        assertThat(session.checkin(2, 0, 20)).isEqualTo(new Answer.Work(0, 2, 0, session.thetaHash()));
        assertThat(work(0, 0, 30).shard()).isZero();
    }

    @Test
    void aMissingWorkerIsLeftOutAtTheDeadlineItsShardReassignedAndItRejoinsAtABoundary() {
        for (int w = 0; w < 3; w++) {
            session.checkin(w, 0, 0);
        }
        assertThat(session.upload(0, 0, delta(0, 0, work(0, 0, 1).shard()), 100)).isEmpty();
        assertThat(session.upload(1, 0, delta(0, 1, work(1, 0, 1).shard()), 200)).isEmpty();
        session.tick(ROUND_MILLIS); // the deadline itself still counts
        assertThat(session.round()).isZero();

        session.tick(ROUND_MILLIS + 1);

        assertThat(closed()).singleElement().satisfies(r -> {
            assertThat(r.applied()).isTrue();
            assertThat(r.accepted()).containsExactly(0, 1);
            assertThat(r.missing()).containsExactly(2);
        });
        assertThat(session.upload(2, 0, delta(0, 2, 2), 1_100)).get().extracting(Refusal::code)
                .isEqualTo("STALE_ROUND");
        // worker 2 is not waited for; shard 2, untrained, goes to worker 1
        assertThat(session.checkin(0, 1, 1_200)).isInstanceOf(Answer.Wait.class);
        Answer.Work second = work(1, 1, 1_200);
        Answer.Work first = work(0, 1, 1_200);
        assertThat(List.of(first.shard(), second.shard())).containsExactly(0, 2);
        // back during round 1, worker 2 waits for the next boundary
        assertThat(session.checkin(2, 0, 1_250)).isInstanceOf(Answer.Wait.class);
        assertThat(session.upload(0, 1, delta(1, 0, 0), 1_300)).isEmpty();
        assertThat(session.upload(1, 1, delta(1, 1, 2), 1_300)).isEmpty();
        // round 1 closed as soon as both members delivered; worker 2, ready since, is in round 2
        assertThat(closed()).hasSize(2);
        assertThat(session.checkin(0, 2, 1_400)).isInstanceOf(Answer.Wait.class);
        assertThat(work(1, 2, 1_400).round()).isEqualTo(2);
        assertThat(work(2, 0, 1_400).round()).isEqualTo(2);
    }

    @Test
    void belowQuorumTheRoundClosesWithoutMovingTheta() {
        for (int w = 0; w < 3; w++) {
            session.checkin(w, 0, 0);
        }
        String before = session.thetaHash();
        assertThat(session.upload(0, 0, delta(0, 0, work(0, 0, 1).shard()), 100)).isEmpty();

        session.tick(ROUND_MILLIS + 1);

        assertThat(closed()).singleElement().satisfies(r -> assertThat(r.applied()).isFalse());
        assertThat(session.thetaHash()).isEqualTo(before);
        assertThat(session.manifest(0)).isEmpty();
    }

    @Test
    void uploadsThatDoNotMatchTheirSignedRoundOrWorkerAreRefusedAndCountForNothing() {
        for (int w = 0; w < 3; w++) {
            session.checkin(w, 0, 0);
        }
        int shard = work(0, 0, 1).shard();
        assertThat(session.upload(0, 0, delta(0, 1, shard), 10)).get().extracting(Refusal::code)
                .isEqualTo("MISMATCH");
        assertThat(session.upload(0, 0, new byte[] {1, 2, 3}, 10)).get().extracting(Refusal::code)
                .isEqualTo("BAD_DELTA");
        assertThat(session.upload(0, 1, delta(1, 0, shard), 10)).get().extracting(Refusal::code)
                .isEqualTo("STALE_ROUND");
        assertThat(session.upload(0, 0, delta(0, 0, shard), 10)).isEmpty();
        assertThat(session.upload(0, 0, delta(0, 0, shard), 11)).get().extracting(Refusal::code)
                .isEqualTo("DUPLICATE");
        assertThat(session.traffic().up()).isEqualTo(delta(0, 0, shard).length);
    }

    @Test
    void aRejectedDeltaLeavesEvidenceWithTheInputsOfItsRound() {
        for (int w = 0; w < 3; w++) {
            session.checkin(w, 0, 0);
        }
        String theta = session.thetaHash();
        int shard = work(1, 0, 1).shard();
        double[] huge = new double[P];
        Arrays.fill(huge, 1e6);
        byte[] blownUp = DeltaMessage.of(0, 1, shard, 64, Encoding.INT8, huge).toBytes();
        assertThat(session.upload(0, 0, delta(0, 0, work(0, 0, 1).shard()), 100)).isEmpty();
        assertThat(session.upload(1, 0, blownUp, 150)).isEmpty();
        assertThat(session.upload(2, 0, delta(0, 2, work(2, 0, 1).shard()), 200)).isEmpty();

        assertThat(session.evidence()).singleElement().satisfies(e -> {
            assertThat(e.worker()).isEqualTo(1);
            assertThat(e.provider()).isEqualTo(session.workers().get(1).toString());
            assertThat(e.code()).isEqualTo("norm_above_cap");
            assertThat(e.round()).isZero();
            assertThat(e.shard()).isEqualTo(shard);
            assertThat(e.thetaHash()).isEqualTo(theta);
            assertThat(e.deltaSha256()).isEqualTo(dev.gridmint.workloads.train.ParameterVector.sha256Hex(blownUp));
            assertThat(java.util.Base64.getDecoder().decode(e.delta())).isEqualTo(blownUp);
        });
    }
}
