package dev.gridmint.market;

import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.market.offer.Availability;
import dev.gridmint.core.state.GpuModel;
import dev.gridmint.market.offer.Hardware;
import dev.gridmint.market.offer.Interconnect;
import dev.gridmint.market.offer.Location;
import dev.gridmint.market.offer.Offer;
import dev.gridmint.market.offer.PricePolicy;
import dev.gridmint.market.order.GpuRequirement;
import dev.gridmint.market.order.NodeMinimums;
import dev.gridmint.market.order.Order;
import dev.gridmint.market.order.RegionRule;
import dev.gridmint.market.order.Term;
import dev.gridmint.market.order.Tier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Seeded books and order streams for property tests: few models, regions and prices, so that
 * ties, full nodes and gangs that do not fit all happen often.
 */
public final class MarketGen {

    public static final List<GpuModel> MODELS = List.of(
            new GpuModel("RTX4090-24GB", 24, 165), new GpuModel("A100-40GB", 40, 312), new GpuModel("A100-80GB", 80, 312),
            new GpuModel("H100-80GB", 80, 989), new GpuModel("L40S-48GB", 48, 362));
    public static final List<String> REGIONS = List.of("eu-west", "eu-east", "us-east", "us-west", "ap-south");
    private static final int[] NODE_SIZES = {1, 1, 2, 4, 8, 8};

    private final Random random;

    public MarketGen(long seed) {
        this.random = new Random(seed);
    }

    public static Address address(int n) {
        byte[] key = new byte[32];
        key[0] = (byte) (n >>> 24);
        key[1] = (byte) (n >>> 16);
        key[2] = (byte) (n >>> 8);
        key[3] = (byte) n;
        key[31] = 1;
        return new Address(key);
    }

    public List<Offer> offers(int count, int providers) {
        List<PricePolicy> policies = new ArrayList<>();
        for (int p = 0; p < providers; p++) {
            Map<String, Long> floors = new HashMap<>();
            for (GpuModel model : MODELS) {
                floors.put(model.name(), 100_000L * (1 + random.nextInt(6))); // few distinct prices: ties
            }
            policies.add(new PricePolicy(floors, random.nextInt(3) * 250));
        }
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int provider = random.nextInt(providers);
            GpuModel model = MODELS.get(random.nextInt(MODELS.size()));
            var hardware = new Hardware(model, NODE_SIZES[random.nextInt(NODE_SIZES.length)],
                    random.nextBoolean() ? Interconnect.NVLINK : Interconnect.PCIE, 8 + random.nextInt(4) * 8,
                    64 + random.nextInt(4) * 64, 500 + random.nextInt(4) * 500, 1000 * (1 + random.nextInt(10)));
            String region = REGIONS.get((provider + random.nextInt(2)) % REGIONS.size()); // providers cluster in a region or two
            Availability window = switch (random.nextInt(5)) {
                case 0 -> new Availability(0, 2_000 + random.nextInt(4_000));
                case 1 -> Availability.from(random.nextInt(500));
                default -> Availability.ALWAYS;
            };
            int reputation = random.nextInt(4) == 0 ? Reputation.NEUTRAL : random.nextInt(11) * 100;
            offers.add(new Offer(1_000 + i, address(provider), hardware, new Location(region, "XX"), policies.get(provider),
                    window, reputation, random.nextBoolean()));
        }
        return offers;
    }

    public Order order(long id) {
        GpuRequirement gpu = random.nextInt(3) == 0
                ? new GpuRequirement.AtLeast(List.of(0, 40, 48, 80).get(random.nextInt(4)), random.nextInt(2) * 300)
                : new GpuRequirement.AnyOf(Set.of(MODELS.get(random.nextInt(MODELS.size())).name()));
        int shape = random.nextInt(10);
        int nodes = shape < 7 ? 1 : 2 + random.nextInt(3);
        int gpus = shape < 5 ? 1 : List.of(1, 2, 4, 8).get(random.nextInt(4));
        Set<String> allowed = new HashSet<>();
        Set<String> denied = new HashSet<>();
        switch (random.nextInt(4)) {
            case 0 -> allowed.add(REGIONS.get(random.nextInt(REGIONS.size())));
            case 1 -> denied.add(REGIONS.get(random.nextInt(REGIONS.size())));
            default -> { }
        }
        Optional<String> preferred = random.nextBoolean() ? Optional.of(REGIONS.get(random.nextInt(REGIONS.size()))) : Optional.empty();
        var minimums = random.nextInt(4) == 0
                ? new NodeMinimums(random.nextBoolean() ? Interconnect.NVLINK : Interconnect.PCIE, 16, 128, 1000, 3000)
                : NodeMinimums.NONE;
        Term term = random.nextInt(6) == 0 ? new Term.OpenEnded() : new Term.Fixed(60 + random.nextInt(1_500));
        return new Order(id, address(1_000_000 + random.nextInt(50)), gpu, gpus, nodes, minimums,
                new RegionRule(allowed, denied, preferred), random.nextInt(3) == 0 ? random.nextInt(8) * 100 : 0,
                100_000L * (1 + random.nextInt(7)), term, random.nextInt(3) == 0 ? Tier.SPOT : Tier.RESERVED, random.nextBoolean());
    }

    public Random random() {
        return random;
    }
}
