package dev.gridmint.node.artifact;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What an uploader signs to store an artifact: the method, the content's hash and size, the job
 * and the name it is filed under, a timestamp and a nonce. The signed bytes are domain-separated
 * from transactions and from the agent login, and bind the network, so a signature is good for
 * this one upload and nothing else; the coordinator keeps the nonces it has seen within the
 * timestamp window, so a statement cannot be replayed either.
 *
 * <p>The statement travels in {@code X-Gridmint-*} headers beside the streamed body.
 */
public record UploadStatement(String networkId, Hash sha256, long size, Optional<Hash> jobId, ArtifactKind kind,
        String name, long timestamp, String nonce) {

    public static final String SIGNER = "X-Gridmint-Signer";
    public static final String SIGNATURE = "X-Gridmint-Signature";
    public static final String SIZE = "X-Gridmint-Size";
    public static final String JOB = "X-Gridmint-Job";
    public static final String KIND = "X-Gridmint-Kind";
    public static final String NAME = "X-Gridmint-Name";
    public static final String TIMESTAMP = "X-Gridmint-Timestamp";
    public static final String NONCE = "X-Gridmint-Nonce";
    public static final int MAX_NAME_CHARS = 200;

    private static final byte[] DOMAIN = "gridmint/artifact-upload/v1".getBytes(StandardCharsets.UTF_8);
    private static final String METHOD = "PUT";
    private static final Pattern NONCE_FORMAT = Pattern.compile("[0-9a-f]{16,64}");
    // A name is shown in listings and used as a download's file name: no paths, no control characters.
    private static final Pattern NAME_FORMAT = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME_CHARS + "}");

    public UploadStatement {
        if (size < 0) {
            throw new IllegalArgumentException("the size must not be negative");
        }
        if (!NONCE_FORMAT.matcher(nonce).matches()) {
            throw new IllegalArgumentException("the nonce is 16 to 64 lowercase hex characters");
        }
        if (!NAME_FORMAT.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException("the name is 1 to " + MAX_NAME_CHARS
                    + " letters, digits, '.', '_' or '-', not starting with '.'");
        }
    }

    /** A statement signed by {@code signer}. */
    public record Signed(UploadStatement statement, Address signer, byte[] signature) {

        public boolean verifies() {
            return Ed25519.verify(signer, statement.bytes(), signature);
        }

        /** The request headers that carry it. */
        public Map<String, String> headers() {
            var headers = new LinkedHashMap<String, String>();
            headers.put(SIGNER, signer.toString());
            headers.put(SIGNATURE, Base64.getEncoder().encodeToString(signature));
            headers.put(SIZE, Long.toString(statement.size()));
            statement.jobId().ifPresent(job -> headers.put(JOB, job.hex()));
            headers.put(KIND, statement.kind().wireName());
            headers.put(NAME, statement.name());
            headers.put(TIMESTAMP, Long.toString(statement.timestamp()));
            headers.put(NONCE, statement.nonce());
            return headers;
        }
    }

    public Signed sign(Keypair signer) {
        return new Signed(this, signer.address(), signer.sign(bytes()));
    }

    /**
     * Reads a signed statement from request headers, strictly: every header but the job is required.
     * Throws {@link IllegalArgumentException} naming what is wrong.
     */
    public static Signed fromHeaders(String networkId, Hash sha256, Function<String, String> header) {
        Address signer = Address.parse(required(header, SIGNER));
        byte[] signature = Base64.getDecoder().decode(required(header, SIGNATURE));
        long size = parseLong(required(header, SIZE), SIZE);
        Optional<Hash> job = Optional.ofNullable(header.apply(JOB)).map(Hash::parse);
        var statement = new UploadStatement(networkId, sha256, size, job, ArtifactKind.parse(required(header, KIND)),
                required(header, NAME), parseLong(required(header, TIMESTAMP), TIMESTAMP), required(header, NONCE));
        return new Signed(statement, signer, signature);
    }

    byte[] bytes() {
        return new ByteWriter().fixed(DOMAIN).text(networkId).text(METHOD).hash(sha256).i64(size)
                .text(jobId.map(Hash::hex).orElse("")).text(kind.wireName()).text(name).i64(timestamp).text(nonce)
                .toByteArray();
    }

    private static String required(Function<String, String> header, String name) {
        String value = header.apply(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the header " + name + " is required");
        }
        return value;
    }

    private static long parseLong(String text, String header) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(header + " must be an integer");
        }
    }
}
