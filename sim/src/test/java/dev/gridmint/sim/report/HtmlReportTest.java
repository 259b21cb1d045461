package dev.gridmint.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.sim.analysis.MonteCarlo;
import dev.gridmint.sim.analysis.ScenarioResult;
import dev.gridmint.sim.analysis.Summary;
import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenario;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.config.SimConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The HTML report of a tiny simulation (five providers, one run, thirty epochs, two designs):
 * self-contained, every chart written embedded byte for byte, the summary figures in its table,
 * accessible markup, and well formed, as the JDK's XML parser reads it.
 */
class HtmlReportTest {

    private static final Pattern DATA_URI = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    private static ScenarioResult tiny(Scenario scenario, Design design) throws InterruptedException {
        var agents = AgentParams.DEFAULTS.withInitialProviders(5);
        var config = new SimConfig(EconomyParams.DEFAULTS, design, scenario, agents, 30);
        return MonteCarlo.run(config, 1, 5, 1, n -> {});
    }

    private static Document parse(String html) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theReportFolderHoldsASelfContainedHtmlReportWithEveryChartEmbedded(@TempDir Path dir) throws Exception {
        List<ScenarioResult> results =
                List.of(tiny(Scenarios.NEUTRAL, Design.BME), tiny(Scenarios.NEUTRAL, Design.EMISSION_ONLY));
        ReportWriter.write(results, 5, dir);

        Path file = dir.resolve("report.html");
        assertThat(file).exists();
        String html = Files.readString(file, StandardCharsets.UTF_8);

        List<Path> pngs;
        try (Stream<Path> walk = Files.walk(dir)) {
            pngs = walk.filter(p -> p.toString().endsWith(".png")).toList();
        }
        assertThat(pngs).hasSize(results.size() * Charts.CHARTED.size());
        List<String> embedded = new ArrayList<>();
        DATA_URI.matcher(html).results().forEach(m -> embedded.add(m.group(1)));
        assertThat(embedded).hasSameSizeAs(pngs);
        for (Path png : pngs) {
            assertThat(embedded).contains(Base64.getEncoder().encodeToString(Files.readAllBytes(png)));
        }
        // Nothing is fetched: no scripts, no stylesheets or fonts from elsewhere, no remote images.
        assertThat(html).doesNotContain("<script", "<link", "@import", "url(", "src=\"http");

        for (ScenarioResult result : results) {
            Summary s = result.summary();
            assertThat(html).contains("<td>" + s.design() + "</td>",
                    "<td>" + String.format(Locale.ROOT, "%.4f", s.medianFinalPrice()) + "</td>",
                    "<td>" + String.format(Locale.ROOT, "%.2f", s.providerRetention()) + "</td>",
                    "<td>" + String.format(Locale.ROOT, "%.2f", s.netEmissionShare()) + "</td>",
                    "<td>" + String.format(Locale.ROOT, "%.2f", s.spiralShare()) + "</td>",
                    HtmlReport.escape(HtmlReport.flagText(s)));
        }

        Document doc = parse(html);
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("html");
        assertThat(root.getAttribute("lang")).isEqualTo("en");
        assertThat(doc.getElementsByTagNameNS("*", "h1").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagNameNS("*", "caption").getLength()).isEqualTo(1);
        NodeList headers = doc.getElementsByTagNameNS("*", "th");
        int columns = 0;
        int rows = 0;
        for (int i = 0; i < headers.getLength(); i++) {
            String scope = ((Element) headers.item(i)).getAttribute("scope");
            assertThat(scope).isIn("col", "row");
            columns += scope.equals("col") ? 1 : 0;
            rows += scope.equals("row") ? 1 : 0;
        }
        assertThat(columns).isEqualTo(11);
        assertThat(rows).isEqualTo(results.size());
        NodeList images = doc.getElementsByTagNameNS("*", "img");
        assertThat(images.getLength()).isEqualTo(pngs.size());
        for (int i = 0; i < images.getLength(); i++) {
            assertThat(((Element) images.item(i)).getAttribute("alt")).contains("Line chart of", "median");
        }
        // One section per scenario and design, each headed.
        assertThat(doc.getElementsByTagNameNS("*", "section").getLength()).isEqualTo(results.size());
        assertThat(doc.getElementsByTagNameNS("*", "h2").getLength()).isEqualTo(2 + results.size());
    }

    @Test
    void everyTextValueIsEscaped() throws Exception {
        String name = "a<b>&\"c'\u0001";
        var odd = new Scenario(name, 0, 0.03, 1, 0.0004, -1, 0, -1, 0, 0, 0, 1);
        String html = HtmlReport.render(List.of(tiny(odd, Design.BME)), 5, (result, metric) -> new byte[] {1, 2, 3});

        assertThat(html).doesNotContain("a<b>").contains("a&lt;b&gt;&amp;&quot;c&#39;\uFFFD");
        Document doc = parse(html);
        NodeList rowHeaders = doc.getElementsByTagNameNS("*", "th");
        assertThat(rowHeaders.item(rowHeaders.getLength() - 1).getTextContent()).isEqualTo("a<b>&\"c'\uFFFD");
        assertThat(doc.getElementsByTagNameNS("*", "img").item(0).getAttributes().getNamedItem("alt").getNodeValue())
                .contains("scenario a<b>&\"c'\uFFFD, design bme");
        assertThat(html).contains("data:image/png;base64,AQID\"");
    }
}
