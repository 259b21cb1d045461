package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Not a test: a probe run by hand to measure the heap a large ledger needs.
 *
 * <pre>java -Xmx2g -cp core/target/classes:core/target/test-classes dev.gridmint.core.state.StateMemoryProbe 1000000</pre>
 *
 * Credits N seeded random accounts one transaction at a time (as the transition does), takes the
 * state root every 1,000 credits, then prints the heap used after a full GC and the time taken.
 */
public final class StateMemoryProbe {

    private StateMemoryProbe() {}

    public static void main(String[] args) {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long before = usedAfterGc();
        long start = System.nanoTime();
        var random = new Random(1);
        var state = LedgerState.empty();
        byte[] key = new byte[Address.LENGTH];
        for (int i = 0; i < accounts; i++) {
            random.nextBytes(key);
            state = state.credit(new Address(key), 1_000_000L + i).nextHeight();
            if (i % 1000 == 0) {
                state.root();
            }
        }
        Hash root = state.root();
        long built = System.nanoTime();
        long rootsStart = System.nanoTime();
        int updates = 10_000;
        var probe = state;
        for (int i = 0; i < updates; i++) {
            random.nextBytes(key);
            probe = probe.credit(new Address(key), 1).nextHeight();
            probe.root();
        }
        long rootsEnd = System.nanoTime();
        long used = usedAfterGc() - before;
        System.out.printf("accounts=%d depth=%d root=%s%n", state.accounts().size(), state.accounts().depth(),
                root.shortHex());
        System.out.printf("build_s=%.2f heap_used_after_gc_mb=%.1f bytes_per_account=%.0f max_heap_mb=%d%n",
                (built - start) / 1e9, used / 1048576.0, (double) used / accounts,
                Runtime.getRuntime().maxMemory() / 1048576);
        System.out.printf("update_plus_root_us=%.1f (%d credits on the full state, root after each)%n",
                (rootsEnd - rootsStart) / 1e3 / updates, updates);
        if (probe.accounts().size() < state.accounts().size()) {
            throw new AssertionError();
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }
}
