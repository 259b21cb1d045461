package dev.gridmint.verify.adversary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark at reduced size, on a fixed seed: its goals hold, and a seed always gives the same figures. */
class AdversarySimulationTest {

    private static final SimParams SMALL = new SimParams(7, 20_000, 4, 40, 200, 4, 20, 10, 3_000, 1,
            SimParams.DEFAULT.replication());

    @Test
    void theGoalsHoldOnAFixedSeed() {
        SimReport report = AdversarySimulation.run(SMALL);
        assertThat(report.detectRateF10()).isGreaterThanOrEqualTo(SimReport.GOAL_DETECT_F10);
        assertThat(report.spooferDetectRate()).isEqualTo(1.0);
        assertThat(report.sybilDetectRate()).isGreaterThanOrEqualTo(SimReport.GOAL_SYBIL);
        assertThat(report.sybilFalseFlags()).isZero();
        assertThat(report.honestSlashed()).isZero();
        assertThat(report.overhead()).isLessThanOrEqualTo(SimReport.GOAL_OVERHEAD);
        assertThat(report.cheatEv()).isNegative();
        assertThat(report.meetsGoals()).isTrue();
    }

    @Test
    void theSameSeedGivesTheSameFigures() {
        assertThat(AdversarySimulation.run(SMALL).toMap()).isEqualTo(AdversarySimulation.run(SMALL).toMap());
    }
}
