package mychat.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison table over one or more results files: for every case (tag {@code case}), headline figure and
 * server (tag {@code server}), the median and min-max over repetitions, and the median over repetitions (tag
 * {@code rep}) of the ratio to the baseline server's figure in the same repetition. Printed as a Markdown table.
 */
public final class Comparison {
    /** case -> figure -> server -> rep -> value, all in order of first appearance. */
    private final Map<String, Map<String, Map<String, Map<String, Double>>>> figures = new LinkedHashMap<>();
    private final String baseline;
    private int lines;

    public Comparison(String baseline) {
        this.baseline = baseline;
    }

    /** Adds every JSON line of {@code file} that has tags and a headline; other lines are skipped. */
    public void read(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode run = Json.parse(line);
            JsonNode tags = run.path("tags");
            JsonNode headline = run.path("headline");
            if (!headline.isObject()) {
                continue;
            }
            String caseName = tags.path("case").asText(run.path("scenario").asText("?"));
            String server = tags.path("server").asText("?");
            String rep = tags.path("rep").asText(String.valueOf(lines));
            lines++;
            for (Map.Entry<String, JsonNode> f : headline.properties()) {
                if (f.getValue().isNumber()) {
                    figures.computeIfAbsent(caseName, k -> new LinkedHashMap<>())
                            .computeIfAbsent(f.getKey(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(server, k -> new LinkedHashMap<>())
                            .put(rep, f.getValue().asDouble());
                }
            }
        }
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append("| case | figure | server | median | min-max | n | ratio to ").append(baseline).append(" |\n");
        b.append("|---|---|---|---:|---:|---:|---:|\n");
        figures.forEach((caseName, byFigure) -> byFigure.forEach((figure, byServer) -> {
            Map<String, Double> base = byServer.get(baseline);
            byServer.forEach((server, byRep) -> {
                List<Double> values = new ArrayList<>(byRep.values());
                String ratio = "";
                if (base != null && !server.equals(baseline)) {
                    List<Double> ratios = new ArrayList<>();
                    byRep.forEach((rep, v) -> {
                        Double bv = base.get(rep);
                        if (bv != null && bv > 0 && v >= 0) {
                            ratios.add(v / bv);
                        }
                    });
                    ratio = ratios.isEmpty() ? "" : format(median(ratios)) + "x";
                }
                b.append("| ").append(caseName).append(" | ").append(figure).append(" | ").append(server)
                        .append(" | ").append(format(median(values)))
                        .append(" | ").append(format(min(values))).append(" - ").append(format(max(values)))
                        .append(" | ").append(values.size()).append(" | ").append(ratio).append(" |\n");
            });
        }));
        return b.toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format("%,.0f", v);
        }
        if (a >= 10) {
            return String.format("%.1f", v);
        }
        return String.format("%.3g", v);
    }
}
