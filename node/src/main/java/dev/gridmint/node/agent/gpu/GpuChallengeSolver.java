package dev.gridmint.node.agent.gpu;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.agent.gpu.Cuda.DeviceBuffer;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengeMatrices;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.verify.challenge.ChallengeResponse;
import dev.gridmint.verify.challenge.ChallengeSolver;
import dev.gridmint.verify.challenge.Precision;
import dev.gridmint.verify.challenge.RowMerkle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

/**
 * Proof-of-GPU on an NVIDIA GPU: the same answer as verify's {@link ChallengeSolver}, bit for bit in
 * the inputs and the commitment, with everything of size n² on the device. The host derives each row's
 * generator seed (2n SHA-256s) and uploads them; the kernels of {@code challenge.cu} draw A and B; cuBLAS
 * multiplies them with fp32 accumulation; a kernel hashes each row of C into its Merkle leaf. Only the n
 * leaves come back to build the tree, and then only the rows the root selects. The reported time covers
 * all of it, from the seeds to the root, as on the CPU path.
 *
 * <p>A CUDA context is current per OS thread, and an agent's messages arrive on virtual threads that
 * may change carrier between two calls, so every CUDA call runs on one platform thread this solver owns.
 */
public final class GpuChallengeSolver implements AutoCloseable {

    /** The PTX that {@code node/src/main/cuda/build-ptx.sh} makes from {@code challenge.cu}. */
    static final String PTX_RESOURCE = "challenge.ptx";
    /** Room left beside the challenge's buffers: cuBLAS's workspace and the driver's own allocations. */
    static final long HEADROOM_BYTES = 512L << 20;
    private static final int GENERATE_THREADS = 256;
    private static final int LEAF_THREADS = 128;
    private static final int LEAF_BYTES = Hash.LENGTH;

    /** Whether the GPU path can run here, and with what, or why not. */
    public sealed interface Availability {
        record Ready(GpuChallengeSolver solver, String description) implements Availability {}

        record Unavailable(String reason) implements Availability {}
    }

    private final ExecutorService deviceThread;
    private final Device device;
    private final ChallengeSolver signer;
    private final LongSupplier nanoClock;

    private GpuChallengeSolver(ExecutorService deviceThread, Device device, ChallengeSolver signer, LongSupplier nanoClock) {
        this.deviceThread = deviceThread;
        this.device = device;
        this.signer = signer;
        this.nanoClock = nanoClock;
    }

    /**
     * Loads the driver and cuBLAS, takes device 0 and loads the kernels (the driver compiles the PTX
     * for the GPU here, so this also moves that cost out of the first challenge's clock).
     */
    public static Availability open(CudaLibraries libraries, Keypair provider, ChallengePolicy policy, LongSupplier nanoClock) {
        ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("gridmint-cuda").daemon().factory());
        try {
            Device device = onThread(thread, () -> Device.open(libraries));
            var solver = new GpuChallengeSolver(thread, device, new ChallengeSolver(provider, nanoClock, policy), nanoClock);
            return new Availability.Ready(solver, "CUDA driver " + device.cuda().library() + ", cuBLAS " + device.cublas().library());
        } catch (NativeLibrary.LibraryUnavailable | CudaException e) {
            thread.shutdown();
            return new Availability.Unavailable(e.getMessage());
        }
    }

    /** Why the device cannot hold this challenge's A, B and C with headroom, or empty when it can. */
    public Optional<String> tooLarge(Challenge challenge) {
        long needed = requiredBytes(challenge.n(), challenge.precision());
        long free = onThread(deviceThread, () -> device.cuda().freeBytes());
        if (needed <= free) {
            return Optional.empty();
        }
        return Optional.of("a " + challenge.n() + "x" + challenge.n() + " " + challenge.precision() + " product needs " + gigabytes(needed)
                + " of GPU memory with headroom; " + gigabytes(free) + " is free");
    }

    /**
     * Solves a challenge on the GPU. With {@code wrongProduct} (TEST ONLY, the agent's
     * {@code Cheat.WRONG_PRODUCT}) C starts as all ones and the GEMM adds to it (beta = 1), so every
     * element is off by one, committed and signed as if right.
     *
     * @throws CudaException when the GPU fails the challenge
     */
    public ChallengeResponse solve(Challenge challenge, boolean wrongProduct) {
        return onThread(deviceThread, () -> compute(challenge, wrongProduct));
    }

    /** Frees the GPU after any challenge in flight; closing again does nothing. */
    @Override
    public synchronized void close() {
        if (!deviceThread.isShutdown()) {
            deviceThread.execute(device::close);
            deviceThread.shutdown();
        }
    }

    /** A, B and C, the seeds, the leaves and the headroom. */
    static long requiredBytes(int n, Precision precision) {
        long elements = (long) n * n;
        return elements * (2L * Format.of(precision).bytes() + Float.BYTES) + (long) n * (2 * Long.BYTES + LEAF_BYTES) + HEADROOM_BYTES;
    }

    private ChallengeResponse compute(Challenge challenge, boolean wrongProduct) {
        int n = challenge.n();
        long elements = (long) n * n;
        Format format = Format.of(challenge.precision());
        Cuda cuda = device.cuda();
        long start = nanoClock.getAsLong();
        ChallengeMatrices matrices = ChallengeMatrices.of(challenge);
        try (Arena host = Arena.ofConfined();
             DeviceBuffer aSeeds = upload(rowSeeds(host, n, matrices::aRowSeed));
             DeviceBuffer bSeeds = upload(rowSeeds(host, n, matrices::bRowSeed));
             DeviceBuffer tag = upload(host.allocateFrom(JAVA_BYTE, RowMerkle.leafTag()));
             DeviceBuffer a = cuda.allocate(elements * format.bytes());
             DeviceBuffer b = cuda.allocate(elements * format.bytes());
             DeviceBuffer product = cuda.allocate(elements * Float.BYTES);
             DeviceBuffer leaves = cuda.allocate((long) n * LEAF_BYTES)) {
            cuda.launch(device.generate(), n, GENERATE_THREADS, aSeeds.pointer(), n, format.kernelCode(), a.pointer());
            cuda.launch(device.generate(), n, GENERATE_THREADS, bSeeds.pointer(), n, format.kernelCode(), b.pointer());
            if (wrongProduct) {
                cuda.fill(product.pointer(), Float.floatToRawIntBits(1f), elements);
            }
            device.cublas().multiply(n, format.input(), a.pointer(), b.pointer(), product.pointer(), wrongProduct ? 1f : 0f);
            cuda.launch(device.leaves(), (n + LEAF_THREADS - 1) / LEAF_THREADS, LEAF_THREADS, tag.pointer(), (int) tag.bytes(),
                    product.pointer(), n, leaves.pointer());
            cuda.synchronize();
            RowMerkle tree = RowMerkle.fromLeaves(download(host, leaves, n), row -> row(host, product, n, row));
            long elapsed = nanoClock.getAsLong() - start;
            return signer.respond(challenge, tree, elapsed);
        }
    }

    /** Each row's generator seed: cheap next to the product, and spread over the host's cores. */
    private static MemorySegment rowSeeds(Arena host, int n, IntToLongFunction seed) {
        return host.allocateFrom(JAVA_LONG, IntStream.range(0, n).parallel().mapToLong(seed::applyAsLong).toArray());
    }

    private DeviceBuffer upload(MemorySegment values) {
        DeviceBuffer buffer = device.cuda().allocate(values.byteSize());
        try {
            device.cuda().copyToDevice(buffer.pointer(), values);
            return buffer;
        } catch (RuntimeException e) {
            buffer.close();
            throw e;
        }
    }

    private Hash[] download(Arena host, DeviceBuffer leaves, int n) {
        MemorySegment bytes = host.allocate(leaves.bytes());
        device.cuda().copyToHost(bytes, leaves.pointer());
        Hash[] hashes = new Hash[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = new Hash(bytes.asSlice((long) i * LEAF_BYTES, LEAF_BYTES).toArray(JAVA_BYTE));
        }
        return hashes;
    }

    /** One row of C, copied back for an opening (little-endian fp32 on the device, as on the host). */
    private float[] row(Arena host, DeviceBuffer product, int n, int row) {
        MemorySegment values = host.allocate(JAVA_FLOAT, n);
        device.cuda().copyToHost(values, product.pointer() + (long) row * n * Float.BYTES);
        return values.toArray(JAVA_FLOAT);
    }

    static String ptx() {
        try (InputStream in = GpuChallengeSolver.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(PTX_RESOURCE + " is missing from the build: run node/src/main/cuda/build-ptx.sh");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String gigabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private static <T> T onThread(ExecutorService thread, Callable<T> task) {
        try {
            return thread.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the GPU", e);
        }
    }

    /**
     * How a precision is stored and named on the device.
     *
     * @param kernelCode the precision's code in {@code challenge.cu} (GM_FP32, GM_FP16, GM_BF16)
     */
    private record Format(int kernelCode, Cublas.Input input, int bytes) {
        static Format of(Precision precision) {
            return switch (precision) {
                case FP32 -> new Format(0, Cublas.Input.FP32, Float.BYTES);
                case FP16 -> new Format(1, Cublas.Input.FP16, 2);
                case BF16 -> new Format(2, Cublas.Input.BF16, 2);
            };
        }
    }

    /** The driver, cuBLAS and the loaded kernels; used on the device thread only. */
    record Device(Cuda cuda, Cublas cublas, MemorySegment module, MemorySegment generate, MemorySegment leaves) implements AutoCloseable {

        static Device open(CudaLibraries libraries) {
            Cuda cuda = Cuda.open(libraries.driver());
            try {
                Cublas cublas = openCublas(libraries.cublas());
                try {
                    MemorySegment module = cuda.loadModule(ptx());
                    return new Device(cuda, cublas, module, cuda.function(module, "gm_generate"), cuda.function(module, "gm_leaves"));
                } catch (RuntimeException e) {
                    cublas.close();
                    throw e;
                }
            } catch (RuntimeException e) {
                cuda.close();
                throw e;
            }
        }

        /** The first candidate that loads; a cuBLAS that loads and then fails to start is an error, not a reason to try the next. */
        private static Cublas openCublas(List<String> candidates) {
            List<String> failures = new ArrayList<>();
            for (String candidate : candidates) {
                try {
                    return Cublas.open(candidate);
                } catch (NativeLibrary.LibraryUnavailable e) {
                    failures.add(e.getMessage());
                }
            }
            throw new NativeLibrary.LibraryUnavailable("no cuBLAS could be loaded: " + String.join("; ", failures));
        }

        @Override
        public void close() {
            cuda.unloadModule(module);
            cublas.close();
            cuda.close();
        }
    }
}
