package dev.gridmint.node.agent;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.agent.gpu.CudaException;
import dev.gridmint.node.agent.gpu.CudaLibraries;
import dev.gridmint.node.agent.gpu.GpuChallengeSolver;
import dev.gridmint.node.agent.hardware.GpuDevice;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.Proofs;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengeMatrices;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.verify.challenge.ChallengeResponse;
import dev.gridmint.verify.challenge.ChallengeSolver;
import dev.gridmint.verify.challenge.MatMul;
import dev.gridmint.verify.challenge.Precision;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of proof-of-GPU: solves a relayed challenge and answers with the signed response,
 * or refuses with a stable code. On an NVIDIA GPU whose driver and cuBLAS load, {@link GpuChallengeSolver}
 * computes it on the GPU; anywhere else verify's {@link ChallengeSolver} computes it in Java on the CPU,
 * which is right for a CPU provider and too slow for a GPU-sized challenge (see docs/verification.md).
 * Which path, and why, is logged once at start. One challenge runs at a time, as it would on one
 * device: concurrent challenges would slow each other down and all miss their deadlines.
 */
final class Prover implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Prover.class);

    /**
     * The largest product the CPU path takes on: 200 MB for A, B and C and about 10^11 flops, tens
     * of seconds in Java. Larger challenges are sized for a GPU; computing one would only burn the
     * host's CPU for hours and miss the deadline anyway, so the agent says so at once. The GPU path
     * is bounded by its device's memory instead.
     */
    static final int MAX_CPU_N = 4_096;
    private static final int WARM_UP_N = 256;

    /**
     * Where challenges are computed: on the GPU when {@code gpu} is present, else on the CPU.
     *
     * @param reason what was found, for the log: the libraries in use, or why the GPU path is not
     */
    record ProofPath(Optional<GpuChallengeSolver> gpu, String reason) {

        static ProofPath choose(HardwareProbe.Hardware hardware, CudaLibraries libraries, Keypair key) {
            if (hardware.gpuVendor().isEmpty()) {
                return new ProofPath(Optional.empty(), "no GPU was found");
            }
            if (hardware.gpuVendor().get() != GpuDevice.Vendor.NVIDIA) {
                return new ProofPath(Optional.empty(), "the GPUs are " + hardware.gpuVendor().get() + "'s and the GPU path is CUDA only");
            }
            return switch (GpuChallengeSolver.open(libraries, key, ChallengePolicy.DEFAULT, System::nanoTime)) {
                case GpuChallengeSolver.Availability.Ready ready -> new ProofPath(Optional.of(ready.solver()), ready.description());
                case GpuChallengeSolver.Availability.Unavailable unavailable -> new ProofPath(Optional.empty(), unavailable.reason());
            };
        }

        String describe() {
            return "proof-of-GPU challenges run on the " + (gpu.isPresent() ? "GPU (CUDA)" : "CPU (Java)") + ": " + reason;
        }
    }

    private final Keypair key;
    private final Cheat cheat;
    private final ChallengeSolver cpu;
    private final ProofPath path;

    Prover(Keypair key, Cheat cheat, HardwareProbe.Hardware hardware, CudaLibraries libraries) {
        this.key = key;
        this.cheat = cheat;
        this.cpu = new ChallengeSolver(key, System::nanoTime, ChallengePolicy.DEFAULT);
        this.path = ProofPath.choose(hardware, libraries, key);
        LOG.info(path.describe());
    }

    ProofPath path() {
        return path;
    }

    /**
     * Solves a small challenge once before the first checker's clock runs: in a fresh JVM the first
     * CPU product is interpreted and several times slower, and on a GPU cuBLAS loads its kernels on
     * first use of each input type (the PTX was already compiled when the solver opened).
     */
    void warmUp() {
        for (Precision precision : path.gpu().isPresent() ? Precision.values() : new Precision[] {Precision.FP32}) {
            Challenge warmUp = new Challenge(key.address(), key.address(), Hash.sha256(new byte[0]), 0, WARM_UP_N, precision, "warm-up",
                    Long.MAX_VALUE);
            try {
                solve(warmUp, false);
            } catch (CudaException e) {
                // The agent still serves jobs; each challenge will be refused with GPU_FAILED and this reason.
                LOG.warn("the GPU failed its warm-up challenge: {}", e.getMessage());
                return;
            }
        }
    }

    synchronized AgentMessage answer(AgentMessage.ProofChallenge wire) {
        Challenge challenge;
        try {
            challenge = Proofs.challenge(wire);
        } catch (IllegalArgumentException e) {
            // Without a valid challenge there is no id to answer to: the coordinator validated it, so this is a bug there.
            return new AgentMessage.Error("BAD_CHALLENGE", "not a valid challenge: " + e.getMessage());
        }
        String id = challenge.id().hex();
        if (!challenge.provider().equals(key.address())) {
            return new AgentMessage.ProofRefused(id, "FOREIGN_CHALLENGE",
                    "the challenge is addressed to " + challenge.provider() + ", not " + key.address());
        }
        Optional<String> tooLarge = path.gpu().map(gpu -> gpu.tooLarge(challenge)).orElseGet(() -> tooLargeForCpu(challenge));
        if (tooLarge.isPresent()) {
            return new AgentMessage.ProofRefused(id, "CHALLENGE_TOO_LARGE", tooLarge.get());
        }
        try {
            return Proofs.wire(solve(challenge, cheat == Cheat.WRONG_PRODUCT));
        } catch (CudaException e) {
            return new AgentMessage.ProofRefused(id, "GPU_FAILED", e.getMessage());
        }
    }

    @Override
    public void close() {
        path.gpu().ifPresent(GpuChallengeSolver::close);
    }

    private ChallengeResponse solve(Challenge challenge, boolean wrongProduct) {
        if (path.gpu().isPresent()) {
            return path.gpu().get().solve(challenge, wrongProduct);
        }
        return wrongProduct ? corrupted(challenge) : cpu.solve(challenge);
    }

    private static Optional<String> tooLargeForCpu(Challenge challenge) {
        if (challenge.n() <= MAX_CPU_N) {
            return Optional.empty();
        }
        return Optional.of("a " + challenge.n() + "x" + challenge.n() + " product is beyond this agent's CPU path (at most " + MAX_CPU_N + ")");
    }

    /** TEST ONLY ({@link Cheat#WRONG_PRODUCT}): the true product with every element off by one, committed and signed as if right. */
    private ChallengeResponse corrupted(Challenge challenge) {
        long start = System.nanoTime();
        ChallengeMatrices matrices = ChallengeMatrices.of(challenge);
        float[] product = MatMul.multiply(matrices.a(), matrices.b(), challenge.n());
        for (int i = 0; i < product.length; i++) {
            product[i] += 1;
        }
        return cpu.respond(challenge, product, System.nanoTime() - start);
    }
}
