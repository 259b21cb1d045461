package dev.gridmint.verify.spotcheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StakeSizingTest {

    @Test
    void theBreakEvenStakeIsOneOverPMinusOneTimesTheGain() {
        assertThat(StakeSizing.minimumStake(200, 1_000_000)).isEqualTo(49_000_000);
        assertThat(StakeSizing.minimumStake(500, 1_000_000)).isEqualTo(19_000_000);
        assertThat(StakeSizing.minimumStake(1_000, 1_000_000)).isEqualTo(9_000_000);
        assertThat(StakeSizing.minimumStake(300, 1)).as("rounded up").isEqualTo(33);
        assertThat(StakeSizing.minimumStake(10_000, 5)).isZero();
    }

    @Test
    void theDefaultStakeMakesCheatingAtTheFloorALoss() {
        long stake = StakeSizing.defaultStake(AdaptiveReplication.Params.DEFAULT, 1_000_000);
        assertThat(stake).isEqualTo(73_500_000);
        assertThat(StakeSizing.cheatExpectedValue(0.02, 1_000_000, stake)).isNegative();
        assertThat(StakeSizing.cheatExpectedValue(0.02, 1_000_000, StakeSizing.minimumStake(200, 1_000_000))).isCloseTo(0,
                org.assertj.core.data.Offset.offset(1e-6));
    }
}
