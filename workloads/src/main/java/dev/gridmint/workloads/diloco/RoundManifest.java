package dev.gridmint.workloads.diloco;

import dev.gridmint.workloads.train.ParameterVector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The record of one applied round, written after every outer step. With it anyone can check the round: each
 * accepted Δ is recomputable from the θ named by {@code thetaHashBefore}, the seed, the worker's shard and
 * cursor; the averaged update gives {@code thetaHash}. A joiner starts the next round from {@code thetaHash}.
 *
 * <p>{@link #toBytes()} is a canonical ASCII text, one {@code key=value} per line in this field order,
 * lists comma-separated; it is what the node stores and signs as the manifest artifact. The reasons'
 * details stay in the round's verdicts; the manifest keeps their stable codes.
 *
 * @param thetaHashBefore the θ this round's workers started from
 * @param thetaHash       the θ after the outer step: the next round's starting point
 * @param updateHash      SHA-256 of the {@link Broadcast} that carried the update
 * @param optimizerHash   the outer optimizer's state after the step
 */
public record RoundManifest(long round, long seed, int innerSteps, String thetaHashBefore, String thetaHash,
        List<RoundPlan.Assignment> assignments, List<DeltaRef> accepted, List<RejectedRef> rejected,
        List<Integer> late, List<Integer> missing, String updateHash, String optimizerHash) {

    /** The largest manifest accepted by {@link #parse}: far above what 10,000 members need. */
    public static final int MAX_BYTES = 4 << 20;
    private static final String[] KEYS = {"gridmint-diloco-manifest", "round", "seed", "inner_steps",
        "theta_before", "theta", "assignments", "accepted", "rejected", "late", "missing", "update", "optimizer"};
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CODE = Pattern.compile("[a-z_]{1,40}");

    /** An accepted Δ: who sent it for which shard, its weight and the hash of its message. */
    public record DeltaRef(int worker, int shard, long tokens, String sha256) {}

    /** A rejected Δ, with the stable code of the reason. */
    public record RejectedRef(int worker, String sha256, String code) {}

    public RoundManifest {
        assignments = List.copyOf(assignments);
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        late = List.copyOf(late);
        missing = List.copyOf(missing);
        for (String hash : List.of(thetaHashBefore, thetaHash, updateHash, optimizerHash)) {
            requireHash(hash);
        }
        accepted.forEach(d -> requireHash(d.sha256()));
        for (RejectedRef r : rejected) {
            requireHash(r.sha256());
            if (!CODE.matcher(r.code()).matches()) {
                throw new IllegalArgumentException("bad reason code " + r.code());
            }
        }
    }

    public byte[] toBytes() {
        List<String> values = List.of("1", Long.toString(round), Long.toString(seed), Integer.toString(innerSteps),
                thetaHashBefore, thetaHash,
                join(assignments, a -> a.worker() + ":" + a.shard() + "@" + a.cursor()),
                join(accepted, d -> d.worker() + ":" + d.shard() + ":" + d.tokens() + ":" + d.sha256()),
                join(rejected, r -> r.worker() + ":" + r.code() + ":" + r.sha256()),
                join(late, String::valueOf), join(missing, String::valueOf), updateHash, optimizerHash);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < KEYS.length; i++) {
            text.append(KEYS[i]).append('=').append(values.get(i)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public String sha256() {
        return ParameterVector.sha256Hex(toBytes());
    }

    /**
     * Parses a manifest, as a joiner does before it downloads θ. Anything but the exact canonical form
     * (keys in order, numbers without signs or leading zeros, lowercase hashes, a final newline) is refused.
     */
    public static Parsed<RoundManifest> parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return new Parsed.Invalid<>(Parsed.Code.TOO_LARGE, bytes.length + " bytes, at most " + MAX_BYTES);
        }
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n", -1);
        if (lines.length != KEYS.length + 1 || !lines[KEYS.length].isEmpty()) {
            return new Parsed.Invalid<>(Parsed.Code.BAD_FIELD, "expected " + KEYS.length + " lines");
        }
        String[] values = new String[KEYS.length];
        for (int i = 0; i < KEYS.length; i++) {
            if (!lines[i].startsWith(KEYS[i] + "=")) {
                return new Parsed.Invalid<>(i == 0 ? Parsed.Code.BAD_HEADER : Parsed.Code.BAD_FIELD,
                        "line " + (i + 1) + " is not " + KEYS[i]);
            }
            values[i] = lines[i].substring(KEYS[i].length() + 1);
        }
        if (!values[0].equals("1")) {
            return new Parsed.Invalid<>(Parsed.Code.BAD_HEADER, "unknown manifest version " + values[0]);
        }
        RoundManifest manifest;
        try {
            manifest = new RoundManifest(Long.parseLong(values[1]), Long.parseLong(values[2]),
                    Integer.parseInt(values[3]), values[4], values[5],
                    split(values[6], "[:@]", 3, f -> new RoundPlan.Assignment(Integer.parseInt(f[0]),
                            Integer.parseInt(f[1]), Long.parseLong(f[2]))),
                    split(values[7], ":", 4, f -> new DeltaRef(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                            Long.parseLong(f[2]), f[3])),
                    split(values[8], ":", 3, f -> new RejectedRef(Integer.parseInt(f[0]), f[2], f[1])),
                    split(values[9], ":", 1, f -> Integer.parseInt(f[0])),
                    split(values[10], ":", 1, f -> Integer.parseInt(f[0])), values[11], values[12]);
        } catch (IllegalArgumentException e) { // NumberFormatException is one
            return new Parsed.Invalid<>(Parsed.Code.BAD_FIELD, "malformed manifest: " + e.getMessage());
        }
        // Java's number parsing allows "+1" and "007"; the round trip refuses every non-canonical spelling.
        if (!Arrays.equals(manifest.toBytes(), bytes)) {
            return new Parsed.Invalid<>(Parsed.Code.BAD_FIELD, "manifest is not in canonical form");
        }
        return new Parsed.Ok<>(manifest);
    }

    private static <T> List<T> split(String list, String separator, int fields, Function<String[], T> make) {
        List<T> items = new ArrayList<>();
        if (list.isEmpty()) {
            return items;
        }
        for (String item : list.split(",", -1)) {
            String[] f = item.split(separator, -1);
            if (f.length != fields) {
                throw new IllegalArgumentException("item '" + item + "' needs " + fields + " fields");
            }
            items.add(make.apply(f));
        }
        return items;
    }

    private static void requireHash(String hash) {
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("not a lowercase SHA-256 hex: " + hash);
        }
    }

    private static <T> String join(List<T> items, Function<T, String> format) {
        return items.stream().map(format).collect(Collectors.joining(","));
    }
}
