package dev.gridmint.node.training;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.workloads.diloco.Traffic;
import dev.gridmint.workloads.worker.SessionInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One training run on the round service: DiLoCo rounds ({@link DilocoSession}) or the data-parallel baseline
 * ({@link DdpSession}). Requests reach it already authenticated (the worker's registered key signed them);
 * times are the coordinator's clock in milliseconds, passed in. Thread-safe.
 */
public sealed interface TrainingSession permits DilocoSession, DdpSession {

    String id();

    SessionInfo info();

    /** Rounds (DiLoCo) or optimizer steps (data-parallel) the session runs. */
    int rounds();

    /** The registered workers and the public keys that must sign their requests. */
    Map<Integer, Address> workers();

    /** What worker {@code worker}, ready for round {@code round} or later, should do now. */
    Answer checkin(int worker, long round, long now);

    /** A Δ (or gradient) upload, already authenticated for this worker and round; empty when taken. */
    Optional<Refusal> upload(int worker, long round, byte[] body, long now);

    /** The canonical bytes of the update applied when {@code round} closed, if it was applied. */
    Optional<byte[]> update(long round);

    /** The canonical bytes of the full current θ, for joiners; empty where workers cannot join. */
    Optional<byte[]> theta();

    /** The canonical bytes of the manifest of {@code round}, if the session writes one and it was applied. */
    Optional<byte[]> manifest(long round);

    /** Lets the coordinator's clock close rounds whose deadline passed. */
    void tick(long now);

    /** The largest upload this session takes, in bytes. */
    int maxUploadBytes();

    boolean done();

    /** The θ hash now. */
    String thetaHash();

    /** A copy of θ now. */
    double[] thetaValues();

    Traffic traffic();

    List<TrainingEvent.DeltaRejected> rejections();

    /** The rejected Δs as evidence a checker can judge and recompute (DiLoCo); none for modes without Δ checks. */
    default List<DeltaEvidence> evidence() {
        return List.of();
    }

    ChangeSignal signal();
}
