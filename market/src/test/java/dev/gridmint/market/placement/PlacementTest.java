package dev.gridmint.market.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static final JobSpec ONE_DEVICE_UP_TO_500 = new JobSpec("train-names", List.of(), 1, 60, 500);

    @Test
    void picksTheCheapestOfferThatMeetsTheJob() {
        var cheap = candidate(1, 1, 300);
        var dear = candidate(2, 1, 450);
        var tooDear = candidate(3, 1, 900);

        assertThat(Placement.choose(ONE_DEVICE_UP_TO_500, List.of(dear, tooDear, cheap), Set.of()))
                .contains(cheap.provider());
    }

    @Test
    void atEqualPricePrefersTheTightestFitThenTheLowestAddress() {
        var big = candidate(1, 8, 300);
        var smallHigh = candidate(9, 1, 300);
        var smallLow = candidate(4, 1, 300);

        assertThat(Placement.choose(ONE_DEVICE_UP_TO_500, List.of(big, smallHigh, smallLow), Set.of()))
                .contains(smallLow.provider());
    }

    @Test
    void theChoiceDoesNotDependOnTheOrderOfCandidates() {
        var a = candidate(1, 2, 300);
        var b = candidate(2, 2, 300);
        var c = candidate(3, 4, 300);

        var forward = Placement.choose(ONE_DEVICE_UP_TO_500, List.of(a, b, c), Set.of());
        var backward = Placement.choose(ONE_DEVICE_UP_TO_500, List.of(c, b, a), Set.of());

        assertThat(forward).isEqualTo(backward).contains(a.provider());
    }

    @Test
    void skipsExcludedProvidersAndThoseWithTooFewDevices() {
        var excluded = candidate(1, 4, 100);
        var tooSmall = candidate(2, 1, 100);
        var fits = candidate(3, 4, 400);
        var twoDevices = new JobSpec("train-names", List.of(), 2, 60, 500);

        assertThat(Placement.choose(twoDevices, List.of(excluded, tooSmall, fits), Set.of(excluded.provider())))
                .contains(fits.provider());
    }

    @Test
    void findsNothingWhenNoOfferMeetsTheJob() {
        assertThat(Placement.choose(ONE_DEVICE_UP_TO_500, List.of(candidate(1, 1, 501)), Set.of())).isEmpty();
    }

    private static Candidate candidate(int id, int devices, long price) {
        byte[] key = new byte[32];
        key[0] = (byte) id;
        var offer = new HardwareOffer(DeviceClass.CPU, "test-cpu", devices, 0, 2, 4096, "local", price);
        return new Candidate(new Address(key), offer);
    }
}
