package mychat.bench.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of a server's Prometheus text endpoint (my-chat: {@code /metrics} on the admin port), with sums over
 * label sets: {@code jvm_memory_used_bytes} is one sample per memory pool, and what a run wants is the heap's total.
 * Only what a soak needs of the text format: comments are skipped, samples are {@code name{labels} value}.
 */
public final class MetricsScrape {
    private record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private MetricsScrape(List<Sample> samples) {
        this.samples = samples;
    }

    /** GETs {@code url} and parses the answer; throws if the server does not answer 200 within {@code timeout}. */
    public static MetricsScrape fetch(HttpClient http, URI url, Duration timeout)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode());
        }
        return parse(response.body());
    }

    public static MetricsScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Sample s = sample(line.strip());
            if (s != null) {
                samples.add(s);
            }
        }
        return new MetricsScrape(samples);
    }

    /**
     * The sum of the samples named {@code name} whose labels include every given pair ({@code "area", "heap"});
     * NaN when there is no such sample.
     */
    public double sum(String name, String... labelPairs) {
        double sum = 0;
        boolean found = false;
        for (Sample s : samples) {
            if (s.name.equals(name) && hasLabels(s, labelPairs)) {
                sum += s.value;
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    private static boolean hasLabels(Sample s, String[] pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(s.labels.get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }

    /** {@code name 1.5} or {@code name{a="x",b="y"} 1.5}, a timestamp after the value ignored; null if neither. */
    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        Map<String, String> labels = new HashMap<>();
        String name;
        String rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int end = labels(line, brace + 1, labels);
            if (end < 0) {
                return null;
            }
            rest = line.substring(end + 1).strip();
        } else {
            name = line.substring(0, space);
            rest = line.substring(space + 1).strip();
        }
        String value = rest.split("\\s+")[0];
        try {
            return new Sample(name, labels, Double.parseDouble(value.replace("+Inf", "Infinity")
                    .replace("-Inf", "-Infinity")));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads {@code a="x",b="y"} up to the closing brace into {@code into}; the brace's index, or -1. */
    private static int labels(String line, int from, Map<String, String> into) {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '}') {
                return i;
            }
            if (c == ',' || c == ' ') {
                i++;
                continue;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return -1;
            }
            String key = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char v = line.charAt(j);
                if (v == '\\' && j + 1 < line.length()) {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(v);
                }
            }
            if (j >= line.length()) {
                return -1;
            }
            into.put(key, value.toString());
            i = j + 1;
        }
        return -1;
    }
}
