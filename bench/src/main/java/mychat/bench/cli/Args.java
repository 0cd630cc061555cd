package mychat.bench.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Parsed options: {@code --name value}, {@code --name=value}, bare flags, repeatable {@code --tag key=value}, and
 * everything after {@code --} as a command. Typed getters record problems instead of throwing, so that
 * {@link #throwIfInvalid} can report every bad or unknown option at once.
 */
public final class Args {
    /** Bad command-line input; the message lists every problem, one per line. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final List<String> command = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    /** @param flagNames options that take no value */
    public static Args parse(String[] argv, Set<String> flagNames) {
        Args a = new Args();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.equals("--")) {
                a.command.addAll(List.of(argv).subList(i + 1, argv.length));
                break;
            }
            if (!arg.startsWith("--")) {
                a.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flagNames.contains(name)) {
                if (value != null) {
                    a.problems.add("--" + name + " takes no value");
                }
                a.flags.add(name);
                continue;
            }
            if (value == null) {
                if (i + 1 >= argv.length) {
                    a.problems.add("--" + name + " needs a value");
                    continue;
                }
                value = argv[++i];
            }
            if (name.equals("tag")) {
                int at = value.indexOf('=');
                if (at <= 0) {
                    a.problems.add("--tag needs key=value, got \"" + value + "\"");
                } else {
                    a.tags.put(value.substring(0, at), value.substring(at + 1));
                }
                a.used.add(name);
                continue;
            }
            if (a.values.put(name, value) != null) {
                a.problems.add("--" + name + " given twice");
            }
        }
        return a;
    }

    public boolean flag(String name) {
        used.add(name);
        return flags.contains(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        Long v = get(name, s -> Long.parseLong(s.replace("_", "").replace(",", "")),
                "a whole number from " + min + " to " + max);
        if (v == null) {
            return fallback;
        }
        if (v < min || v > max) {
            problems.add("--" + name + " " + v + ": must be from " + min + " to " + max);
            return fallback;
        }
        return v.intValue();
    }

    public double decimal(String name, double fallback, double min) {
        Double v = get(name, s -> Double.parseDouble(s.replace("_", "").replace(",", "")), "a number");
        if (v == null) {
            return fallback;
        }
        if (!(v >= min)) {
            problems.add("--" + name + " " + v + ": must be at least " + min);
            return fallback;
        }
        return v;
    }

    public Long optionalLong(String name) {
        return get(name, Long::parseLong, "a whole number");
    }

    /** Seconds ({@code 10}, {@code 2.5}) or with a unit ({@code 500ms}, {@code 10s}, {@code 2m}). */
    public Duration duration(String name, Duration fallback) {
        Duration d = get(name, Args::parseDuration, "a duration such as 10, 2.5s, 500ms or 2m");
        return d == null ? fallback : d;
    }

    public Map<String, String> tags() {
        used.add("tag");
        return tags;
    }

    public List<String> positional() {
        return positional;
    }

    public List<String> command() {
        return command;
    }

    public void problem(String message) {
        problems.add(message);
    }

    /** Reports every problem, including options that no getter asked for (misspelt ones). */
    public void throwIfInvalid() throws UsageException {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                problems.add("unknown option --" + name);
            }
        }
        for (String name : flags) {
            if (!used.contains(name)) {
                problems.add("unknown option --" + name);
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageException(String.join("\n", problems));
        }
    }

    private <T> T get(String name, Function<String, T> parse, String expected) {
        used.add(name);
        String raw = values.get(name);
        if (raw == null) {
            return null;
        }
        try {
            return parse.apply(raw.strip());
        } catch (RuntimeException e) {
            problems.add("--" + name + " \"" + raw + "\": expected " + expected);
            return null;
        }
    }

    static Duration parseDuration(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        double amount;
        double nanosPerUnit;
        if (v.endsWith("ms")) {
            amount = Double.parseDouble(v.substring(0, v.length() - 2));
            nanosPerUnit = 1e6;
        } else if (v.endsWith("s")) {
            amount = Double.parseDouble(v.substring(0, v.length() - 1));
            nanosPerUnit = 1e9;
        } else if (v.endsWith("m")) {
            amount = Double.parseDouble(v.substring(0, v.length() - 1));
            nanosPerUnit = 60e9;
        } else {
            amount = Double.parseDouble(v);
            nanosPerUnit = 1e9;
        }
        if (amount < 0) {
            throw new IllegalArgumentException("negative");
        }
        return Duration.ofNanos((long) (amount * nanosPerUnit));
    }
}
