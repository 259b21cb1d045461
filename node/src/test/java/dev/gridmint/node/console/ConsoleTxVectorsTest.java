package dev.gridmint.node.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.TopUpEscrow;
import dev.gridmint.node.inference.gateway.KeyGrant;
import dev.gridmint.node.inference.gateway.KeyRevocation;
import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;

/**
 * The web console signs transactions (and API key statements) in the browser with its own TypeScript encoder. These golden
 * vectors are what the Java codec (the one the CLI signs with) makes of fixed inputs; the console's
 * Vitest suite encodes and signs the same inputs and must produce the same bytes and signature.
 * This test fails when the checked-in fixture is stale, so the two encoders cannot drift apart:
 * regenerate it with {@code -Dgridmint.writeVectors=true}.
 */
class ConsoleTxVectorsTest {

    private static final Path FIXTURE = Path.of("src/main/console/test/tx-vectors.json");
    private static final String NETWORK_ID = "gridmint-devnet";
    private static final Hash JOB = Hash.sha256("a job".getBytes(StandardCharsets.UTF_8));

    @Test
    void theConsoleFixtureHoldsWhatTheJavaCodecSigns() throws IOException {
        String expected = vectorsJson();
        if (Boolean.getBoolean("gridmint.writeVectors")) {
            Files.writeString(FIXTURE, expected);
        }
        assertThat(Files.readString(FIXTURE))
                .as("%s is stale; rerun this test with -Dgridmint.writeVectors=true and the console's tests", FIXTURE)
                .isEqualTo(expected);
    }

    static String vectorsJson() {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (i * 7 + 1);
        }
        Keypair key = Keypair.fromSeed(seed);
        var plain = new JobSpec("train-names", List.of("--steps", "300", "--seed", "7"), 1, 600, 2_000_000);
        var demanding = new JobSpec("train-names", List.of("--steps", "50"), 2, 120, 1_500_000,
                new JobRequirements(List.of("H100-80GB", "A100-80GB"), 0, List.of("us-east", "eu-west"),
                        List.of("ap-south"), true, 30));
        var vram = new JobSpec("train-names", List.of(), 1, 60, 900_000,
                new JobRequirements(List.of(), 40, List.of(), List.of(), false, 0));
        List<Map<String, Object>> vectors = new ArrayList<>();
        vectors.add(submit(key, 1, "submit-job", plain));
        vectors.add(submit(key, 2, "submit-job-with-requirements", demanding));
        vectors.add(submit(key, 3, "submit-job-min-vram", vram));
        vectors.add(vector(key, 4, "top-up-escrow", Map.of("jobId", JOB.hex(), "credits", 250_000L), new TopUpEscrow(JOB, 250_000)));
        vectors.add(vector(key, 5, "cancel-job", Map.of("jobId", JOB.hex()), new CancelJob(JOB)));
        Map<String, Object> fixture = new LinkedHashMap<>();
        fixture.put("comment", "Written by node's ConsoleTxVectorsTest from the Java codec; do not edit by hand.");
        fixture.put("seed", HexFormat.of().formatHex(seed));
        fixture.put("address", key.address().toString());
        fixture.put("networkId", NETWORK_ID);
        fixture.put("vectors", vectors);
        fixture.put("keyStatements", keyStatements(key));
        return Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(fixture) + "\n";
    }

    /** The wallet's statements about its API keys, which the console's Wallet page signs too. */
    private static Map<String, Object> keyStatements(Keypair key) {
        var grant = KeyGrant.sign(key, NETWORK_ID, 77, 1_800_000_000L, 5_000_000L);
        var revocation = KeyRevocation.sign(key, NETWORK_ID, "3f9a0c41b2d7", 78, 1_800_000_060L);
        Map<String, Object> grantVector = new LinkedHashMap<>();
        grantVector.put("nonce", grant.nonce());
        grantVector.put("expires", grant.expires());
        grantVector.put("limitMicroCc", grant.limitMicroCc());
        grantVector.put("message", HexFormat.of().formatHex(KeyGrant.message(NETWORK_ID, key.address(), grant.nonce(), grant.expires(),
                grant.limitMicroCc())));
        grantVector.put("signature", HexFormat.of().formatHex(grant.signature()));
        Map<String, Object> revocationVector = new LinkedHashMap<>();
        revocationVector.put("keyId", revocation.keyId());
        revocationVector.put("nonce", revocation.nonce());
        revocationVector.put("expires", revocation.expires());
        revocationVector.put("message", HexFormat.of().formatHex(KeyRevocation.message(NETWORK_ID, key.address(), revocation.keyId(),
                revocation.nonce(), revocation.expires())));
        revocationVector.put("signature", HexFormat.of().formatHex(revocation.signature()));
        Map<String, Object> statements = new LinkedHashMap<>();
        statements.put("grant", grantVector);
        statements.put("revocation", revocationVector);
        return statements;
    }

    private static Map<String, Object> submit(Keypair key, long nonce, String name, JobSpec spec) {
        var requirements = spec.requirements();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("workload", spec.workload());
        fields.put("args", spec.args());
        fields.put("devices", spec.devices());
        fields.put("maxSeconds", spec.maxSeconds());
        fields.put("maxPricePerDeviceHour", spec.maxPricePerDeviceHour());
        fields.put("gpuModels", requirements.gpuModels());
        fields.put("minVramGb", requirements.minVramGb());
        fields.put("regions", requirements.regions());
        fields.put("deniedRegions", requirements.deniedRegions());
        fields.put("spot", requirements.spot());
        fields.put("auctionSeconds", requirements.auctionSeconds());
        // The escrow is what 'gridmint job submit' locks: the worst case the spec can cost.
        fields.put("escrow", spec.worstCaseCost());
        return vector(key, nonce, name, fields, new SubmitJob(spec, spec.worstCaseCost()));
    }

    private static Map<String, Object> vector(Keypair key, long nonce, String name, Map<String, Object> fields, TxPayload payload) {
        SignedTx tx = SignedTx.sign(key, NETWORK_ID, nonce, payload);
        Map<String, Object> vector = new LinkedHashMap<>();
        vector.put("name", name);
        vector.put("nonce", nonce);
        vector.put("fields", new java.util.TreeMap<>(fields));
        vector.put("signingMessage", HexFormat.of().formatHex(tx.signingMessage()));
        vector.put("signature", HexFormat.of().formatHex(tx.signature()));
        vector.put("tx", HexFormat.of().formatHex(tx.encode()));
        vector.put("txHash", tx.hash().hex());
        return vector;
    }
}
