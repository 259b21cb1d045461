package dev.gridmint.node.protocol;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Signs and checks an agent's {@link AgentMessage.HardwareReport}. The signature binds the
 * connection's challenge, so a report cannot be replayed on another connection or under another key,
 * and it is domain-separated from logins and transactions. Kept with its signature, a report is
 * evidence: the provider itself claimed these GPUs.
 */
public final class HardwareAttestation {

    /** More GPUs than any one server holds is not a report but an attempt to fill memory. */
    public static final int MAX_GPUS = 64;
    private static final int MAX_UUID_LENGTH = 80;
    private static final Pattern UUID = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final byte[] DOMAIN = "gridmint/agent-hardware/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MEASURED = "measured/v1".getBytes(StandardCharsets.UTF_8);
    /** Ten million Mbit/s or GiB: more than any one machine has, and far from overflowing anything that sums them. */
    private static final long MAX_MEASURE = 10_000_000;

    private HardwareAttestation() {}

    public static AgentMessage.HardwareReport sign(Keypair keypair, AgentMessage.Challenge challenge, List<String> gpuUuids,
            String fingerprint) {
        return sign(keypair, challenge, gpuUuids, fingerprint, null);
    }

    /** As {@link #sign(Keypair, AgentMessage.Challenge, List, String)}, with the agent's measurements under the same signature. */
    public static AgentMessage.HardwareReport sign(Keypair keypair, AgentMessage.Challenge challenge, List<String> gpuUuids,
            String fingerprint, AgentMessage.Measured measured) {
        String address = keypair.address().toString();
        byte[] signature = keypair.sign(message(challenge, address, gpuUuids, fingerprint, measured));
        return new AgentMessage.HardwareReport(address, gpuUuids, fingerprint, Base64.getEncoder().encodeToString(signature), null,
                measured);
    }

    /** Why the report is not acceptable from {@code provider} on the connection challenged with {@code challenge}; empty when it is. */
    public static Optional<String> problem(AgentMessage.Challenge challenge, Address provider, AgentMessage.HardwareReport report) {
        if (!provider.toString().equals(report.address())) {
            return Optional.of("the report names " + report.address() + ", not this connection's provider");
        }
        if (report.gpuUuids().size() > MAX_GPUS) {
            return Optional.of("at most " + MAX_GPUS + " GPUs per report");
        }
        for (String uuid : report.gpuUuids()) {
            if (uuid.length() > MAX_UUID_LENGTH || !UUID.matcher(uuid).matches()) {
                return Optional.of("not a GPU UUID: " + abbreviate(uuid));
            }
        }
        if (report.gpuUuids().stream().distinct().count() != report.gpuUuids().size()) {
            return Optional.of("a GPU UUID is listed twice");
        }
        if (report.fingerprint() == null || !FINGERPRINT.matcher(report.fingerprint()).matches()) {
            return Optional.of("the fingerprint is 64 lowercase hex digits");
        }
        var measured = report.measured();
        if (measured != null && Stream.of(measured.downMbps(), measured.upMbps(), measured.diskFreeGb(), measured.diskTotalGb())
                .anyMatch(value -> value < 0 || value > MAX_MEASURE)) {
            return Optional.of("a measurement is out of range (0.." + MAX_MEASURE + ")");
        }
        try {
            byte[] signature = Base64.getDecoder().decode(report.signature());
            byte[] message = message(challenge, report.address(), report.gpuUuids(), report.fingerprint(), measured);
            return Ed25519.verify(provider, message, signature) ? Optional.empty()
                    : Optional.of("the signature is not the provider's over this connection's challenge");
        } catch (IllegalArgumentException malformed) {
            return Optional.of("the signature is not base64");
        }
    }

    /** A report without measurements signs what it always did; one with them appends them under the same signature. */
    private static byte[] message(AgentMessage.Challenge challenge, String address, List<String> gpuUuids, String fingerprint,
            AgentMessage.Measured measured) {
        ByteWriter writer = new ByteWriter().fixed(DOMAIN).text(challenge.networkId()).text(challenge.nonce()).text(address)
                .text(fingerprint).i32(gpuUuids.size());
        gpuUuids.forEach(writer::text);
        if (measured != null) {
            writer.fixed(MEASURED).i64(measured.downMbps()).i64(measured.upMbps()).i64(measured.diskFreeGb()).i64(measured.diskTotalGb());
        }
        return writer.toByteArray();
    }

    private static String abbreviate(String value) {
        return value.length() <= MAX_UUID_LENGTH ? value : value.substring(0, MAX_UUID_LENGTH) + "…";
    }
}
