package dev.gridmint.sim.report;

import dev.gridmint.sim.analysis.Bands;
import dev.gridmint.sim.analysis.DeathSpiral;
import dev.gridmint.sim.analysis.ScenarioResult;
import dev.gridmint.sim.analysis.Summary;
import dev.gridmint.sim.engine.Metric;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The HTML report: the Markdown report's content in one self-contained file that can be mailed or
 * attached as it is. The charts are embedded as {@code data:} URIs and the style is inline, so it
 * loads nothing from anywhere. It is written as XHTML-compatible HTML5 (every element closed, no
 * named entities beyond XML's), so an XML parser can check that it is well formed; every text
 * value is escaped.
 */
public final class HtmlReport {

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; color: #1b1b1b; background: #ffffff; margin: 2rem auto;
              max-width: 70rem; padding: 0 1rem; line-height: 1.5; }
            table { border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
            caption { text-align: left; font-weight: 600; padding-bottom: 0.5rem; }
            th, td { border: 1px solid #8a8a8a; padding: 0.25rem 0.6rem; text-align: right; }
            thead th, tbody th { text-align: left; background: #eef1f4; }
            .spiral { font-weight: 700; color: #8b0000; }
            figure { margin: 1.5rem 0; }
            img { max-width: 100%; height: auto; border: 1px solid #c8c8c8; }
            figcaption { font-size: 0.95rem; color: #333333; }
            """;

    private static final String FLAG_RULE = "An epoch is flagged when, all at once: B/E < 0.2, the median provider's"
            + " four-epoch margin < 0, providers down 5% or more in the epoch, and sell > buy. A run is flagged when any"
            + " of its epochs is, and the scenario when at least half its runs are. The spiral_share_literal column asks"
            + " for the median daily margin to be negative four epochs running instead.";

    private HtmlReport() {}

    /**
     * {@code png.apply(result, metric)} is the PNG of that result's chart of {@code metric}, as
     * {@link Charts} wrote it.
     */
    public static String render(List<ScenarioResult> results, long seed, BiFunction<ScenarioResult, Metric, byte[]> png) {
        var out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>Gridmint tokenomics simulation</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>Gridmint tokenomics simulation</h1>\n");
        out.append(paragraph(String.format(Locale.ROOT, "Seed %d. Daily epochs; every economic step runs through core's"
                + " ledger rules. Bands are P10 / median / P90 across the Monte Carlo runs. See docs/simulator.md.", seed)));
        summaryTable(out, results);
        out.append("<h2 id=\"flag\">The death-spiral flag</h2>\n").append(paragraph(FLAG_RULE));
        contents(out, results);
        for (ScenarioResult result : results) {
            section(out, result, png);
        }
        out.append("</main>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void summaryTable(StringBuilder out, List<ScenarioResult> results) {
        out.append("<table>\n<caption>Summary of every scenario and design run</caption>\n<thead>\n<tr>");
        for (String column : List.of("scenario", "design", "runs", "years", "death_spiral", "spiral_share",
                "spiral_share_literal", "first_spiral_epoch", "median_final_price (USD)", "provider_retention",
                "net_emission_share")) {
            out.append("<th scope=\"col\">").append(escape(column)).append("</th>");
        }
        out.append("</tr>\n</thead>\n<tbody>\n");
        for (ScenarioResult result : results) {
            Summary s = result.summary();
            out.append("<tr><th scope=\"row\">").append(escape(s.scenario())).append("</th>");
            cell(out, s.design());
            cell(out, Integer.toString(s.runs()));
            cell(out, String.format(Locale.ROOT, "%.1f", s.epochs() / 365.0));
            out.append(s.deathSpiral() ? "<td class=\"spiral\">yes</td>" : "<td>no</td>");
            cell(out, String.format(Locale.ROOT, "%.2f", s.spiralShare()));
            cell(out, String.format(Locale.ROOT, "%.2f", MarkdownReport.share(result, DeathSpiral.LITERAL)));
            cell(out, s.firstSpiralEpoch() < 0 ? "–" : Integer.toString(s.firstSpiralEpoch()));
            cell(out, String.format(Locale.ROOT, "%.4f", s.medianFinalPrice()));
            cell(out, String.format(Locale.ROOT, "%.2f", s.providerRetention()));
            cell(out, String.format(Locale.ROOT, "%.2f", s.netEmissionShare()));
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private static void contents(StringBuilder out, List<ScenarioResult> results) {
        out.append("<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Scenarios</h2>\n<ul>\n");
        for (ScenarioResult result : results) {
            out.append("<li><a href=\"#").append(escape(anchor(result))).append("\">").append(escape(heading(result)))
                    .append("</a></li>\n");
        }
        out.append("</ul>\n</nav>\n");
    }

    private static void section(StringBuilder out, ScenarioResult result, BiFunction<ScenarioResult, Metric, byte[]> png) {
        Summary s = result.summary();
        String id = anchor(result);
        out.append("<section aria-labelledby=\"").append(escape(id)).append("\">\n<h2 id=\"").append(escape(id))
                .append("\">").append(escape(heading(result))).append("</h2>\n");
        out.append(paragraph(flagText(s)));
        for (Metric metric : Charts.CHARTED) {
            String data = Base64.getEncoder().encodeToString(png.apply(result, metric));
            out.append("<figure>\n<img src=\"data:image/png;base64,").append(data).append("\" alt=\"")
                    .append(escape(altText(result, metric))).append("\" width=\"900\" height=\"420\"/>\n<figcaption>")
                    .append(escape(metric.title() + " — " + s.scenario() + ", " + s.design()))
                    .append("</figcaption>\n</figure>\n");
        }
        out.append("</section>\n");
    }

    /** What the flag says about this scenario, in words, since the table's yes/no does not say why. */
    static String flagText(Summary s) {
        String share = String.format(Locale.ROOT, "%.0f%%", 100 * s.spiralShare());
        if (s.deathSpiral()) {
            return String.format(Locale.ROOT, "Death spiral: %s of %d runs flagged (at least half), the median first"
                    + " flagged epoch being %d. In those epochs the burn was below a fifth of the emission, the median"
                    + " provider was losing money over four epochs, providers were leaving and selling outweighed"
                    + " buying, all at once.", share, s.runs(), s.firstSpiralEpoch());
        }
        if (s.spiralShare() > 0) {
            return String.format(Locale.ROOT, "No death spiral: %s of %d runs flagged, fewer than half (the median"
                    + " first flagged epoch of those is %d).", share, s.runs(), s.firstSpiralEpoch());
        }
        return String.format(Locale.ROOT, "No death spiral: none of the %d runs had an epoch in which all four signs"
                + " of the flag held at once.", s.runs());
    }

    /** The chart in words: what it plots and where the median starts and ends, for readers who cannot see it. */
    static String altText(ScenarioResult result, Metric metric) {
        Bands bands = result.bands();
        int last = bands.epochs() - 1;
        double[] median = bands.of(metric, Bands.MEDIAN);
        return String.format(Locale.ROOT, "Line chart of %s over %d daily epochs for scenario %s, design %s: the median"
                + " across runs with its P10 and P90 band. The median goes from %s at epoch 0 to %s at epoch %d"
                + " (P10 %s, P90 %s).", metric.title(), bands.epochs(), result.summary().scenario(),
                result.summary().design(), number(median[0]), number(median[last]), last,
                number(bands.of(metric, Bands.P10)[last]), number(bands.of(metric, Bands.P90)[last]));
    }

    /** Large figures in grouped whole units (read aloud as "393,912,004", not "3.939e+08"), small ones to 4 digits. */
    private static String number(double value) {
        return Math.abs(value) >= 10_000 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.4g", value);
    }

    private static String heading(ScenarioResult result) {
        return result.summary().scenario() + " (" + result.summary().design() + ")";
    }

    /** An id from the folder name, keeping only characters every id rule accepts. */
    private static String anchor(ScenarioResult result) {
        return "s-" + ReportWriter.folder(result).replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static void cell(StringBuilder out, String text) {
        out.append("<td>").append(escape(text)).append("</td>");
    }

    private static String paragraph(String text) {
        return "<p>" + escape(text) + "</p>\n";
    }

    /**
     * Escapes text for element content and double- or single-quoted attributes alike; control
     * characters HTML and XML both forbid become U+FFFD.
     */
    static String escape(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
