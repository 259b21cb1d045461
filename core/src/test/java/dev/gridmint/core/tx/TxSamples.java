package dev.gridmint.core.tx;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.NetworkParams;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One or more payloads of every variant, with awkward values where they fit. */
final class TxSamples {

    static final Hash JOB = Hash.sha256("job".getBytes(StandardCharsets.UTF_8));
    static final Hash RESULT = Hash.sha256("result".getBytes(StandardCharsets.UTF_8));

    private TxSamples() {}

    static List<TxPayload> payloads() {
        var alice = TestKeys.of("alice").address();
        var bob = TestKeys.of("bob").address();
        var offer = new HardwareOffer(DeviceClass.GPU, "NVIDIA H100 80GB HBM3", 8, 81_559, 64, 1_048_576, "eu-west", 2_500_000);
        var cpuOffer = new HardwareOffer(DeviceClass.CPU, "AMD EPYC 7763 64-Core", 1, 0, 64, 262_144, "us-east", 1);
        var spec = new JobSpec("train-names", List.of("--epochs", "3", "ünïcode ✓", ""), 2, 3_600, 3_000_000);
        return List.of(
                new Genesis(alice, bob, NetworkParams.DEFAULTS, List.of(new Allocation(alice, 1), new Allocation(bob, Long.MAX_VALUE))),
                new Genesis(alice, alice, new NetworkParams(0, 1), List.of()),
                new Transfer(bob, 1),
                new Transfer(alice, Long.MAX_VALUE),
                new RegisterProvider(offer),
                new RegisterProvider(cpuOffer),
                new SubmitJob(spec, spec.worstCaseCost()),
                new SubmitJob(new JobSpec("x", List.of(), 1, 1, 1), 0),
                new AssignLease(JOB, bob),
                new ReleaseLease(JOB, 1, "heartbeat timeout"),
                new ReleaseLease(JOB, Integer.MAX_VALUE, ""),
                new UsageReceipt(JOB, 1, 90_000),
                new UsageReceipt(JOB, -1, 0),
                new CompleteJob(JOB, 2, RESULT),
                new SettleJob(JOB),
                new CancelJob(JOB));
    }
}
