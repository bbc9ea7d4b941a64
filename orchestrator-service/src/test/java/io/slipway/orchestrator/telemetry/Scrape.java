package io.slipway.orchestrator.telemetry;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text scrape, read as sample name + labels -> value (tests only). */
record Scrape(Map<String, Double> samples) {
    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+).*$");

    static Scrape parse(String text) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                String labels = m.group(2) == null ? "" : m.group(2);
                samples.put(m.group(1) + labels, Double.parseDouble(m.group(3)));
            }
        }
        return new Scrape(samples);
    }

    /**
     * The sum of the samples named {@code name} whose labels include every {@code k="v"} given (as
     * {@code "k", "v", ...}); 0 when none.
     */
    double sum(String name, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String key = e.getKey();
            if (!key.equals(name) && !key.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= key.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** The distinct names of the samples starting with {@code prefix}. */
    Set<String> names(String prefix) {
        Set<String> names = new TreeSet<>();
        for (String key : samples.keySet()) {
            int brace = key.indexOf('{');
            String name = brace < 0 ? key : key.substring(0, brace);
            if (name.startsWith(prefix)) {
                names.add(name);
            }
        }
        return names;
    }
}
