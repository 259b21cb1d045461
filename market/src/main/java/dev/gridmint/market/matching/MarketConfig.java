package dev.gridmint.market.matching;

import dev.gridmint.market.scoring.Scoring;

/**
 * The market's settings.
 *
 * @param reclaimNoticeSeconds how long a spot lease runs after it is told it will be reclaimed; negative turns reclaim off
 * @param priceIndexPeriodSeconds the length of one price index period
 * @param searchKind {@link SearchKind#INDEXED} in production; {@link SearchKind#LINEAR} is the reference scan
 */
public record MarketConfig(Scoring scoring, long reclaimNoticeSeconds, long priceIndexPeriodSeconds, SearchKind searchKind) {

    public static final MarketConfig DEFAULT = new MarketConfig(Scoring.DEFAULT, 300, 3600, SearchKind.INDEXED);

    public enum SearchKind {
        INDEXED,
        LINEAR
    }

    public MarketConfig {
        if (scoring == null || searchKind == null || priceIndexPeriodSeconds <= 0) {
            throw new IllegalArgumentException("a market needs scoring weights, a search kind and a positive index period");
        }
    }

    public MarketConfig withSearch(SearchKind kind) {
        return new MarketConfig(scoring, reclaimNoticeSeconds, priceIndexPeriodSeconds, kind);
    }

    public MarketConfig withReclaimNotice(long seconds) {
        return new MarketConfig(scoring, seconds, priceIndexPeriodSeconds, searchKind);
    }
}
