package dev.gridmint.core.tx;

import static dev.gridmint.core.testing.LedgerFixture.ALICE;
import static dev.gridmint.core.testing.LedgerFixture.CC;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.StateCodec;
import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A log written before jobs could ask for TFLOPS or reputation minimums: its bytes, the state it
 * replays to and that state's snapshot are pinned to what the code before them produced (commit
 * 9f39137), so a change to an existing encoding or rule shows here as a different hash.
 */
class LegacyLogTest {

    private static final String LOG_HASH = "360e5a04e469bb40b54198c0f9672a5dac6f8f18a6ccd569f7af377283914a66";
    private static final String STATE_ROOT = "4cc373054f1f2e13130e953e15025af45e10df39ad6f7fd4d456186a4773791a";
    private static final String SNAPSHOT_HASH = "7a65cfc538885b74c268444b17f4e7a4d5d5b9ec0ad5765d75f7b1d55968e517";

    @Test
    void aLogFromBeforeMinimumsReplaysToTheSameRootAndSnapshot() {
        var ledger = LedgerFixture.populated();
        // a job with requirements (tag 29), leased where they allow
        var inRegion = new JobRequirements(List.of(), 0, List.of("test-region"), List.of(), true);
        Hash job = ledger.submit(ALICE, LedgerFixture.spec(1, 600, CC).withRequirements(inRegion), CC);
        ledger.apply(ledger.coordinator(), new AssignLease(job, PROVIDER_1.address()));

        var log = new ByteWriter();
        ledger.log().forEach(tx -> log.bytes(TxCodec.encode(tx)));
        var replayed = LedgerFixture.replay(ledger.log());
        assertThat(Hash.sha256(log.toByteArray()).hex()).isEqualTo(LOG_HASH);
        assertThat(replayed.root().hex()).isEqualTo(STATE_ROOT);
        assertThat(Hash.sha256(StateCodec.encode(replayed)).hex()).isEqualTo(SNAPSHOT_HASH);
    }
}
