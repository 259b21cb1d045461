package dev.gridmint.core.state;

import static dev.gridmint.core.state.Checks.positive;

import java.util.List;

/**
 * What a tenant orders.
 *
 * @param workload the built-in workload to run, such as {@code train-names}
 * @param args its arguments, passed as they are
 * @param devices devices it needs on one node
 * @param maxSeconds the longest it may run; usage beyond this is never billed
 * @param maxPricePerDeviceHour the most the tenant pays, in micro-CC per device-hour
 * @param requirements what else the machine must offer (models, VRAM, regions, spot); {@link JobRequirements#NONE} for nothing
 * @param nodes how many nodes run it at once, each with {@code devices} devices: 1 for a plain job, more for a
 *        gang, which is placed whole or not at all (1..{@value #MAX_NODES})
 */
public record JobSpec(String workload, List<String> args, int devices, long maxSeconds, long maxPricePerDeviceHour,
                      JobRequirements requirements, int nodes) {

    /** The most nodes one gang spans; the market's own limit for a multi-node order. */
    public static final int MAX_NODES = 64;

    /** A job that asks nothing beyond devices and price. */
    public JobSpec(String workload, List<String> args, int devices, long maxSeconds, long maxPricePerDeviceHour) {
        this(workload, args, devices, maxSeconds, maxPricePerDeviceHour, JobRequirements.NONE);
    }

    /** A job on one node. */
    public JobSpec(String workload, List<String> args, int devices, long maxSeconds, long maxPricePerDeviceHour,
                   JobRequirements requirements) {
        this(workload, args, devices, maxSeconds, maxPricePerDeviceHour, requirements, 1);
    }

    public JobSpec {
        Checks.label(workload, "workload", Limits.MAX_LABEL_BYTES);
        args = List.copyOf(args);
        if (args.size() > Limits.MAX_ARGS) {
            throw new IllegalArgumentException("a job takes at most " + Limits.MAX_ARGS + " arguments");
        }
        args.forEach(arg -> Checks.text(arg, "argument", Limits.MAX_ARG_BYTES));
        positive(devices, "devices");
        if (devices > HardwareOffer.MAX_DEVICES) {
            throw new IllegalArgumentException("devices must be at most " + HardwareOffer.MAX_DEVICES);
        }
        positive(maxSeconds, "max seconds");
        if (maxSeconds > Limits.MAX_JOB_SECONDS) {
            throw new IllegalArgumentException("max seconds must be at most " + Limits.MAX_JOB_SECONDS);
        }
        positive(maxPricePerDeviceHour, "max price per device-hour");
        if (maxPricePerDeviceHour > Limits.MAX_PRICE_PER_DEVICE_HOUR) {
            throw new IllegalArgumentException("max price per device-hour must be at most " + Limits.MAX_PRICE_PER_DEVICE_HOUR);
        }
        if (requirements == null) {
            throw new IllegalArgumentException("requirements are NONE, not null");
        }
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be 1.." + MAX_NODES);
        }
        if (nodes > 1 && requirements.isAuction()) {
            // An auction awards one provider's bid; a gang is matched instantly, all its nodes at once.
            throw new IllegalArgumentException("a multi-node job is matched instantly, not put to auction");
        }
    }

    public JobSpec withRequirements(JobRequirements newRequirements) {
        return new JobSpec(workload, args, devices, maxSeconds, maxPricePerDeviceHour, newRequirements, nodes);
    }

    public JobSpec withNodes(int newNodes) {
        return new JobSpec(workload, args, devices, maxSeconds, maxPricePerDeviceHour, requirements, newNodes);
    }

    /** Whether the job runs on more than one node at once. */
    public boolean isGang() {
        return nodes > 1;
    }

    /** Devices over all its nodes. */
    public int totalDevices() {
        return devices * nodes;
    }

    /** The escrow, in micro-CC, that covers the longest run of every node at the highest price, rounded up. */
    public long worstCaseCost() {
        return Pricing.charge(maxPricePerDeviceHour, totalDevices(), maxSeconds * 1000);
    }

}
