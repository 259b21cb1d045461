package dev.gridmint.sim.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.sim.config.EconomyParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search space of issue 10: its names, its bounds around the defaults, and the mapping onto the unit cube. */
class SearchSpaceTest {

    private static final SearchSpace SPACE = SearchSpace.ISSUE_10;

    @Test
    void searchesTheSixParametersOfTheIssue() {
        assertThat(SPACE.params()).extracting(TunedParam::name).containsExactly("emission.providerDecayBps",
                "credits.protocolFeeBps", "credits.spreadBps", "emission.workShareBps", "staking.gpuStakeUnit",
                "emission.netEmissionCapBps");
    }

    @Test
    void theDefaultsLieInsideTheBoundsAndMapBackExactly() {
        List<Long> defaults = SPACE.valuesOf(EconomyParams.DEFAULTS);
        assertThat(defaults).containsExactly(6_000L, 500L, 25L, 8_000L, 1_000_000_000L, 100L);
        for (int i = 0; i < defaults.size(); i++) {
            TunedParam p = SPACE.params().get(i);
            assertThat(defaults.get(i)).as(p.name()).isBetween(p.lower(), p.upper());
        }
        // CMA-ES starts at the defaults' point of the cube, so that point must be the defaults again.
        assertThat(SPACE.fromUnit(SPACE.toUnit(defaults))).isEqualTo(defaults);
        assertThat(SPACE.apply(EconomyParams.DEFAULTS, defaults)).isEqualTo(EconomyParams.DEFAULTS);
    }

    @Test
    void theCornersOfTheCubeAreTheBoundsAndEveryPointIsOnTheGrid() {
        double[] zeros = new double[SPACE.dimensions()];
        double[] ones = new double[SPACE.dimensions()];
        java.util.Arrays.fill(ones, 1);
        assertThat(SPACE.fromUnit(zeros)).containsExactly(3_000L, 0L, 0L, 5_000L, 100_000_000L, 0L);
        assertThat(SPACE.fromUnit(ones)).containsExactly(9_000L, 2_000L, 500L, 10_000L, 10_000_000_000L, 1_000L);
        double[] outside = new double[SPACE.dimensions()];
        java.util.Arrays.fill(outside, 1.7);
        assertThat(SPACE.fromUnit(outside)).isEqualTo(SPACE.fromUnit(ones));
        double[] middle = new double[SPACE.dimensions()];
        java.util.Arrays.fill(middle, 0.5);
        // The stake unit's scale is logarithmic: halfway from 100 to 10,000 GRID is 1,000 GRID.
        assertThat(SPACE.fromUnit(middle)).containsExactly(6_000L, 1_000L, 250L, 7_500L, 1_000_000_000L, 500L);
    }

    @Test
    void applyingSetsEachParameterWhereTheLedgerReadsIt() {
        EconomyParams tuned = SPACE.apply(EconomyParams.DEFAULTS, List.of(7_000L, 300L, 40L, 9_000L, 2_500_000_000L, 50L));
        assertThat(tuned.emission().providerDecayBps()).isEqualTo(7_000);
        assertThat(tuned.credits().protocolFeeBps()).isEqualTo(300);
        assertThat(tuned.credits().spreadBps()).isEqualTo(40);
        assertThat(tuned.emission().workShareBps()).isEqualTo(9_000);
        assertThat(tuned.staking().gpuStakeUnit()).isEqualTo(2_500_000_000L);
        assertThat(tuned.emission().netEmissionCapBps()).isEqualTo(50);
        // Everything else is the defaults'.
        assertThat(tuned.emission().providerFirstYearBps()).isEqualTo(EconomyParams.DEFAULTS.emission().providerFirstYearBps());
        assertThat(tuned.credits().haltRatioBps()).isEqualTo(EconomyParams.DEFAULTS.credits().haltRatioBps());
        assertThat(tuned.staking().gpuClasses()).isEqualTo(EconomyParams.DEFAULTS.staking().gpuClasses());
        assertThat(tuned.token()).isEqualTo(EconomyParams.DEFAULTS.token());
    }

    @Test
    void aWrongNumberOfValuesIsRefused() {
        assertThatThrownBy(() -> SPACE.apply(EconomyParams.DEFAULTS, List.of(1L))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFileHasOneLinePerParameterInTheUnitsOfSet() {
        String text = ParamsFile.render(SPACE, List.of(7_000L, 300L, 40L, 9_000L, 2_500_500_000L, 50L), List.of("tuned"));
        assertThat(text).isEqualTo("""
                # tuned
                emission.providerDecayBps=7000
                credits.protocolFeeBps=300
                credits.spreadBps=40
                emission.workShareBps=9000
                staking.gpuStakeUnit=2500.5
                emission.netEmissionCapBps=50
                """);
    }
}
