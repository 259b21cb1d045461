package dev.gridmint.sim.engine;

/** What a run records every epoch; the CSV columns and charts are these, in this order. */
public enum Metric {
    PRICE("price_usd", "GRID price (USD)"),
    CIRCULATING("circulating_grid", "Circulating supply (GRID)"),
    NET_EMISSION("net_emission_grid", "Net emission E − B (GRID/epoch)"),
    PROVIDERS("providers", "Providers"),
    MARGIN_MEDIAN("margin_median_usd", "Provider margin, median (USD/epoch)"),
    MARGIN_P10("margin_p10_usd", "Provider margin, P10 (USD/epoch)"),
    MARGIN_ROLLING_MEDIAN("margin_4epoch_median_usd", "Provider margin over the last 4 epochs, median (USD)"),
    BURN_MINT("burn_mint_ratio", "Burn/mint ratio B/E"),
    COLLATERAL("collateral_ratio", "Vault collateral ratio (capped at 10)"),
    BUY_USD("buy_usd", "Buy pressure (USD/epoch)"),
    SELL_USD("sell_usd", "Sell pressure (USD/epoch)"),
    STAKED_SHARE("staked_share", "Staked share of supply"),
    UTILIZATION("utilization", "Utilisation"),
    DEMAND_USD("demand_usd", "Tenant demand (USD/epoch)"),
    EMISSION("emission_grid", "Emission E (GRID/epoch)"),
    BURN("burn_grid", "Burn B (GRID/epoch)");

    private final String column;
    private final String title;

    Metric(String column, String title) {
        this.column = column;
        this.title = title;
    }

    public String column() {
        return column;
    }

    public String title() {
        return title;
    }
}
