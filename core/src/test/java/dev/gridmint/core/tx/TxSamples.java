package dev.gridmint.core.tx;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.Slashing.Offence;
import dev.gridmint.core.economics.Slashing.SlashTerms;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.GovernanceParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.OracleParams;
import dev.gridmint.core.params.StakingParams;
import dev.gridmint.core.params.TokenParams;
import dev.gridmint.core.params.VerificationParams;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.TxPayload.*;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** One or more payloads of every variant, with awkward values where they fit. */
final class TxSamples {

    static final Hash JOB = Hash.sha256("job".getBytes(StandardCharsets.UTF_8));
    static final Hash RESULT = Hash.sha256("result".getBytes(StandardCharsets.UTF_8));

    private TxSamples() {}

    /** Parameters where every field differs from the defaults, so a codec that swaps two fields is caught. */
    static NetworkParams oddParams() {
        var alice = TestKeys.of("alice").address();
        var bob = TestKeys.of("bob").address();
        var carol = TestKeys.of("carol").address();
        return new NetworkParams(7,
                new TokenParams(123_456_789_000L, 3_001, 1_499),
                new CreditParams(31, 499, 9_501, 8_999, 3_601),
                new OracleParams(List.of(bob, alice), 2, 601, 149),
                new EmissionParams(3_600, 3_999, 6_001, 2, 11, 5, 7_999, 101),
                new StakingParams(17, 19, 23, 401, 29),
                new SlashTerms(2_141, 5_001, 3_334, 9_999, 21, 71, 2_501),
                new GovernanceParams(List.of(carol, alice, bob), 2, 61),
                new VerificationParams(4_999, 2_001, 199, 301, 699, 4, 1_001));
    }

    static List<TxPayload> payloads() {
        var alice = TestKeys.of("alice").address();
        var bob = TestKeys.of("bob").address();
        var offer = new HardwareOffer(DeviceClass.GPU, "NVIDIA H100 80GB HBM3", 8, 81_559, 64, 1_048_576, "eu-west", 2_500_000);
        var cpuOffer = new HardwareOffer(DeviceClass.CPU, "AMD EPYC 7763 64-Core", 1, 0, 64, 262_144, "us-east", 1);
        var spec = new JobSpec("train-names", List.of("--epochs", "3", "ünïcode ✓", ""), 2, 3_600, 3_000_000);
        var defaults = NetworkParams.defaults(List.of(alice), List.of());
        return List.of(
                new Genesis(alice, bob, NetworkParams.defaults(List.of(alice, bob), List.of(bob)), 1_700_000_000L,
                        List.of(Allocation.liquid(alice, 1), new Allocation(bob, Long.MAX_VALUE, 10, 20))),
                new Genesis(alice, alice, oddParams(), 0, List.of()),
                new Transfer(bob, 1),
                new Transfer(alice, Long.MAX_VALUE),
                new RegisterProvider(offer),
                new RegisterProvider(cpuOffer),
                new SubmitJob(spec, spec.worstCaseCost()),
                new SubmitJob(new JobSpec("x", List.of(), 1, 1, 1), 0),
                new AssignLease(JOB, bob),
                new ReleaseLease(JOB, 1, "heartbeat timeout", 1_700_000_123L),
                new ReleaseLease(JOB, Integer.MAX_VALUE, "", 0),
                new UsageReceipt(JOB, 1, 90_000),
                new UsageReceipt(JOB, -1, 0),
                new CompleteJob(JOB, 2, RESULT),
                new SettleJob(JOB),
                new CancelJob(JOB),
                new Tick(1_700_000_000L),
                new Tick(Long.MAX_VALUE),
                new ReportPrice(250_000, 1_700_000_000L),
                new ReportPrice(1, 0),
                new MintCredits(5_000_000, Long.MAX_VALUE),
                new MintCredits(0, 0),
                new RefundCredits(1_000_000, 1),
                new RefundCredits(Long.MAX_VALUE, 0),
                new ClaimVested(),
                new BondProviderStake(1_000_000_000L),
                new BondProviderStake(0),
                new RegisterChecker(),
                new Delegate(alice, 10_000_000_000L),
                new Delegate(bob, 1),
                new Unbond(Optional.empty(), 5),
                new Unbond(Optional.of(bob), Long.MAX_VALUE),
                new Withdraw(JOB),
                new ClaimRewards(List.of()),
                new ClaimRewards(List.of(alice, bob)),
                new TopUpEscrow(JOB, 1),
                new TopUpEscrow(RESULT, Long.MAX_VALUE),
                new CloseEpoch(0),
                new CloseEpoch(Long.MAX_VALUE),
                new Slash(bob, Offence.FRAUD, alice, RESULT),
                new Slash(alice, Offence.DECLARED_OUTAGE, alice, JOB),
                new Slash(bob, Offence.EARLY_EXIT, bob, JOB),
                new ProposeParams(defaults),
                new ProposeParams(oddParams()),
                new ApproveProposal(JOB),
                new OpenPartnerPool("CARV", 1, 3_600),
                new OpenPartnerPool("A1B2C3D4E5F6", Long.MAX_VALUE, 0),
                new TransferPartnerToken("CARV", bob, 5),
                new TransferPartnerToken("ZZ", alice, 0),
                new SubmitJob(new JobSpec("x", List.of(), 1, 1, 1, new dev.gridmint.core.state.JobRequirements(
                        List.of("H100-80GB"), 0, List.of("eu-west"), List.of("us-east"), true, 60)), 0),
                new AcceptBid(Hash.sha256(new byte[] {9}), bob),
                new SubmitVerdict(bob, 0, VerdictKind.CHALLENGE, 0, RESULT),
                new SubmitVerdict(alice, Long.MAX_VALUE, VerdictKind.LIVENESS, 1_000, JOB),
                new PlaceBid(JOB, 1),
                new PlaceBid(Hash.sha256(new byte[] {9}), Long.MAX_VALUE),
                new AwardBid(JOB, alice, 2_500_000),
                new SubmitJob(new JobSpec("x", List.of(), 1, 1, 1, new dev.gridmint.core.state.JobRequirements(
                        List.of(), 0, List.of(), List.of(), false, 0, 80, 700)), 0),
                new SubmitJob(new JobSpec("x", List.of("--steps", "5"), 2, 60, 1).withNodes(JobSpec.MAX_NODES), 1),
                new AssignGang(JOB, List.of(new Seat(0, alice), new Seat(JobSpec.MAX_NODES - 1, bob))),
                new TxPayload.SettleInference(1, List.of(new TxPayload.InferenceCharge(alice, bob, "gridmint-names", 12, 340, 704),
                        new TxPayload.InferenceCharge(bob, alice, "m", 0, 0, Long.MAX_VALUE))));
    }

    /** The type tag of each sample above, in order: part of the log format. */
    static final List<Integer> TAGS = List.of(1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 6, 7, 7, 8, 9, 10, 11, 11, 12, 12, 13, 13,
            14, 14, 15, 16, 16, 17, 18, 18, 19, 19, 20, 21, 21, 22, 22, 23, 23, 24, 24, 24, 25, 25, 26, 27, 27, 28, 28, 29, 30,
            31, 31, 36, 36, 37, 38, 39, 40, 41);
}
