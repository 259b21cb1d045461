package dev.gridmint.cli.bench;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The seeded book and order stream of {@code bench market}.
 *
 * <p>The book: providers of 1..16 nodes, each provider in one region (a data centre), nodes of
 * 1, 2, 4 or 8 GPUs of one of {@code models} models, a price policy per provider around the
 * model's reference price, reputations spread over 0..1000.
 *
 * <p>The stream: one order per simulated second; 70% one GPU, 20% one 8-GPU node, 10% gangs of
 * 4 nodes × 8 GPUs. Each runs 1 to 18 hours (9.5 on average), then its lease expires and gives its
 * GPUs back, so demand (about 5.5 GPUs an order × 34,000 s ≈ 190,000 GPUs busy) settles at about
 * half of the book's GPUs instead of filling it: the stream is steady-state after the first 18
 * simulated hours.
 */
record MarketWorkload(List<GpuModel> models, List<String> regions, int providers) {

    static final int GANG_NODES = 4;
    private static final int[] NODE_SIZES = {1, 1, 1, 2, 2, 4, 4, 8, 8, 8};
    private static final long MIN_SECONDS = 3_600;
    private static final long MAX_SECONDS = 18 * 3_600;

    /** The reference price of model i, micro-CC per GPU-hour: from 0.20 to about 4 CC. */
    static long referencePrice(int model) {
        return 200_000L + 200_000L * model;
    }

    static MarketWorkload catalog(int modelCount, int regionCount) {
        List<GpuModel> models = new ArrayList<>();
        for (int i = 0; i < modelCount; i++) {
            models.add(new GpuModel("GPU-" + (char) ('A' + i % 26) + (i / 26) + "-" + (16 + 8 * (i % 10)) + "GB", 16 + 8 * (i % 10),
                    50 + 50 * i));
        }
        List<String> regions = new ArrayList<>();
        String[] areas = {"eu", "us", "ap", "sa", "af", "me"};
        for (int i = 0; i < regionCount; i++) {
            regions.add(areas[i % areas.length] + "-" + (i / areas.length + 1));
        }
        return new MarketWorkload(List.copyOf(models), List.copyOf(regions), 0);
    }

    /** Lists {@code count} offers through {@code sink}; returns the number of providers that own them. */
    int offers(long seed, int count, Consumer<Offer> sink) {
        var random = new SplittableRandom(seed);
        int made = 0;
        int provider = 0;
        while (made < count) {
            Address owner = address(provider);
            String region = regions.get(random.nextInt(regions.size()));
            Location location = new Location(region, "XX");
            Map<String, Long> floors = new HashMap<>();
            for (int m = 0; m < models.size(); m++) {
                floors.put(models.get(m).name(), referencePrice(m) * (80 + random.nextInt(51)) / 100);
            }
            PricePolicy policy = new PricePolicy(floors, random.nextInt(5) * 100);
            int nodes = Math.min(1 + random.nextInt(16), count - made);
            for (int n = 0; n < nodes; n++) {
                GpuModel model = models.get(popularModel(random));
                int gpus = NODE_SIZES[random.nextInt(NODE_SIZES.length)];
                var hardware = new Hardware(model, gpus, gpus >= 4 && random.nextBoolean() ? Interconnect.NVLINK : Interconnect.PCIE,
                        8 * gpus, 64 * gpus, 500 * gpus, 1_000 * (1 + random.nextInt(25)));
                sink.accept(new Offer(made, owner, hardware, location, policy, Availability.ALWAYS, random.nextInt(1_001), random.nextBoolean()));
                made++;
            }
            provider++;
        }
        return provider;
    }

    /** The order stream; requirements and region rules come from small shared pools, as a real stream repeats itself. */
    List<Order> orders(long seed, int count) {
        var random = new SplittableRandom(seed ^ 0x0DE5L);
        List<GpuRequirement> byName = models.stream().map(m -> (GpuRequirement) GpuRequirement.AnyOf.of(m.name())).toList();
        List<GpuRequirement> byMemory = List.of(new GpuRequirement.AtLeast(48, 0), new GpuRequirement.AtLeast(80, 0),
                new GpuRequirement.AtLeast(40, 500));
        List<RegionRule> rules = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            String home = regions.get(i);
            rules.add(new RegionRule(Set.of(), Set.of(), Optional.of(home)));
            rules.add(new RegionRule(Set.of(home, regions.get((i + 1) % regions.size()), regions.get((i + 2) % regions.size())),
                    Set.of(), Optional.of(home)));
            rules.add(new RegionRule(Set.of(), Set.of(regions.get((i + 3) % regions.size())), Optional.empty()));
        }
        List<Address> tenants = new ArrayList<>();
        for (int t = 0; t < 1_000; t++) {
            tenants.add(address(1_000_000 + t));
        }
        List<Order> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int shape = random.nextInt(10);
            int model = popularModel(random);
            GpuRequirement gpu = random.nextInt(5) == 0 ? byMemory.get(random.nextInt(byMemory.size())) : byName.get(model);
            long maxPrice = referencePrice(gpu instanceof GpuRequirement.AnyOf ? model : models.size() - 1) * 3 / 2;
            int gpus = shape < 7 ? 1 : 8;
            int nodes = shape < 9 ? 1 : GANG_NODES;
            Tier tier = random.nextInt(10) < 3 ? Tier.SPOT : Tier.RESERVED;
            Term term = new Term.Fixed(MIN_SECONDS + random.nextLong(MAX_SECONDS - MIN_SECONDS + 1));
            orders.add(new Order(i, tenants.get(random.nextInt(tenants.size())), gpu, gpus, nodes, NodeMinimums.NONE,
                    rules.get(random.nextInt(rules.size())), random.nextInt(4) == 0 ? 300 : 0, maxPrice, term, tier, nodes > 1));
        }
        return orders;
    }

    /** Models are not equally common: the first third is half of the market. */
    private int popularModel(SplittableRandom random) {
        int third = Math.max(1, models.size() / 3);
        return random.nextBoolean() ? random.nextInt(third) : random.nextInt(models.size());
    }

    static Address address(int n) {
        byte[] key = new byte[32];
        key[0] = 7;
        key[28] = (byte) (n >>> 24);
        key[29] = (byte) (n >>> 16);
        key[30] = (byte) (n >>> 8);
        key[31] = (byte) n;
        return new Address(key);
    }
}
