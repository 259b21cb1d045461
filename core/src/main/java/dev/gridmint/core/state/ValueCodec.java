package dev.gridmint.core.state;

import dev.gridmint.core.codec.ByteReader;
import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.codec.DecodeException;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.Slashing.SlashTerms;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.GovernanceParams;
import dev.gridmint.core.params.GpuStakeClass;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.OracleParams;
import dev.gridmint.core.params.StakingParams;
import dev.gridmint.core.params.TokenParams;
import dev.gridmint.core.params.VerificationParams;
import java.math.BigInteger;
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

    /**
     * A job's requirements, less its minimums. They are written only where the carrier says they follow (a tag in a
     * transaction, a flag in a job's state), so a job without them encodes as it did before they existed.
     */
    public static void write(ByteWriter out, JobRequirements requirements) {
        writeTexts(out, requirements.gpuModels());
        out.i32(requirements.minVramGb());
        writeTexts(out, requirements.regions());
        writeTexts(out, requirements.deniedRegions());
        out.bool(requirements.spot()).i32(requirements.auctionSeconds());
    }

    /**
     * A job's TFLOPS and reputation minimums, after its other requirements. Only requirements that
     * have minimums carry them (under their own tag or flag), so older jobs keep their encoding.
     */
    public static void writeMinimums(ByteWriter out, JobRequirements requirements) {
        out.i32(requirements.minTflops()).i32(requirements.minReputation());
    }

    /**
     * Requirements, followed by their minimums when the carrier says so. Either way only one
     * encoding is accepted: none at all is written as nothing, and zero minimums are not written.
     */
    public static JobRequirements readRequirements(ByteReader in, boolean withMinimums) {
        JobRequirements requirements = readRequirementFields(in, withMinimums);
        if (withMinimums && !requirements.hasMinimums()) {
            throw new DecodeException("requirements without minimums are written without them");
        }
        if (requirements.isNone()) {
            throw new DecodeException("empty requirements are written as none at all");
        }
        return requirements;
    }

    /**
     * Requirements with their minimums, all written whatever their values: the one encoding where a carrier
     * always writes them in full (a gang's), so none and zero minimums are valid here.
     */
    public static JobRequirements readFullRequirements(ByteReader in) {
        return readRequirementFields(in, true);
    }

    private static JobRequirements readRequirementFields(ByteReader in, boolean withMinimums) {
        List<String> models = readTexts(in, JobRequirements.MAX_MODEL_BYTES, "GPU model");
        int minVram = in.i32();
        List<String> regions = readTexts(in, Limits.MAX_LABEL_BYTES, "region");
        List<String> denied = readTexts(in, Limits.MAX_LABEL_BYTES, "denied region");
        boolean spot = in.bool();
        int auctionSeconds = in.i32();
        int minTflops = withMinimums ? in.i32() : 0;
        int minReputation = withMinimums ? in.i32() : 0;
        return valid(() -> new JobRequirements(models, minVram, regions, denied, spot, auctionSeconds, minTflops, minReputation));
    }

    private static void writeTexts(ByteWriter out, List<String> texts) {
        out.i32(texts.size());
        texts.forEach(out::text);
    }

    private static List<String> readTexts(ByteReader in, int maxBytes, String what) {
        int count = in.count(JobRequirements.MAX_ENTRIES, what);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(in.text(maxBytes));
        }
        return texts;
    }

    public static void write(ByteWriter out, NetworkParams params) {
        out.i32(params.maxJobAttempts());
        TokenParams token = params.token();
        out.i64(token.maxSupply()).i32(token.providerRewardBps()).i32(token.checkerRewardBps());
        CreditParams credits = params.credits();
        out.i32(credits.spreadBps()).i32(credits.protocolFeeBps()).i32(credits.warnRatioBps())
                .i32(credits.haltRatioBps()).i64(credits.minRunwaySeconds());
        OracleParams oracle = params.oracle();
        writeAddresses(out, oracle.reporters());
        out.i32(oracle.minReports()).i64(oracle.maxAgeSeconds()).i32(oracle.maxDeviationBps());
        EmissionParams emission = params.emission();
        out.i64(emission.epochSeconds()).i32(emission.providerFirstYearBps()).i32(emission.providerDecayBps())
                .i32(emission.providerDecayPeriodYears()).i32(emission.providerYears()).i32(emission.checkerYears()).i32(emission.workShareBps())
                .i32(emission.netEmissionCapBps());
        StakingParams staking = params.staking();
        out.i64(staking.gpuStakeUnit()).i64(staking.cpuStakeUnit()).i64(staking.minCheckerStake())
                .i32(staking.delegationCommissionBps()).i64(staking.unbondingSeconds());
        out.i32(staking.gpuClasses().size());
        staking.gpuClasses().forEach(gpuClass -> out.i64(gpuClass.minMemoryMb()).i32(gpuClass.unitBps()));
        SlashTerms slashing = params.slashing();
        out.i32(slashing.declaredOutageMilliDays()).i32(slashing.undeclaredOutageMilliDays())
                .i32(slashing.downtimeStakeBps()).i32(slashing.fraudStakeBps()).i32(slashing.earlyExitBaseDays())
                .i32(slashing.earlyExitMaxAgeDays()).i32(slashing.reporterShareBps());
        GovernanceParams governance = params.governance();
        writeAddresses(out, governance.council());
        out.i32(governance.threshold()).i64(governance.proposalTtlSeconds());
        VerificationParams verification = params.verification();
        out.i32(verification.kappaBps()).i32(verification.reputationAlphaBps()).i32(verification.fraudThreshold())
                .i32(verification.outvoteTolerance()).i32(verification.lieThreshold()).i32(verification.lieQuorum())
                .i32(verification.lieSlashBps());
    }

    public static NetworkParams readParams(ByteReader in) {
        int maxJobAttempts = in.i32();
        long maxSupply = in.i64();
        int providerShare = in.i32();
        int checkerShare = in.i32();
        TokenParams token = valid(() -> new TokenParams(maxSupply, providerShare, checkerShare));
        int spread = in.i32();
        int fee = in.i32();
        int warn = in.i32();
        int halt = in.i32();
        long runway = in.i64();
        CreditParams credits = valid(() -> new CreditParams(spread, fee, warn, halt, runway));
        List<Address> reporters = readAddresses(in, OracleParams.MAX_REPORTERS, "oracle reporter");
        int minReports = in.i32();
        long maxAge = in.i64();
        int deviation = in.i32();
        OracleParams oracle = valid(() -> new OracleParams(reporters, minReports, maxAge, deviation));
        long epochSeconds = in.i64();
        int firstYear = in.i32();
        int decay = in.i32();
        int decayPeriod = in.i32();
        int providerYears = in.i32();
        int checkerYears = in.i32();
        int workShare = in.i32();
        int netCap = in.i32();
        EmissionParams emission = valid(() -> new EmissionParams(epochSeconds, firstYear, decay, decayPeriod, providerYears,
                checkerYears, workShare, netCap));
        long gpuUnit = in.i64();
        long cpuUnit = in.i64();
        long minChecker = in.i64();
        int commission = in.i32();
        long unbonding = in.i64();
        int classCount = in.count(StakingParams.MAX_GPU_CLASSES, "GPU class");
        List<GpuStakeClass> gpuClasses = new ArrayList<>(classCount);
        for (int i = 0; i < classCount; i++) {
            long minMemory = in.i64();
            int unitBps = in.i32();
            gpuClasses.add(valid(() -> new GpuStakeClass(minMemory, unitBps)));
        }
        StakingParams staking = valid(() -> new StakingParams(gpuUnit, cpuUnit, minChecker, commission, unbonding, gpuClasses));
        int declared = in.i32();
        int undeclared = in.i32();
        int downtime = in.i32();
        int fraud = in.i32();
        int exitBase = in.i32();
        int exitMaxAge = in.i32();
        int reporterShare = in.i32();
        SlashTerms slashing = valid(() -> new SlashTerms(declared, undeclared, downtime, fraud, exitBase, exitMaxAge,
                reporterShare));
        List<Address> council = readAddresses(in, GovernanceParams.MAX_COUNCIL, "council member");
        int threshold = in.i32();
        long ttl = in.i64();
        GovernanceParams governance = valid(() -> new GovernanceParams(council, threshold, ttl));
        VerificationParams verification = readVerification(in);
        return valid(() -> new NetworkParams(maxJobAttempts, token, credits, oracle, emission, staking, slashing,
                governance, verification));
    }

    private static VerificationParams readVerification(ByteReader in) {
        int kappa = in.i32();
        int alpha = in.i32();
        int fraud = in.i32();
        int tolerance = in.i32();
        int lie = in.i32();
        int quorum = in.i32();
        int lieSlash = in.i32();
        return valid(() -> new VerificationParams(kappa, alpha, fraud, tolerance, lie, quorum, lieSlash));
    }

    public static void writeAddresses(ByteWriter out, List<Address> addresses) {
        out.i32(addresses.size());
        addresses.forEach(out::address);
    }

    public static List<Address> readAddresses(ByteReader in, int max, String what) {
        int count = in.count(max, what);
        List<Address> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(in.address());
        }
        return addresses;
    }

    /** A non-negative big integer as a length-prefixed big-endian magnitude (reward indexes). */
    public static void write(ByteWriter out, BigInteger value) {
        out.bytes(value.toByteArray());
    }

    public static BigInteger readBigInteger(ByteReader in) {
        byte[] bytes = in.bytes(64);
        if (bytes.length == 0) {
            throw new DecodeException("a big integer has at least one byte");
        }
        BigInteger value = new BigInteger(bytes);
        if (value.signum() < 0) {
            throw new DecodeException("a reward index must not be negative");
        }
        return value;
    }

    /** Runs a record constructor on decoded fields, turning its refusal into a decode error. */
    public static <T> T valid(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    public static VerdictKind verdictKind(int ordinal) {
        return constant(VerdictKind.values(), ordinal, "verdict kind");
    }

    private static DeviceClass deviceClass(int ordinal) {
        return constant(DeviceClass.values(), ordinal, "device class");
    }

    /** The enum constant an encoded ordinal names; an ordinal past the last is a decode error. */
    public static <E extends Enum<E>> E constant(E[] values, int ordinal, String what) {
        if (ordinal >= values.length) {
            throw new DecodeException("unknown " + what + " " + ordinal);
        }
        return values[ordinal];
    }
}
