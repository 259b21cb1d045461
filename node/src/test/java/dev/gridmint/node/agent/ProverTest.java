package dev.gridmint.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.node.agent.gpu.CudaLibraries;
import dev.gridmint.node.agent.gpu.FakeCudaLibrary;
import dev.gridmint.node.agent.hardware.GpuDevice;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.Proofs;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.verify.challenge.ChallengeVerdict;
import dev.gridmint.verify.challenge.ChallengeVerifier;
import dev.gridmint.verify.challenge.Precision;
import dev.gridmint.verify.challenge.ReplayGuard;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Which path the agent proves on, and that both answer what the checker accepts. The GPU path runs
 * against the TEST DOUBLE of the CUDA driver and cuBLAS ({@link FakeCudaLibrary}; not a GPU); the real
 * libraries are tried as an agent would try them, and on a machine without them the CPU path answers.
 */
class ProverTest {

    private static final Keypair CHECKER = TestKeys.of("checker");
    private static final Keypair PROVIDER = TestKeys.of("provider");
    private static final HardwareProbe.Hardware NVIDIA = gpu(GpuDevice.Vendor.NVIDIA);

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Prover.class);
    private Prover prover;

    @BeforeEach
    void captureTheLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
        if (prover != null) {
            prover.close();
        }
    }

    private static HardwareProbe.Hardware gpu(GpuDevice.Vendor vendor) {
        return new HardwareProbe.Hardware(true, "GPU", 1, 81_559, 16, 64_000, List.of("GPU-1"), "f", Optional.of(vendor));
    }

    private Prover prover(Cheat cheat, HardwareProbe.Hardware hardware, CudaLibraries libraries) {
        prover = new Prover(PROVIDER, cheat, hardware, libraries);
        return prover;
    }

    private static Challenge challenge(int n, long round) {
        return new Challenge(CHECKER.address(), PROVIDER.address(), Hash.sha256(new byte[] {(byte) round}), round, n, Precision.FP16,
                "H100-80GB", 60_000_000_000L);
    }

    private static ChallengeVerdict verdict(Challenge challenge, AgentMessage answer) {
        assertThat(answer).isInstanceOf(AgentMessage.ProofResponse.class);
        return new ChallengeVerifier(ChallengePolicy.DEFAULT, new ReplayGuard(16))
                .verify(challenge, Proofs.response((AgentMessage.ProofResponse) answer), 1_000_000);
    }

    private List<String> logged() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void withoutACudaDriverAnNvidiaAgentFallsBackToTheCpuAndLogsWhy() {
        assumeFalse(driverLoads(), "SKIPPED: this machine has a CUDA driver; the fallback is shown where there is none");

        Prover cpu = prover(Cheat.NONE, NVIDIA, CudaLibraries.locate());

        assertThat(cpu.path().gpu()).isEmpty();
        assertThat(cpu.path().reason()).startsWith("libcuda.so.1 could not be loaded");
        assertThat(logged()).containsExactly(
                "proof-of-GPU challenges run on the CPU (Java): " + cpu.path().reason());
        Challenge challenge = challenge(64, 1);
        assertThat(verdict(challenge, cpu.answer(Proofs.wire(challenge)))).isInstanceOf(ChallengeVerdict.Passed.class);
    }

    @Test
    void aCpuOrAnAmdMachineProvesOnTheCpuWithoutTryingCuda() {
        var cpuOnly = new HardwareProbe.Hardware(false, "EPYC", 1, 0, 16, 64_000, List.of(), "f", Optional.empty());
        CudaLibraries wouldWork = FakeCudaLibrary.libraries();

        assertThat(prover(Cheat.NONE, cpuOnly, wouldWork).path().reason()).isEqualTo("no GPU was found");
        assertThat(prover(Cheat.NONE, gpu(GpuDevice.Vendor.AMD), wouldWork).path())
                .satisfies(path -> assertThat(path.gpu()).isEmpty())
                .satisfies(path -> assertThat(path.reason()).isEqualTo("the GPUs are AMD's and the GPU path is CUDA only"));
    }

    @Test
    void onTheGpuPathTheCheckerAcceptsTheAnswerAndAWrongProductIsCaught() {
        Prover honest = prover(Cheat.NONE, NVIDIA, FakeCudaLibrary.libraries());
        assertThat(honest.path().gpu()).isPresent();
        assertThat(logged()).singleElement().asString().startsWith("proof-of-GPU challenges run on the GPU (CUDA): CUDA driver ");
        Challenge challenge = challenge(96, 2);
        assertThat(verdict(challenge, honest.answer(Proofs.wire(challenge)))).isInstanceOf(ChallengeVerdict.Passed.class);
        honest.close();

        Prover cheat = prover(Cheat.WRONG_PRODUCT, NVIDIA, FakeCudaLibrary.libraries());
        Challenge another = challenge(96, 3);
        assertThat(verdict(another, cheat.answer(Proofs.wire(another)))).isInstanceOf(ChallengeVerdict.WrongProduct.class);
    }

    @Test
    void eachPathRefusesWhatItCannotHoldWithAStableCode() {
        Prover gpu = prover(Cheat.NONE, NVIDIA, FakeCudaLibrary.libraries());
        // The fake device has 1 GiB; past the CPU path's limit, but the GPU path is bounded by memory instead.
        assertThat(gpu.answer(Proofs.wire(challenge(20_000, 4)))).isInstanceOfSatisfying(AgentMessage.ProofRefused.class, refused -> {
            assertThat(refused.code()).isEqualTo("CHALLENGE_TOO_LARGE");
            assertThat(refused.message()).contains("of GPU memory");
        });
        gpu.close();

        Prover cpu = prover(Cheat.NONE, gpu(GpuDevice.Vendor.AMD), CudaLibraries.locate());
        assertThat(cpu.answer(Proofs.wire(challenge(Prover.MAX_CPU_N + 1, 5)))).isInstanceOfSatisfying(AgentMessage.ProofRefused.class,
                refused -> assertThat(refused.code()).isEqualTo("CHALLENGE_TOO_LARGE"));
    }

    private static boolean driverLoads() {
        try {
            SymbolLookup.libraryLookup(CudaLibraries.DRIVER, Arena.ofAuto());
            return true;
        } catch (IllegalArgumentException absent) {
            return false;
        }
    }
}
