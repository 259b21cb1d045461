package dev.gridmint.node.agent.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the GPU path's two libraries are: the CUDA driver, and the cuBLAS candidates to try in order.
 * The driver ships with every NVIDIA driver install, in the system's library path, so the loader finds
 * it by soname. cuBLAS comes with the CUDA toolkit or a pip wheel, often outside that path, so it is
 * looked for in the usual places first, and by soname last (the loader's cache).
 *
 * @param driver a path or a soname
 * @param cublas paths or sonames, the first that loads is used
 */
public record CudaLibraries(String driver, List<String> cublas) {

    public static final String DRIVER = "libcuda.so.1";
    /** Overrides where the driver is (a path): for a driver outside the loader's path, and for tests. */
    public static final String DRIVER_PROPERTY = "gridmint.cuda.driver";
    /** Overrides where cuBLAS is (a path). */
    public static final String CUBLAS_PROPERTY = "gridmint.cuda.cublas";
    /** cuBLAS 13 first: the CUDA 13 toolkit's, needing a CUDA 13 driver; cuBLAS 12 runs on CUDA 12 and 13 drivers. */
    static final List<String> CUBLAS_SONAMES = List.of("libcublas.so.13", "libcublas.so.12");
    private static final List<String> FIXED_DIRECTORIES = List.of("/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/usr/lib64");
    /** Where pip's nvidia-cublas wheels put the library, under a site-packages folder (CUDA 12 wheels, then 13's). */
    private static final List<String> WHEEL_DIRECTORIES = List.of("nvidia/cublas/lib", "nvidia/cu13/lib");

    public CudaLibraries {
        cublas = List.copyOf(cublas);
        if (cublas.isEmpty()) {
            throw new IllegalArgumentException("at least one cuBLAS candidate");
        }
    }

    /** The same library for both: a test double of the driver that exports cuBLAS's functions too. */
    public static CudaLibraries both(Path library) {
        return new CudaLibraries(library.toString(), List.of(library.toString()));
    }

    /** The system properties' paths where set, else the driver by soname and cuBLAS from {@link #search}. */
    public static CudaLibraries locate() {
        String driver = System.getProperty(DRIVER_PROPERTY, DRIVER);
        String cublas = System.getProperty(CUBLAS_PROPERTY);
        return new CudaLibraries(driver, cublas != null ? List.of(cublas) : search(directories()));
    }

    /** Every cuBLAS file found in {@code directories}, in their order and newest soname first, then the sonames. */
    static List<String> search(List<Path> directories) {
        List<String> found = new ArrayList<>();
        for (Path directory : directories) {
            for (String soname : CUBLAS_SONAMES) {
                Path file = directory.resolve(soname);
                if (Files.isRegularFile(file) && !found.contains(file.toString())) {
                    found.add(file.toString());
                }
            }
        }
        found.addAll(CUBLAS_SONAMES);
        return found;
    }

    /** java.library.path, LD_LIBRARY_PATH, the toolkit's and the distribution's folders, then pip's wheels. */
    private static List<Path> directories() {
        List<Path> directories = new ArrayList<>();
        pathList(System.getProperty("java.library.path")).forEach(directories::add);
        pathList(System.getenv("LD_LIBRARY_PATH")).forEach(directories::add);
        FIXED_DIRECTORIES.stream().map(Path::of).forEach(directories::add);
        sitePackages().forEach(site -> WHEEL_DIRECTORIES.forEach(wheel -> directories.add(site.resolve(wheel))));
        return directories;
    }

    private static Stream<Path> pathList(String list) {
        return list == null ? Stream.empty() : Arrays.stream(list.split(":")).filter(entry -> !entry.isBlank()).map(Path::of);
    }

    /** The site-packages of a virtual environment, the system's Pythons and the user's. */
    private static List<Path> sitePackages() {
        List<Path> roots = new ArrayList<>();
        String venv = System.getenv("VIRTUAL_ENV");
        if (venv != null) {
            roots.add(Path.of(venv, "lib"));
        }
        roots.add(Path.of("/usr/local/lib"));
        roots.add(Path.of("/usr/lib"));
        roots.add(Path.of(System.getProperty("user.home"), ".local/lib"));
        List<Path> sites = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> pythons = Files.list(root)) {
                pythons.filter(python -> python.getFileName().toString().startsWith("python3")).sorted()
                        .forEach(python -> List.of("site-packages", "dist-packages").forEach(site -> sites.add(python.resolve(site))));
            } catch (IOException absent) {
                // no Python there
            }
        }
        return sites;
    }
}
