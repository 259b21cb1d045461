package dev.gridmint.market.sdl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damaged SDL files give a value, never an exception: each test file is cut, has lines dropped,
 * duplicated or swapped and characters changed, from a fixed seed, and every result must be either
 * imported or rejected with at least one coded error that has a message.
 */
class SdlRobustnessTest {

    private static final List<String> FILES = List.of("inference-single-gpu.yaml", "training-gang.yaml", "cpu-only.yaml",
            "akt-priced.yaml", "unsupported-fields.yaml");
    private static final String NOISE = " :-[]{}&*!|>'\"#,?%@`\t\n0123456789aZ.~";

    @Test
    void mutatedFilesNeverThrow() {
        Random random = new Random(20261202);
        int rejected = 0;
        for (String file : FILES) {
            String original = SdlImporterTest.resource(file);
            for (int i = 0; i < 400; i++) {
                String text = mutate(original, random);
                SdlImport result = SdlImporter.importSdl(text, SdlImporterTest.USD_ONLY);
                if (result instanceof SdlImport.Rejected r) {
                    rejected++;
                    assertThat(r.errors()).as(text).isNotEmpty().allSatisfy(e -> assertThat(e.message()).isNotBlank());
                }
            }
        }
        // Most damage must be caught; a mutator that never broke anything would make this test pointless.
        assertThat(rejected).isGreaterThan(FILES.size() * 400 / 3);
    }

    private static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        switch (random.nextInt(5)) {
            case 0 -> lines.remove(random.nextInt(lines.size()));
            case 1 -> lines.add(random.nextInt(lines.size()), lines.get(random.nextInt(lines.size())));
            case 2 -> {
                int a = random.nextInt(lines.size());
                int b = random.nextInt(lines.size());
                String line = lines.get(a);
                lines.set(a, lines.get(b));
                lines.set(b, line);
            }
            case 3 -> {
                return text.substring(0, random.nextInt(text.length()));
            }
            default -> {
                StringBuilder chars = new StringBuilder(text);
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    chars.setCharAt(random.nextInt(chars.length()), NOISE.charAt(random.nextInt(NOISE.length())));
                }
                return chars.toString();
            }
        }
        return String.join("\n", lines);
    }
}
