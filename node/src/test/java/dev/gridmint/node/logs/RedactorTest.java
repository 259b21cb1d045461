package dev.gridmint.node.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void everyOccurrenceOfEverySecretIsMaskedLongestFirst() {
        var redactor = new Redactor(Set.of("hf_abc", "hf_abc123", "pw"));

        assertThat(redactor.redact("token=hf_abc123 again hf_abc, pw=pw"))
                .isEqualTo("token=[secret] again [secret], [secret]=[secret]");
        assertThat(Redactor.NONE.redact("nothing hf_abc123")).isEqualTo("nothing hf_abc123");
    }

    @Test
    void aSecretTooShortToHideIsRefused() {
        assertThatThrownBy(() -> new Redactor(Set.of("x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
