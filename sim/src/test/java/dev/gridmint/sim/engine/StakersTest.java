package dev.gridmint.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.sim.config.PartnerProgram;
import dev.gridmint.sim.market.Amm;
import org.junit.jupiter.api.Test;

class StakersTest {

    private static final double CAPITAL = 1_000_000;

    @Test
    void thePartnerStreamPaysItsWholePoolOverItsDurationAndThenStops() {
        var program = new PartnerProgram(0.10, 0.5, 30);
        var stakers = new Stakers(CAPITAL, 1.0, 0.05, 0.03, program);
        long paid = 0;
        for (int t = 0; t < 30; t++) {
            paid += stakers.partnerEpoch(t);
        }
        assertThat(paid + stakers.partnerDust()).isEqualTo(program.amountMicro(CAPITAL));
        assertThat(paid).isGreaterThan(program.amountMicro(CAPITAL) - 30);
        assertThat(stakers.partnerEpoch(30)).isZero();
    }

    @Test
    void partnerIncomeAloneCanMakeStakingBeatTheOutsideYield() {
        // 40% of capital a year on half the capital staked: an 80% yield, far above 5% + 3%.
        var rich = new Stakers(CAPITAL, 1.0, 0.05, 0.03, new PartnerProgram(0.40, 1.0, 365));
        var none = new Stakers(CAPITAL, 1.0, 0.05, 0.03, new PartnerProgram(0, 1.0, 365));
        long before = rich.staked;
        rich.partnerEpoch(0);
        none.partnerEpoch(0);
        rich.rebalance(new Flows(new Amm(10_000_000, 10_000_000, Amm.DEFAULT_FEE)), 0);
        none.rebalance(new Flows(new Amm(10_000_000, 10_000_000, Amm.DEFAULT_FEE)), 0);
        assertThat(rich.staked).isGreaterThan(before);
        assertThat(none.staked).isLessThan(before);
    }
}
