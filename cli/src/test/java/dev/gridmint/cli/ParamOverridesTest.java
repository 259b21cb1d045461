package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.node.api.Views.CouncilView;
import dev.gridmint.node.api.Views.OracleView;
import dev.gridmint.node.api.Views.ParamsView;
import dev.gridmint.node.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code --set} parser of {@code gridmint params propose} and the ParamsView to NetworkParams conversion. */
class ParamOverridesTest {

    private static Address address(int seed) {
        byte[] key = new byte[Address.LENGTH];
        key[0] = (byte) seed;
        key[31] = (byte) (seed * 7 + 1);
        return new Address(key);
    }

    private static final List<Address> COUNCIL = List.of(address(1), address(2), address(3));
    private static final List<Address> REPORTERS = List.of(address(10), address(11));
    private static final NetworkParams DEFAULTS = NetworkParams.defaults(COUNCIL, REPORTERS);

    private static ParamsView viewOf(NetworkParams p) {
        return new ParamsView(p.maxJobAttempts(), p.token(), p.credits(),
                new OracleView(p.oracle().reporters().stream().map(Address::toString).toList(), p.oracle().minReports(),
                        p.oracle().maxAgeSeconds(), p.oracle().maxDeviationBps()),
                p.emission(), p.staking(), p.slashing(),
                new CouncilView(p.governance().council().stream().map(Address::toString).toList(), p.governance().threshold(),
                        p.governance().proposalTtlSeconds()),
                p.verification());
    }

    @Test
    void aViewConvertsBackToTheSameParams() {
        assertThat(ParamOverrides.fromView(viewOf(DEFAULTS))).isEqualTo(DEFAULTS);
    }

    @Test
    void aViewReadFromJsonConvertsBackToTheSameParams() {
        String json = Json.write(viewOf(DEFAULTS));
        ParamsView read = Json.MAPPER.readValue(json, ParamsView.class);
        assertThat(ParamOverrides.fromView(read)).isEqualTo(DEFAULTS);
    }

    /** The emission's decay period too, which the defaults leave at one year and Helium's halving sets to two. */
    @Test
    void aHalvingScheduleSurvivesTheJsonRoundTrip() {
        var halving = DEFAULTS.withEmission(new EmissionParams(86_400, 2_500, 5_000, 2, 20, 4, 8_000, 100));
        ParamsView read = Json.MAPPER.readValue(Json.write(viewOf(halving)), ParamsView.class);
        assertThat(read.emission().providerDecayPeriodYears()).isEqualTo(2);
        assertThat(ParamOverrides.fromView(read)).isEqualTo(halving);
        // Changing a governed emission parameter keeps the period.
        var changed = ParamOverrides.KNOWN.get("emission.workShareBps").set().apply(halving, 7_000L);
        assertThat(changed.emission().providerDecayPeriodYears()).isEqualTo(2);
        assertThat(changed.emission().workShareBps()).isEqualTo(7_000);
    }

    @Test
    void aViewWithABadAddressIsAUserError() {
        ParamsView view = viewOf(DEFAULTS);
        ParamsView bad = new ParamsView(view.maxJobAttempts(), view.token(), view.credits(),
                new OracleView(List.of("not-base58-0OIl"), 1, 3600, 150), view.emission(), view.staking(), view.slashing(),
                view.governance(), view.verification());
        assertThatThrownBy(() -> ParamOverrides.fromView(bad)).isInstanceOf(UserError.class);
    }

    @Test
    void setsTheParametersTheBriefNames() {
        NetworkParams changed = ParamOverrides.apply(DEFAULTS, List.of(
                "credits.protocolFeeBps=400",
                "credits.spreadBps=30",
                "credits.minRunwaySeconds=7200",
                "emission.workShareBps=7000",
                "emission.netEmissionCapBps=200",
                "staking.gpuStakeUnit=1500.5",
                "staking.cpuStakeUnit=50",
                "staking.unbondingSeconds=86400",
                "maxJobAttempts=5"));
        assertThat(changed.credits().protocolFeeBps()).isEqualTo(400);
        assertThat(changed.credits().spreadBps()).isEqualTo(30);
        assertThat(changed.credits().minRunwaySeconds()).isEqualTo(7200);
        assertThat(changed.emission().workShareBps()).isEqualTo(7000);
        assertThat(changed.emission().netEmissionCapBps()).isEqualTo(200);
        assertThat(changed.staking().gpuStakeUnit()).isEqualTo(1_500_500_000L);
        assertThat(changed.staking().cpuStakeUnit()).isEqualTo(50_000_000L);
        assertThat(changed.staking().unbondingSeconds()).isEqualTo(86_400);
        assertThat(changed.maxJobAttempts()).isEqualTo(5);
        // What was not set stays as it was.
        assertThat(changed.credits().warnRatioBps()).isEqualTo(DEFAULTS.credits().warnRatioBps());
        assertThat(changed.staking().minCheckerStake()).isEqualTo(DEFAULTS.staking().minCheckerStake());
        assertThat(changed.governance()).isEqualTo(DEFAULTS.governance());
        assertThat(changed.oracle()).isEqualTo(DEFAULTS.oracle());
        assertThat(changed.token()).isEqualTo(DEFAULTS.token());
        assertThat(changed.slashing()).isEqualTo(DEFAULTS.slashing());
    }

    @Test
    void listsWhatChanges() {
        NetworkParams changed = ParamOverrides.apply(DEFAULTS, List.of("credits.spreadBps=30", "staking.gpuStakeUnit=1500"));
        assertThat(ParamOverrides.changes(DEFAULTS, changed)).containsExactly(
                new ParamOverrides.Change("credits.spreadBps", "25 bps", "30 bps"),
                new ParamOverrides.Change("staking.gpuStakeUnit", "1000.000000 GRID", "1500.000000 GRID"));
        assertThat(ParamOverrides.changes(DEFAULTS, DEFAULTS)).isEmpty();
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> ParamOverrides.apply(DEFAULTS, List.of("credits.sprad=30")))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("unknown parameter 'credits.sprad'")
                .hasMessageContaining("credits.spreadBps")
                .hasMessageContaining("staking.unbondingSeconds")
                .hasMessageContaining("maxJobAttempts");
    }

    @Test
    void refusesMalformedSettings() {
        assertThatThrownBy(() -> ParamOverrides.parse(List.of("credits.spreadBps"))).isInstanceOf(UserError.class)
                .hasMessageContaining("name=value");
        assertThatThrownBy(() -> ParamOverrides.parse(List.of("=30"))).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> ParamOverrides.parse(List.of("credits.spreadBps=2.5"))).isInstanceOf(UserError.class)
                .hasMessageContaining("credits.spreadBps");
        assertThatThrownBy(() -> ParamOverrides.parse(List.of("staking.gpuStakeUnit=1.0000001"))).isInstanceOf(UserError.class)
                .hasMessageContaining("staking.gpuStakeUnit");
        assertThatThrownBy(() -> ParamOverrides.parse(List.of("credits.spreadBps=30", "credits.spreadBps=31")))
                .isInstanceOf(UserError.class).hasMessageContaining("twice");
    }

    @Test
    void outOfRangeValuesAreUserErrorsNamingTheParameter() {
        assertThatThrownBy(() -> ParamOverrides.apply(DEFAULTS, List.of("credits.protocolFeeBps=10001")))
                .isInstanceOf(UserError.class).hasMessageContaining("credits.protocolFeeBps");
        assertThatThrownBy(() -> ParamOverrides.apply(DEFAULTS, List.of("maxJobAttempts=0")))
                .isInstanceOf(UserError.class).hasMessageContaining("maxJobAttempts");
        assertThatThrownBy(() -> ParamOverrides.apply(DEFAULTS, List.of("emission.workShareBps=99999999999")))
                .isInstanceOf(UserError.class).hasMessageContaining("emission.workShareBps");
        assertThatThrownBy(() -> ParamOverrides.apply(DEFAULTS, List.of("staking.unbondingSeconds=-1")))
                .isInstanceOf(UserError.class).hasMessageContaining("staking.unbondingSeconds");
    }

    @Test
    void settingsThatDependOnEachOtherApplyInAnyOrder() {
        // The halt ratio may not exceed the warn ratio at any step: raising both needs warn first.
        NetworkParams changed = ParamOverrides.apply(DEFAULTS, List.of("credits.haltRatioBps=9800", "credits.warnRatioBps=9900"));
        assertThat(changed.credits().haltRatioBps()).isEqualTo(9_800);
        assertThat(changed.credits().warnRatioBps()).isEqualTo(9_900);
    }

    @Test
    void theHelpFooterNamesEveryKnownParameter() {
        var footer = String.join("\n", ParamsCommand.Propose.class.getAnnotation(picocli.CommandLine.Command.class).footer());
        for (String name : ParamOverrides.KNOWN.keySet()) {
            assertThat(footer).as("--help lists " + name).contains(name);
        }
    }
}
