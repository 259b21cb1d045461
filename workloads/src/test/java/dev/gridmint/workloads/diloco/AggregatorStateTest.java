package dev.gridmint.workloads.diloco;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The aggregator's saved state: a restored aggregator carries on exactly, and a bad file is refused with a code. */
class AggregatorStateTest {

    private static final int SIZE = 64;
    private static final DeltaCheck CHECK = new DeltaCheck(1_000.0, 4.0, 10_000);
    private static final OuterSettings SETTINGS = OuterSettings.defaults(42, 3, 10, Encoding.INT8, 1, CHECK);

    /** Round {@code round} with every member's Δ filled with a value of its own. */
    private static void round(Aggregator aggregator, long round, List<Integer> members) {
        RoundPlan plan = aggregator.plan(round, members, 0);
        List<Submission> submissions = members.stream().map(w -> {
            double[] d = new double[SIZE];
            Arrays.fill(d, 0.001 * (w + 1) * (round + 1));
            return new Submission(DeltaMessage.of(round, w, plan.assignmentOf(w).orElseThrow().shard(), 100,
                    Encoding.INT8, d), 0);
        }).toList();
        assertThat(aggregator.close(plan, submissions)).isInstanceOf(RoundOutcome.Applied.class);
    }

    @Test
    void aRestoredAggregatorCarriesOnBitForBit() {
        Aggregator straight = new Aggregator(new double[SIZE], SETTINGS);
        Aggregator first = new Aggregator(new double[SIZE], SETTINGS);
        for (long r = 0; r < 2; r++) {
            round(straight, r, List.of(0, 1));
            round(first, r, List.of(0, 1));
        }
        byte[] saved = first.state(2).toBytes();
        AggregatorState parsed = ((Parsed.Ok<AggregatorState>) AggregatorState.parse(saved, SIZE, 3)).value();
        Aggregator resumed = Aggregator.restore(parsed, SETTINGS);

        assertThat(parsed.nextRound()).isEqualTo(2);
        assertThat(resumed.thetaHash()).isEqualTo(straight.thetaHash());
        // shard 2 has waited longest, so both plan it first; the momentum makes the next step equal too
        assertThat(resumed.plan(2, List.of(0), 0)).isEqualTo(straight.plan(2, List.of(0), 0));
        round(straight, 2, List.of(0, 1));
        round(resumed, 2, List.of(0, 1));
        assertThat(resumed.thetaHash()).isEqualTo(straight.thetaHash());
    }

    @Test
    void aStateOfAnotherShapeATruncatedOneAndOneWithTrailingBytesAreRefused() {
        byte[] saved = new Aggregator(new double[SIZE], SETTINGS).state(0).toBytes();
        assertThat(code(AggregatorState.parse(saved, SIZE + 1, 3))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(AggregatorState.parse(saved, SIZE, 4))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(AggregatorState.parse(Arrays.copyOf(saved, saved.length - 1), SIZE, 3)))
                .isEqualTo(Parsed.Code.TRUNCATED);
        assertThat(code(AggregatorState.parse(Arrays.copyOf(saved, saved.length + 1), SIZE, 3)))
                .isEqualTo(Parsed.Code.TOO_LARGE);
        byte[] badMagic = saved.clone();
        badMagic[0] = 'X';
        assertThat(code(AggregatorState.parse(badMagic, SIZE, 3))).isEqualTo(Parsed.Code.BAD_HEADER);
    }

    private static Parsed.Code code(Parsed<AggregatorState> parsed) {
        return ((Parsed.Invalid<AggregatorState>) parsed).code();
    }
}
