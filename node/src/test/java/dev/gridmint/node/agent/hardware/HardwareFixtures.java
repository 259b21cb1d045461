package dev.gridmint.node.agent.hardware;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The GPU tools' outputs under {@code src/test/resources/hardware} (see its README). */
public final class HardwareFixtures {

    private HardwareFixtures() {}

    /** The four {@code nvidia-smi} outputs of one machine, the query having exited {@code exitCode}. */
    public static NvidiaSmi.Outputs nvidia(String machine, int exitCode) {
        return new NvidiaSmi.Outputs(new CommandOutput(exitCode, read(machine + "/query.csv")), read(machine + "/list.txt"),
                read(machine + "/topo.txt"), read(machine + "/summary.txt"));
    }

    public static String read(String name) {
        try (InputStream in = HardwareFixtures.class.getResourceAsStream("/hardware/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
