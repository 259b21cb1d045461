package dev.gridmint.node.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaLibrariesTest {

    @Test
    void cublasFilesFoundComeFirstInFolderOrderNewestFirstThenTheSonames(@TempDir Path root) throws IOException {
        Path toolkit = Files.createDirectories(root.resolve("cuda/lib64"));
        Path wheel = Files.createDirectories(root.resolve("site-packages/nvidia/cublas/lib"));
        Files.createFile(toolkit.resolve("libcublas.so.12"));
        Files.createFile(toolkit.resolve("libcublas.so.13"));
        Files.createFile(wheel.resolve("libcublas.so.12"));

        List<String> found = CudaLibraries.search(List.of(root.resolve("absent"), toolkit, wheel, toolkit));

        assertThat(found).containsExactly(toolkit.resolve("libcublas.so.13").toString(), toolkit.resolve("libcublas.so.12").toString(),
                wheel.resolve("libcublas.so.12").toString(), "libcublas.so.13", "libcublas.so.12");
    }

    @Test
    void theDriverIsLeftToTheLoadersSearchUnlessAPropertyNamesIt() {
        assertThat(CudaLibraries.locate().driver()).isEqualTo(System.getProperty(CudaLibraries.DRIVER_PROPERTY, CudaLibraries.DRIVER));
        assertThat(CudaLibraries.locate().cublas()).endsWith("libcublas.so.13", "libcublas.so.12");
    }
}
