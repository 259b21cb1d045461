package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.economics.Bme;
import org.junit.jupiter.api.Test;

/** The default limits of {@code gridmint credits buy} and {@code refund}. */
class CreditsCommandTest {

    @Test
    void theDefaultMaxGridIsTheQuotePlusOnePercentRoundedUp() {
        long credits = 25_000_000; // 25 CC
        long price = 250_000; // $0.25 per GRID
        long quoted = Bme.gridForCredits(credits, price, 25);
        assertThat(quoted).isEqualTo(100_250_627L);
        assertThat(CreditsCommand.maxGridFor(credits, price, 25, 100)).isEqualTo(quoted + (quoted + 99) / 100);
        assertThat(CreditsCommand.maxGridFor(credits, price, 25, 0)).isEqualTo(quoted);
    }

    @Test
    void theDefaultMinGridIsTheRefundLessOnePercent() {
        long credits = 10_000_000;
        long price = 250_000;
        long quoted = Bme.gridForRefund(credits, price, 25);
        assertThat(CreditsCommand.minGridFor(credits, price, 25, 100)).isEqualTo(quoted - (quoted + 99) / 100);
        assertThat(CreditsCommand.minGridFor(credits, price, 25, 100)).isLessThan(quoted);
    }

    @Test
    void withoutAFreshPriceTheErrorSaysSo() {
        assertThatThrownBy(() -> CreditsCommand.maxGridFor(1_000_000, 0, 25, 100))
                .isInstanceOf(UserError.class).hasMessageContaining("no fresh oracle price").hasMessageContaining("--max-grid");
        assertThatThrownBy(() -> CreditsCommand.minGridFor(1_000_000, 0, 25, 100))
                .isInstanceOf(UserError.class).hasMessageContaining("no fresh oracle price").hasMessageContaining("--min-grid");
    }

    @Test
    void hugeAmountsAreUserErrorsNotOverflows() {
        assertThatThrownBy(() -> CreditsCommand.maxGridFor(Long.MAX_VALUE / 2, 1, 25, 100)).isInstanceOf(UserError.class);
    }
}
