package dev.gridmint.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeypairFileTest {

    private static final Keypair KEYPAIR = Keypair.fromSeed(
            HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

    @Test
    void formatIsTheSolanaCliJsonArray() {
        String json = KeypairFile.format(KEYPAIR);
        assertThat(json).startsWith("[157,97,177,157,").endsWith(",26]").doesNotContain(" ");
        assertThat(json.split(",")).hasSize(64);
        assertThat(KeypairFile.parse(json).address()).isEqualTo(KEYPAIR.address());
    }

    @Test
    void parseAcceptsJsonWhitespace() {
        String spaced = "\n[ " + String.join(" ,\n  ", numbers(KEYPAIR.toSolanaBytes())) + " ]\n";
        assertThat(KeypairFile.parse(spaced).address()).isEqualTo(KEYPAIR.address());
    }

    static List<String> malformed() {
        List<String> numbers = numbers(KEYPAIR.toSolanaBytes());
        List<String> cases = new ArrayList<>();
        cases.add("");
        cases.add("[]");
        cases.add("[" + String.join(",", numbers.subList(0, 63)) + "]");
        cases.add("[" + String.join(",", numbers) + ",0]");
        cases.add("[" + String.join(",", numbers) + ",]");
        cases.add("[," + String.join(",", numbers) + "]");
        cases.add(String.join(",", numbers));
        cases.add("[" + String.join(",", numbers) + "]x");
        cases.add("[" + String.join(",", numbers) + "]]");
        cases.add("[[" + String.join(",", numbers) + "]");
        cases.add("{" + String.join(",", numbers) + "}");
        cases.add(replaceFirst(numbers, "256"));
        cases.add(replaceFirst(numbers, "1000"));
        cases.add(replaceFirst(numbers, "-1"));
        cases.add(replaceFirst(numbers, "+1"));
        cases.add(replaceFirst(numbers, "1.0"));
        cases.add(replaceFirst(numbers, "1e2"));
        cases.add(replaceFirst(numbers, "0x9d"));
        cases.add(replaceFirst(numbers, "\"157\""));
        cases.add(replaceFirst(numbers, "null"));
        cases.add(replaceFirst(numbers, ""));
        cases.add(replaceFirst(numbers, "1 5 7"));
        cases.add(replaceFirst(numbers, "\u0661\u0665\u0667")); // Arabic-Indic digits 157
        cases.add(replaceFirst(numbers, "\uff11\uff15\uff17")); // full-width digits 157
        return cases;
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void parseIsStrict(String json) {
        assertThatThrownBy(() -> KeypairFile.parse(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseRefusesAPublicHalfThatDoesNotMatch() {
        byte[] bytes = KEYPAIR.toSolanaBytes();
        bytes[63] ^= 1;
        assertThatThrownBy(() -> KeypairFile.parse("[" + String.join(",", numbers(bytes)) + "]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void writeThenReadRoundTrips(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nested/dir/id.json");
        KeypairFile.write(file, KEYPAIR);
        assertThat(Files.readString(file)).isEqualTo(KeypairFile.format(KEYPAIR));
        assertThat(KeypairFile.read(file).address()).isEqualTo(KEYPAIR.address());
    }

    @Test
    void writeRefusesToOverwrite(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("id.json");
        Files.writeString(file, "precious");
        assertThatThrownBy(() -> KeypairFile.write(file, KEYPAIR)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("precious");
    }

    @Test
    void writeMakesTheFileReadableByItsOwnerOnly(@TempDir Path dir) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path file = dir.resolve("id.json");
        KeypairFile.write(file, KEYPAIR);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void readRefusesOversizedFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.json");
        Files.writeString(file, KeypairFile.format(KEYPAIR) + " ".repeat(5_000));
        assertThatThrownBy(() -> KeypairFile.read(file)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readRefusesGarbage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("id.json");
        Files.writeString(file, "not a keypair");
        assertThatThrownBy(() -> KeypairFile.read(file)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> numbers(byte[] bytes) {
        List<String> out = new ArrayList<>();
        for (byte b : bytes) {
            out.add(Integer.toString(b & 0xff));
        }
        return out;
    }

    private static String replaceFirst(List<String> numbers, String replacement) {
        List<String> copy = new ArrayList<>(numbers);
        copy.set(0, replacement);
        return "[" + String.join(",", copy) + "]";
    }
}
