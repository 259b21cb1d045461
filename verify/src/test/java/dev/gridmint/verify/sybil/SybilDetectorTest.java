package dev.gridmint.verify.sybil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Keypair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SybilDetectorTest {

    private final SplittableRandom random = new SplittableRandom(11);

    private List<Address> addresses(int count) {
        return IntStream.range(0, count).mapToObj(i -> Keypair.generate(random).address()).toList();
    }

    private String unique() {
        return Long.toHexString(random.nextLong());
    }

    @Test
    void identitiesSharingAGpuUuidAreFlaggedOnThatAlone() {
        List<Address> farm = addresses(5);
        List<Identity> identities = new ArrayList<>();
        for (int i = 0; i < farm.size(); i++) {
            identities.add(new Identity(farm.get(i), List.of("GPU-shared", unique()), unique(), "10." + i + ".0.1"));
        }
        List<SybilFlag> flags = SybilDetector.DEFAULT.detect(identities, List.of());
        assertThat(flags).singleElement().satisfies(flag -> {
            assertThat(flag.identities()).containsExactlyInAnyOrderElementsOf(farm);
            assertThat(flag.evidence()).contains(new Signal.SharedGpuUuid("GPU-shared"));
        });
    }

    @Test
    void aFarmBehindOneAddressWithCorrelatedTimingIsFlaggedAndItsDatacenterNeighboursAreNot() {
        List<Address> farm = addresses(8);
        List<Address> neighbours = addresses(8);
        List<Identity> identities = new ArrayList<>();
        farm.forEach(a -> identities.add(new Identity(a, List.of(unique()), unique(), "203.0.113.7")));
        for (int i = 0; i < neighbours.size(); i++) {
            identities.add(new Identity(neighbours.get(i), List.of(unique()), unique(), "198.51.100." + (10 + i)));
        }
        List<TimingSample> timings = new ArrayList<>();
        for (int slot = 0; slot < 64; slot++) {
            List<Address> challenged = identities.stream().map(Identity::provider).filter(a -> random.nextBoolean()).toList();
            long load = challenged.stream().filter(farm::contains).count();
            for (Address address : challenged) {
                double base = farm.contains(address) ? 0.8 * load : 2;
                timings.add(new TimingSample(address, slot, base * (1 + 0.05 * random.nextGaussian())));
            }
        }
        List<SybilFlag> flags = SybilDetector.DEFAULT.detect(identities, timings);
        assertThat(flags).singleElement().satisfies(flag -> {
            assertThat(flag.identities()).containsExactlyInAnyOrderElementsOf(farm);
            assertThat(flag.evidence()).anyMatch(s -> s instanceof Signal.CorrelatedTiming)
                    .anyMatch(s -> s instanceof Signal.SameOrigin);
        });
    }

    @Test
    void oneSoftSignalAloneFlagsNobody() {
        List<Address> sameOrigin = addresses(4);
        List<Identity> identities = sameOrigin.stream().map(a -> new Identity(a, List.of(unique()), unique(), "192.0.2.1")).toList();
        assertThat(SybilDetector.DEFAULT.detect(identities, List.of())).isEmpty();
    }

    @Test
    void pearsonIsOneForProportionalSeriesAndZeroForAConstant() {
        assertThat(SybilDetector.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6})).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(SybilDetector.pearson(new double[] {1, 2, 3}, new double[] {5, 5, 5})).isZero();
    }
}
