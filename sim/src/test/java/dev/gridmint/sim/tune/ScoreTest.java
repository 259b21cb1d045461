package dev.gridmint.sim.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The objective's arithmetic: components, the retention cap, the log drawdown and the constraint's penalty. */
class ScoreTest {

    private static ScenarioScore healthy(String name) {
        return new ScenarioScore(name, false, false, 0, 1.0, 0.5, 0.8);
    }

    @Test
    void theTotalIsTheMeanOfTheComponentsWhenNothingSpirals() {
        var score = Score.of(List.of(healthy("bear"), new ScenarioScore("neutral", false, false, 0, 3.0, 0.7, 0.6)));
        assertThat(score.retention()).isCloseTo((0.5 + 1.0) / 2, within(1e-12)); // 3× is capped at 2×
        assertThat(score.priceStability()).isCloseTo(0.6, within(1e-12));
        assertThat(score.utilisation()).isCloseTo(0.7, within(1e-12));
        assertThat(score.penalty()).isZero();
        assertThat(score.total()).isCloseTo((0.75 + 0.6 + 0.7) / 3, within(1e-12));
        assertThat(score.constraintMet()).isTrue();
    }

    @Test
    void aSpiralOrAMissedControlCostsMoreThanTheComponentsCanEarn() {
        var flaggedControl = new ScenarioScore("speculative-only", true, true, 1, 0, 0, 0);
        var perfect = new ScenarioScore("bear", false, false, 0, 2, 1, 1);
        var spiralling = new ScenarioScore("bear", false, true, 0.75, 2, 1, 1);
        var worst = new ScenarioScore("bear", false, false, 0, 0, 0, 0);
        Score broken = Score.of(List.of(spiralling, flaggedControl));
        Score poor = Score.of(List.of(worst, flaggedControl));
        assertThat(broken.spirals()).isEqualTo(1);
        assertThat(broken.penalty()).isCloseTo(Score.BREACH_PENALTY + 0.75 * Score.SHARE_PENALTY, within(1e-12));
        assertThat(broken.total()).isLessThan(poor.total());
        assertThat(poor.constraintMet()).isTrue();

        var unflaggedControl = new ScenarioScore("speculative-only", true, false, 0.25, 0, 0, 0);
        Score missed = Score.of(List.of(perfect, unflaggedControl));
        assertThat(missed.controlsMissed()).isEqualTo(1);
        assertThat(missed.constraintMet()).isFalse();
        assertThat(missed.total()).isLessThan(poor.total());
        // A control's own outcome adds nothing to the components.
        assertThat(missed.retention()).isEqualTo(1.0);
    }

    @Test
    void aShareOfSpirallingRunsBelowHalfStillCosts() {
        var someRuns = new ScenarioScore("bear", false, false, 0.25, 1.0, 0.5, 0.8);
        assertThat(Score.of(List.of(someRuns)).total()).isLessThan(Score.of(List.of(healthy("bear"))).total());
    }

    @Test
    void stabilityReadsTheLargestFallFromAPeakOnALogScale() {
        assertThat(ScenarioScore.stability(new double[] {1, 2, 3})).isEqualTo(1.0);
        assertThat(ScenarioScore.stability(new double[] {1, 2, 0.2, 5})).isCloseTo(0.5, within(1e-12)); // 2 → 0.2
        assertThat(ScenarioScore.stability(new double[] {4, 0.04, 4})).isCloseTo(0.0, within(1e-12));
        assertThat(ScenarioScore.stability(new double[] {4, 0.0001})).isZero();
        assertThat(ScenarioScore.stability(new double[] {4, 0})).isZero();
    }
}
