package dev.gridmint.node.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.agent.hardware.GpuInventory.Interconnect;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RocmSmiTest {

    @Test
    void readsTwoMi300xBoards() {
        GpuDiscovery discovery = RocmSmi.parse(new CommandOutput(0, HardwareFixtures.read("mi300x-x2.json")));

        assertThat(discovery).isInstanceOfSatisfying(GpuDiscovery.Found.class, found -> {
            GpuInventory inventory = found.inventory();
            assertThat(inventory.gpus()).hasSize(2);
            assertThat(inventory.model()).isEqualTo("AMD Instinct MI300X");
            assertThat(inventory.driverVersion()).isEqualTo("6.7.0");
            assertThat(inventory.interconnect()).isEqualTo(Interconnect.PCIE);
            GpuDevice first = inventory.gpus().getFirst();
            assertThat(first.vendor()).isEqualTo(GpuDevice.Vendor.AMD);
            assertThat(first.uuid()).isEqualTo("AMD-18e0c2bd41e3d2a6");
            assertThat(first.memoryMb()).isEqualTo(196_288);
            assertThat(first.temperatureC()).isEqualTo(OptionalInt.of(44));
            assertThat(inventory.gpus().get(1).utilization()).isEqualTo(OptionalInt.of(12));
        });
    }

    @Test
    void failuresAndNonsenseAreBrokenAndNoCardIsAbsent() {
        assertThat(RocmSmi.parse(new CommandOutput(2, "ERROR: GPU[0] : Unable to open device"))).isInstanceOf(GpuDiscovery.Broken.class);
        assertThat(RocmSmi.parse(new CommandOutput(0, "WARNING: not json"))).isInstanceOf(GpuDiscovery.Broken.class);
        assertThat(RocmSmi.parse(new CommandOutput(0, "{\"card0\": {\"Card Series\": \"MI250\"}}"))).isInstanceOf(GpuDiscovery.Broken.class);
        assertThat(RocmSmi.parse(new CommandOutput(0, "{\"system\": {\"Driver version\": \"6.7.0\"}}"))).isInstanceOf(GpuDiscovery.Absent.class);
    }
}
