package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The coordinator's own flags, refused before anything starts when they are wrong. */
class CoordinatorCommandTest {

    @Test
    void theGatewaysSpotCheckFractionAndHedgingAreFlags() {
        assertThat(CliRun.of("coordinator", "--help").out()).contains("--spot-check-fraction").contains("--hedge")
                .contains("auto|off|MS");
    }

    @Test
    void aBadGatewayFlagIsRefusedBeforeAnythingIsRead() {
        CliRun hedge = CliRun.of("coordinator", "--store", "nowhere", "--genesis", "missing.json", "--key", "missing-key.json", "--hedge",
                "sometimes");
        assertThat(hedge.exit()).isNotZero();
        assertThat(hedge.err()).contains("--hedge is auto, off or a delay in milliseconds").contains("sometimes");

        CliRun fraction = CliRun.of("coordinator", "--store", "nowhere", "--genesis", "missing.json", "--key", "missing-key.json",
                "--spot-check-fraction", "1.5");
        assertThat(fraction.exit()).isNotZero();
        assertThat(fraction.err()).contains("--spot-check-fraction is a number from 0 to 1");
    }
}
