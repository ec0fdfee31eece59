package io.pushforwarder.exposition;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random valid expositions in canonical form (what the validator pushes unchanged): every type, label values
 * with every escape and non-ASCII text, HELP with its escapes, values of every spelling, blank lines and comments.
 * Family names end in {@code _f<n>}, so no two families collide and none ends in a histogram suffix. It also
 * records each sample's value, to check what a parser reads back.
 */
final class ExpositionGenerator {

    private static final String NAME_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:";
    private static final String NAME_PART = NAME_START + "0123456789";
    private static final String LABEL_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LABEL_PART = LABEL_START + "_0123456789";
    private static final String[] VALUE_PIECES = {"a", "Z", "0", " ", "\t", "\\", "\"", "\n", "{", "}", ",", "=",
        "#", "ü", "✓", "🚀", "日本", "\u0000", "'", "%", "/"};
    private static final String[] FIXED_VALUES = {"0", "1", "-1", "+Inf", "-Inf", "NaN", "-0", "1e-3", "1.5E+10",
        ".5", "5.", "1e-400", "123456789012345678901234567890", "4.9e-324"};

    private final Random random;
    private final StringBuilder body = new StringBuilder();
    private final List<Double> values = new ArrayList<>();
    private int series;

    ExpositionGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** A body of 1 to {@code maxFamilies} families. */
    String generate(int maxFamilies) {
        int families = 1 + random.nextInt(maxFamilies);
        for (int f = 0; f < families; f++) {
            if (random.nextInt(4) == 0) {
                body.append(random.nextBoolean() ? "\n" : "# " + text(8).replace("\n", " ") + "\n");
            }
            family(name(NAME_START, NAME_PART, 6) + "_f" + f);
        }
        return body.toString();
    }

    int series() {
        return series;
    }

    List<Double> values() {
        return values;
    }

    private void family(String name) {
        MetricType type = MetricType.values()[random.nextInt(MetricType.values().length)];
        if (random.nextBoolean()) {
            body.append("# HELP ").append(name).append(' ')
                    .append(text(12).replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        }
        boolean typed = type != MetricType.UNTYPED || random.nextBoolean();
        if (typed) {
            body.append("# TYPE ").append(name).append(' ').append(type.text()).append('\n');
        }
        int labelSets = 1 + random.nextInt(3);
        for (int set = 0; set < labelSets; set++) {
            String labels = "i=\"" + set + "\"" + extraLabels();
            switch (typed ? type : MetricType.UNTYPED) {
                case HISTOGRAM -> {
                    double bound = 0;
                    for (int bucket = 0; bucket < 1 + random.nextInt(3); bucket++) {
                        bound += 0.25 + random.nextInt(4);
                        sample(name + "_bucket", labels + ",le=\"" + bound + "\"", count());
                    }
                    sample(name + "_bucket", labels + ",le=\"+Inf\"", count());
                    sample(name + "_sum", labels, value());
                    sample(name + "_count", labels, count());
                }
                case SUMMARY -> {
                    sample(name, labels + ",quantile=\"0.5\"", value());
                    sample(name, labels + ",quantile=\"0.99\"", value());
                    sample(name + "_sum", labels, value());
                    sample(name + "_count", labels, count());
                }
                default -> sample(name, labels, value());
            }
        }
    }

    /** Up to two more labels, with random names distinct from i, le and quantile, and random values. */
    private String extraLabels() {
        StringBuilder labels = new StringBuilder();
        List<String> names = new ArrayList<>(List.of("i", "le", "quantile"));
        for (int k = 0; k < random.nextInt(3); k++) {
            String name = name(LABEL_START, LABEL_PART, 8);
            if (!names.contains(name)) {
                names.add(name);
                labels.append(',').append(name).append("=\"").append(StaticLabels.escape(text(10))).append('"');
            }
        }
        return labels.toString();
    }

    private void sample(String name, String labels, String value) {
        body.append(name).append('{').append(labels).append("} ").append(value).append('\n');
        values.add(javaValue(value));
        series++;
    }

    /** The value as Java reads it, independently of the parser under test. */
    private static double javaValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private String value() {
        return switch (random.nextInt(4)) {
            case 0 -> FIXED_VALUES[random.nextInt(FIXED_VALUES.length)];
            case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 2 -> Long.toString(random.nextLong());
            default -> count();
        };
    }

    private String count() {
        return Integer.toString(random.nextInt(1000));
    }

    private String name(String start, String part, int maxLength) {
        StringBuilder name = new StringBuilder().append(start.charAt(random.nextInt(start.length())));
        for (int i = random.nextInt(maxLength); i > 0; i--) {
            name.append(part.charAt(random.nextInt(part.length())));
        }
        String text = name.toString();
        return text.startsWith("__") ? "x" + text : text;
    }

    private String text(int maxPieces) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxPieces + 1); i > 0; i--) {
            text.append(VALUE_PIECES[random.nextInt(VALUE_PIECES.length)]);
        }
        return text.toString();
    }
}
