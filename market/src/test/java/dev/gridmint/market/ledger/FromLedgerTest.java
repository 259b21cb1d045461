package dev.gridmint.market.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.Provider;
import dev.gridmint.market.MarketGen;
import dev.gridmint.market.matching.Market;
import dev.gridmint.market.matching.MarketConfig;
import dev.gridmint.market.matching.MatchResult;
import dev.gridmint.core.state.GpuCatalog;
import dev.gridmint.core.state.GpuModel;
import dev.gridmint.market.offer.Offer;
import dev.gridmint.market.order.GpuRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FromLedgerTest {

    private static final JobSpec ONE_DEVICE = new JobSpec("train-names", List.of(), 1, 600, 2_000_000);

    @Test
    void reportedGpuNamesBecomeCatalogModels() {
        assertThat(GpuCatalog.normalize("NVIDIA H100 80GB HBM3", 81_559)).isEqualTo(GpuCatalog.byName("H100-80GB").orElseThrow());
        assertThat(GpuCatalog.normalize("NVIDIA A100-SXM4-40GB", 40_960).name()).isEqualTo("A100-40GB");
        assertThat(GpuCatalog.normalize("NVIDIA A100 80GB PCIe", 81_920).name()).isEqualTo("A100-80GB");
        assertThat(GpuCatalog.normalize("NVIDIA A10", 23_028).name()).isEqualTo("A10-24GB");
        assertThat(GpuCatalog.normalize("NVIDIA GeForce RTX 4090", 24_564).name()).isEqualTo("RTX4090-24GB");
        assertThat(GpuCatalog.normalize("NVIDIA L40S", 46_068).name()).isEqualTo("L40S-48GB");
        // Unknown to the catalog: named after what was reported, and its speed is not taken on trust.
        GpuModel unknown = GpuCatalog.normalize("Acme Tensor X9", 12_288);
        assertThat(unknown).isEqualTo(new GpuModel("ACMETENSORX9-12GB", 12, 1));
    }

    @Test
    void aCpuProviderIsOneCpuDeviceOnTheMarketAndTakesAJobThatNamesNoModel() {
        Address provider = MarketGen.address(1);
        Offer offer = FromLedger.offer(provider(provider, new HardwareOffer(DeviceClass.CPU, "AMD EPYC 7B13", 1, 0, 8, 16_384, "eu-west", 900_000)));
        assertThat(offer.hardware().gpu()).isEqualTo(GpuModel.CPU);
        assertThat(offer.hardware().gpuCount()).isEqualTo(1);
        assertThat(offer.location().region()).isEqualTo("eu-west");
        assertThat(offer.policy().price("CPU", 0, 1)).isEqualTo(900_000);

        var market = new Market(MarketConfig.DEFAULT);
        market.list(offer);
        var result = market.submit(FromLedger.order(7, MarketGen.address(2), ONE_DEVICE, 600), 0);
        assertThat(result).isInstanceOfSatisfying(MatchResult.Matched.class, matched -> {
            assertThat(matched.lease().grants().getFirst().provider()).isEqualTo(provider);
            assertThat(matched.lease().grants().getFirst().pricePerGpuHour()).isEqualTo(900_000);
            assertThat(matched.lease().end()).isEqualTo(600);
        });
    }

    @Test
    void offerIdsFollowAddressOrderSoTiesStillGoToTheLowerAddress() {
        Address low = MarketGen.address(1);
        Address high = MarketGen.address(2);
        Address first = low.compareTo(high) < 0 ? low : high;
        Address second = first == low ? high : low;
        assertThat(FromLedger.offerId(first)).isLessThanOrEqualTo(FromLedger.offerId(second));

        var market = new Market(MarketConfig.DEFAULT);
        for (Address provider : List.of(second, first)) {
            market.list(FromLedger.offer(provider(provider, new HardwareOffer(DeviceClass.CPU, "cpu", 1, 0, 4, 8_192, "r", 1_000_000))));
        }
        var result = (MatchResult.Matched) market.submit(FromLedger.order(1, MarketGen.address(3), ONE_DEVICE, 60), 0);
        assertThat(result.lease().grants().getFirst().provider()).isEqualTo(first);
    }

    @Test
    void anExcludedOfferIsPassedOverAndAJobTooBigForAnyNodeFindsNothing() {
        Address cheap = MarketGen.address(1);
        Address dear = MarketGen.address(2);
        var market = new Market(MarketConfig.DEFAULT);
        market.list(FromLedger.offer(provider(cheap, new HardwareOffer(DeviceClass.CPU, "cpu", 1, 0, 4, 8_192, "r", 1_000_000))));
        market.list(FromLedger.offer(provider(dear, new HardwareOffer(DeviceClass.CPU, "cpu", 1, 0, 4, 8_192, "r", 1_500_000))));

        var result = market.submit(FromLedger.order(1, MarketGen.address(3), ONE_DEVICE, 60), 0, Set.of(FromLedger.offerId(cheap)));
        assertThat(((MatchResult.Matched) result).lease().grants().getFirst().provider()).isEqualTo(dear);

        var twoDevices = new JobSpec("train-names", List.of(), 2, 60, 2_000_000);
        assertThat(market.submit(FromLedger.order(2, MarketGen.address(3), twoDevices, 60), 0)).isInstanceOf(MatchResult.NoMatch.class);
    }

    @Test
    void requirementsBecomeTheOrdersModelsRegionsAndTier() {
        var wants = new dev.gridmint.core.state.JobRequirements(List.of("h100-80gb"), 0, List.of("eu-west"), List.of("us-east"), true);
        var order = FromLedger.order(3, MarketGen.address(2), ONE_DEVICE.withRequirements(wants), 60);
        assertThat(order.gpu()).isEqualTo(dev.gridmint.market.order.GpuRequirement.AnyOf.of("H100-80GB"));
        assertThat(order.regions().permits("eu-west")).isTrue();
        assertThat(order.regions().permits("us-east")).isFalse();
        assertThat(order.regions().permits("ap-south")).isFalse();
        assertThat(order.tier()).isEqualTo(dev.gridmint.market.order.Tier.SPOT);

        // A VRAM minimum leaves the CPU out; no requirement at all lets it in.
        var vram = new dev.gridmint.core.state.JobRequirements(List.of(), 24, List.of(), List.of(), false);
        assertThat(FromLedger.order(4, MarketGen.address(2), ONE_DEVICE.withRequirements(vram), 60).gpu().accepts(GpuModel.CPU)).isFalse();
        assertThat(FromLedger.order(5, MarketGen.address(2), ONE_DEVICE, 60).gpu().accepts(GpuModel.CPU)).isTrue();
    }

    @Test
    void theOfferCarriesTheLedgerReputationAndTheOrderTheJobsMinimums() {
        var h100 = new HardwareOffer(DeviceClass.GPU, "NVIDIA H100 80GB HBM3", 8, 81_559, 64, 512_000, "eu-west", 2_000_000);
        Offer offer = FromLedger.offer(provider(MarketGen.address(1), h100).withReputation(730));
        assertThat(offer.reputation()).isEqualTo(730);

        var wants = JobRequirements.NONE.withMinimums(300, 650);
        var order = FromLedger.order(3, MarketGen.address(2), ONE_DEVICE.withRequirements(wants), 60);
        assertThat(order.gpu()).isEqualTo(new GpuRequirement.AtLeast(0, 300));
        assertThat(order.minReputation()).isEqualTo(650);
    }

    /** Whatever the offers and the minimums, a match never breaks them, and a miss means no free offer met them. */
    @Test
    void matchesAlwaysMeetTheTflopsAndReputationMinimums() {
        List<String> reported = List.of("NVIDIA H100 80GB HBM3", "NVIDIA A100 80GB PCIe", "NVIDIA GeForce RTX 4090", "NVIDIA T4");
        List<Long> memory = List.of(81_559L, 81_920L, 24_564L, 15_360L);
        var random = new Random(7);
        for (int round = 0; round < 300; round++) {
            var market = new Market(MarketConfig.DEFAULT);
            List<Offer> offers = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(5); i++) {
                int model = random.nextInt(reported.size());
                var hardware = new HardwareOffer(DeviceClass.GPU, reported.get(model), 1, memory.get(model), 8, 65_536, "r", 1_000_000);
                Offer offer = FromLedger.offer(provider(MarketGen.address(i + 1), hardware).withReputation(random.nextInt(1_001)));
                market.list(offer);
                offers.add(offer);
            }
            var wants = JobRequirements.NONE.withMinimums(random.nextInt(1_100), random.nextInt(1_001));
            var result = market.submit(FromLedger.order(round + 1, MarketGen.address(99), ONE_DEVICE.withRequirements(wants), 60), 0);
            boolean anyQualifies = offers.stream().anyMatch(o -> qualifies(o, wants));
            if (result instanceof MatchResult.Matched matched) {
                Address chosen = matched.lease().grants().getFirst().provider();
                assertThat(offers.stream().filter(o -> o.provider().equals(chosen)).findFirst().orElseThrow())
                        .matches(o -> qualifies(o, wants), "meets " + wants);
            } else {
                assertThat(anyQualifies).as("round %d: nothing matched though an offer qualifies", round).isFalse();
            }
        }
    }

    private static boolean qualifies(Offer offer, JobRequirements wants) {
        return offer.hardware().gpu().tflops() >= wants.minTflops() && offer.reputation() >= wants.minReputation();
    }

    private static Provider provider(Address address, HardwareOffer offer) {
        return Provider.registered(address, offer, 1, 0);
    }
}
