package dev.gridmint.core.state;

import dev.gridmint.core.codec.ByteReader;
import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.codec.DecodeException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The canonical encoding of the values that both transactions and the state carry. */
public final class ValueCodec {

    private ValueCodec() {}

    public static void write(ByteWriter out, HardwareOffer offer) {
        out.u8(offer.deviceClass().ordinal())
                .text(offer.deviceModel())
                .i32(offer.deviceCount())
                .i64(offer.deviceMemoryMb())
                .i32(offer.cpuCores())
                .i64(offer.memoryMb())
                .text(offer.region())
                .i64(offer.pricePerDeviceHour());
    }

    public static HardwareOffer readOffer(ByteReader in) {
        return valid(() -> new HardwareOffer(
                deviceClass(in.u8()),
                in.text(Limits.MAX_LABEL_BYTES),
                in.i32(),
                in.i64(),
                in.i32(),
                in.i64(),
                in.text(Limits.MAX_LABEL_BYTES),
                in.i64()));
    }

    public static void write(ByteWriter out, JobSpec spec) {
        out.text(spec.workload()).i32(spec.args().size());
        spec.args().forEach(out::text);
        out.i32(spec.devices()).i64(spec.maxSeconds()).i64(spec.maxPricePerDeviceHour());
    }

    public static JobSpec readSpec(ByteReader in) {
        String workload = in.text(Limits.MAX_LABEL_BYTES);
        int argCount = in.count(Limits.MAX_ARGS, "argument");
        List<String> args = new ArrayList<>(argCount);
        for (int i = 0; i < argCount; i++) {
            args.add(in.text(Limits.MAX_ARG_BYTES));
        }
        int devices = in.i32();
        long maxSeconds = in.i64();
        long maxPrice = in.i64();
        return valid(() -> new JobSpec(workload, args, devices, maxSeconds, maxPrice));
    }

    public static void write(ByteWriter out, NetworkParams params) {
        out.i32(params.protocolFeeBps()).i32(params.maxJobAttempts());
    }

    public static NetworkParams readParams(ByteReader in) {
        int feeBps = in.i32();
        int maxAttempts = in.i32();
        return valid(() -> new NetworkParams(feeBps, maxAttempts));
    }

    /** Runs a record constructor on decoded fields, turning its refusal into a decode error. */
    public static <T> T valid(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    private static DeviceClass deviceClass(int ordinal) {
        DeviceClass[] classes = DeviceClass.values();
        if (ordinal >= classes.length) {
            throw new DecodeException("unknown device class " + ordinal);
        }
        return classes[ordinal];
    }
}
