package io.pushforwarder.exposition;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;

/**
 * Bodies from the text format's specification and from the gateway's parser, each with what the validator must
 * say with every repair off: VALID (reason null) or a reason and a fragment of the detail. Shared by the unit
 * table and {@link GatewayAgreementIT}, which pushes every row to a real Pushgateway.
 *
 * <p>{@code stricter} marks a row the validator refuses although the gateway accepts it, by design; the IT checks
 * that this list is exact.
 */
final class ExpositionCases {

    record Case(String name, byte[] body, Reason reason, String detail, boolean stricter) {

        boolean valid() {
            return reason == null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private ExpositionCases() {
    }

    static Stream<Case> all() {
        return ALL.stream();
    }

    private static Case valid(String name, String body) {
        return new Case(name, raw(body), null, null, false);
    }

    private static Case refused(String name, String body, Reason reason, String detail) {
        return new Case(name, raw(body), reason, detail, false);
    }

    /** Refused here, accepted by the gateway: stricter by design. */
    private static Case stricter(String name, String body, Reason reason, String detail) {
        return new Case(name, raw(body), reason, detail, true);
    }

    /** UTF-8 text in which {@code ‹hh›} stands for one raw byte, to write invalid UTF-8. */
    static byte[] raw(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('‹', i);
            if (open < 0) {
                out.writeBytes(text.substring(i).getBytes(StandardCharsets.UTF_8));
                break;
            }
            out.writeBytes(text.substring(i, open).getBytes(StandardCharsets.UTF_8));
            out.write(Integer.parseInt(text.substring(open + 1, open + 3), 16));
            i = open + 4;
        }
        return out.toByteArray();
    }

    private static final List<Case> ALL = List.of(
            // valid: the grammar as the spec shows it
            valid("untyped sample", "a 1\n"),
            valid("HELP and TYPE", "# HELP a The number of a.\n# TYPE a counter\na 1\n"),
            valid("label value with every escape", "a{x=\"quote\\\" backslash\\\\ newline\\n\"} 1\n"),
            valid("label value with tab and UTF-8", "a{x=\"tab\there, ünïcødé ✓ 🚀\"} 1\n"),
            valid("values: exponent, infinities, NaN, signed zero, leading dot",
                    "a{v=\"1\"} 1.5e-3\na{v=\"2\"} +Inf\na{v=\"3\"} -Inf\na{v=\"4\"} NaN\na{v=\"5\"} -0\na{v=\"6\"} .5\n"),
            valid("values: the other spellings Go's ParseFloat takes",
                    "a{v=\"1\"} infinity\na{v=\"2\"} nan\na{v=\"3\"} 5.\na{v=\"4\"} 1E+5\na{v=\"5\"} 00012\na{v=\"6\"} 1e-400\n"),
            valid("histogram", "# HELP h A histogram.\n# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\n"
                    + "h_bucket{le=\"+Inf\"} 2\nh_sum 1.5\nh_count 2\n"),
            valid("summary", "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns{quantile=\"0.99\"} 3\ns_sum 10\ns_count 4\n"),
            valid("blank lines and leading blanks", "\n  \na 1\n\n\t# a comment\n b 2\n"),
            valid("comments, including OpenMetrics' EOF and UNIT, which 0.0.4 reads as comments",
                    "# just a comment\n#\n# UNIT a seconds\na 1\n# EOF\n"),
            valid("names with colons", "a:b:c 1\n:x 1\n_y 2\n"),
            valid("blanks inside the labels and a trailing comma", "a{ x = \"1\" , } 1\n"),
            valid("empty label set", "a{} 1\n"),
            valid("tab as separator", "a\t1\n"),
            valid("a family that reappears after another, which the gateway merges",
                    "a{x=\"1\"} 1\nb 1\na{x=\"2\"} 2\n"),
            valid("HELP after the samples", "a 1\n# HELP a Late help.\n"),
            valid("HELP escapes", "# HELP a back\\\\slash and\\nnewline\na 1\n"),
            valid("_count and _sum of no summary are families of their own", "a_count 1\na_sum 2\n"),
            valid("_bucket beside a summary is a family of its own",
                    "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 1\ns_count 1\ns_bucket 3\n"),
            valid("le and quantile are plain labels on a counter", "# TYPE c counter\nc{le=\"x\",quantile=\"y\"} 1\n"),
            valid("a TYPE without samples beside a family with samples", "# TYPE unused gauge\na 1\n"),
            valid("the same label set on two names", "a{x=\"1\"} 1\nb{x=\"1\"} 1\n"),
            valid("a CR that ends a comment or a HELP text is part of it", "# c\r\n# HELP a x\r\na 1\n"),
            valid("grouping labels in the body, which the gateway overwrites", "a{job=\"x\",instance=\"y\"} 1\n"),

            // EMPTY
            stricter("empty body", "", Reason.EMPTY, "empty body"),
            stricter("comments only", "# hello\n\n", Reason.EMPTY, "no samples"),
            stricter("HELP and TYPE only", "# HELP a x\n# TYPE a gauge\n", Reason.EMPTY, "no samples"),

            // NOT_EXPOSITION
            refused("HTML page", "<!DOCTYPE html>\n<html><body>503</body></html>\n", Reason.NOT_EXPOSITION,
                    "line 1: looks like HTML \"<!DOCTYPE html>\""),
            refused("HTML without doctype", "<html>\n<body>error</body>\n", Reason.NOT_EXPOSITION, "looks like HTML"),
            refused("XML", "<?xml version=\"1.0\"?>\n<a/>\n", Reason.NOT_EXPOSITION, "looks like HTML or XML"),
            refused("JSON object", "{\"status\":\"error\"}\n", Reason.NOT_EXPOSITION, "looks like JSON"),
            refused("JSON array", "[1, 2]\n", Reason.NOT_EXPOSITION, "looks like JSON"),
            refused("plain-text error", "Service Unavailable\n", Reason.NOT_EXPOSITION,
                    "line 1: not the Prometheus text format"),
            refused("text starting with a digit", "404 page not found\n", Reason.NOT_EXPOSITION,
                    "starts with \"404 page not found\""),
            refused("gzip body", "‹1f›‹8b›‹08›‹00›‹00›‹00›\n", Reason.NOT_EXPOSITION, "gzip"),
            refused("UTF-8 byte order mark", "‹ef›‹bb›‹bf›a 1\n", Reason.NOT_EXPOSITION, "byte order mark"),
            refused("JSON after a comment", "# hi\n{\"a\":1}\n", Reason.NOT_EXPOSITION, "line 2: looks like JSON"),

            // INVALID_UTF8
            refused("invalid byte in a label value", "a{x=\"‹ff›\"} 1\n", Reason.INVALID_UTF8,
                    "line 1: invalid UTF-8: byte 0xff at column 6"),
            refused("UTF-16 surrogate in a label value", "a 1\nb{x=\"‹ed›‹a0›‹80›\"} 1\n", Reason.INVALID_UTF8,
                    "line 2: invalid UTF-8"),
            refused("overlong encoding", "a{x=\"‹c0›‹af›\"} 1\n", Reason.INVALID_UTF8, "byte 0xc0"),
            refused("code point over U+10FFFF", "a{x=\"‹f4›‹90›‹80›‹80›\"} 1\n", Reason.INVALID_UTF8, "invalid UTF-8"),
            stricter("invalid UTF-8 in HELP", "a 1\n# HELP a ‹ff›\n", Reason.INVALID_UTF8, "line 2: invalid UTF-8"),
            stricter("invalid UTF-8 in a comment", "# ‹fe›\na 1\n", Reason.INVALID_UTF8, "line 1: invalid UTF-8"),

            // SYNTAX
            refused("metric name starting with a digit", "a 1\n9x 1\n", Reason.SYNTAX,
                    "line 2: invalid metric name \"9x\""),
            stricter("value glued to a name (the gateway reads b-1 as b = -1)", "a 1\nb-1\n", Reason.SYNTAX,
                    "line 2: invalid metric name \"b-1\""),
            stricter("value glued to the labels", "a{x=\"1\"}2\n", Reason.SYNTAX,
                    "expected a blank between the labels and the value"),
            refused("label name starting with a digit", "a{9x=\"1\"} 1\n", Reason.SYNTAX, "invalid label name \"9x\""),
            refused("colon in a label name", "a{b:c=\"1\"} 1\n", Reason.SYNTAX, "expected '=' after label name \"b\""),
            refused("unquoted label value", "a{x=1} 1\n", Reason.SYNTAX, "expected '\"' at the start of the value"),
            refused("unknown escape in a label value", "a{x=\"\\t\"} 1\n", Reason.SYNTAX,
                    "invalid escape sequence '\\t'"),
            refused("labels without a comma", "a{x=\"1\" y=\"2\"} 1\n", Reason.SYNTAX, "expected ',' or '}'"),
            refused("duplicate label name", "a{x=\"1\",x=\"2\"} 1\n", Reason.SYNTAX, "duplicate label name \"x\""),
            refused("label __name__", "a{__name__=\"b\"} 1\n", Reason.SYNTAX, "label name \"__name__\" is reserved"),
            refused("label name starting with __", "a{__x=\"1\"} 1\n", Reason.SYNTAX, "label name \"__x\" is reserved"),
            refused("missing value", "a 1\nb\n", Reason.SYNTAX, "line 2: missing value for metric \"b\""),
            refused("value that is a word", "a 1\nb abc\n", Reason.SYNTAX, "expected float as value, got \"abc\""),
            refused("value out of range", "a 1e400\n", Reason.SYNTAX, "got \"1e400\" (out of range)"),
            refused("hexadecimal value", "a 0x10\n", Reason.SYNTAX, "expected float as value, got \"0x10\""),
            refused("value with underscore", "a 1_000\n", Reason.SYNTAX, "got \"1_000\""),
            refused("signed NaN", "a +nan\n", Reason.SYNTAX, "got \"+nan\""),
            refused("blank after the value", "a 1 \n", Reason.SYNTAX, "blank after the value"),
            refused("timestamp that is not an integer", "a 1 1.5\n", Reason.SYNTAX,
                    "expected integer as timestamp, got \"1.5\""),
            refused("timestamp over int64", "a 1 9223372036854775808\n", Reason.SYNTAX,
                    "expected integer as timestamp"),
            refused("text after the timestamp", "a 1 2 3\n", Reason.SYNTAX, "unexpected text after the timestamp: \"3\""),
            refused("unknown type", "# TYPE a foo\na 1\n", Reason.SYNTAX, "unknown metric type \"foo\""),
            stricter("upper-case type", "# TYPE a Counter\na 1\n", Reason.SYNTAX, "unknown metric type \"Counter\""),
            refused("type with a trailing blank", "# TYPE a gauge \na 1\n", Reason.SYNTAX,
                    "unknown metric type \"gauge \""),
            stricter("type gauge_histogram", "# TYPE a gauge_histogram\na 1\n", Reason.SYNTAX,
                    "unknown metric type \"gauge_histogram\""),
            stricter("TYPE without a type", "# TYPE a\na 1\n", Reason.SYNTAX, "TYPE line for \"a\" without a type"),
            refused("HELP with an escaped quote", "# HELP a x\\\"y\na 1\n", Reason.SYNTAX,
                    "invalid escape sequence '\\\"' in HELP text"),
            refused("HELP for an invalid name", "# HELP 9x y\na 1\n", Reason.SYNTAX,
                    "invalid metric name in HELP line: \"9x\""),
            refused("second HELP", "# HELP a x\n# HELP a y\na 1\n", Reason.SYNTAX,
                    "line 2: second HELP line for metric name \"a\""),
            refused("CRLF line ending, with its repair off", "a 1\r\n", Reason.SYNTAX,
                    "expected float as value, got \"1\\r\""),
            refused("a lone CR line", "a 1\n\r\n", Reason.SYNTAX, "line 2: invalid metric name \"\\r\""),
            refused("a CR after a type", "# TYPE a gauge\r\na 1\n", Reason.SYNTAX,
                    "unknown metric type \"gauge\\r\""),
            refused("le that is not a number", "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", Reason.SYNTAX,
                    "expected float as value for 'le' label, got \"x\""),
            refused("quantile that is not a number", "# TYPE s summary\ns{quantile=\"x\"} 1\n", Reason.SYNTAX,
                    "expected float as value for 'quantile' label"),
            refused("a line starting with a label set", "a 1\n{a=\"1\"} 1\n", Reason.SYNTAX,
                    "line 2: invalid metric name"),

            // DUPLICATE_SERIES
            refused("same name and labels", "a{x=\"1\"} 1\na{x=\"1\"} 2\n", Reason.DUPLICATE_SERIES,
                    "line 2: duplicate series a{x=\"1\"}: same name and labels as line 1"),
            refused("same labels in another order", "a{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 2\n",
                    Reason.DUPLICATE_SERIES, "same name and labels as line 1"),
            refused("same name without labels", "a 1\nb 1\na 2\n", Reason.DUPLICATE_SERIES, "line 3"),
            stricter("a label of empty value is no label", "a 1\na{x=\"\"} 2\n", Reason.DUPLICATE_SERIES,
                    "a label with an empty value is no label"),
            stricter("histogram bucket twice", "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"1\"} 2\n"
                    + "h_sum 1\nh_count 2\n", Reason.DUPLICATE_SERIES, "line 3"),

            // TYPE_CONFLICT
            refused("second TYPE", "# TYPE a gauge\n# TYPE a counter\na 1\n", Reason.TYPE_CONFLICT,
                    "line 2: second TYPE line for metric name \"a\""),
            refused("TYPE after samples", "a 1\nb 1\n# TYPE a counter\n", Reason.TYPE_CONFLICT,
                    "line 3: TYPE line for \"a\" after its samples"),
            refused("TYPE for the _count of a summary", "# TYPE s summary\ns_count 1\n# TYPE s_count counter\n",
                    Reason.TYPE_CONFLICT, "TYPE line for \"s_count\", which names the _count samples of the summary"),
            refused("_sum before its summary's TYPE", "s_sum 1\n# TYPE s summary\ns_count 1\n", Reason.TYPE_CONFLICT,
                    "metric \"s_sum\" collides with the summary \"s\""),
            refused("_bucket before its histogram's TYPE",
                    "h_bucket{le=\"1\"} 1\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
                    Reason.TYPE_CONFLICT, "collides with the histogram \"h\""),
            stricter("histogram bucket without le", "# TYPE h histogram\nh_bucket 1\nh_sum 1\nh_count 1\n",
                    Reason.TYPE_CONFLICT, "line 2: histogram bucket \"h_bucket\" without an \"le\" label"),
            stricter("histogram sample without suffix", "# TYPE h histogram\nh 1\n", Reason.TYPE_CONFLICT,
                    "needs the suffix _bucket, _sum or _count"),
            stricter("histogram _sum with le", "# TYPE h histogram\nh_sum{le=\"1\"} 1\nh_count 1\n",
                    Reason.TYPE_CONFLICT, "must not have an \"le\" label"),
            stricter("summary sample without quantile", "# TYPE s summary\ns 1\n", Reason.TYPE_CONFLICT,
                    "needs a \"quantile\" label"),

            // TRUNCATED
            refused("no final newline, with its repair off", "a 1\nb 2", Reason.TRUNCATED,
                    "line 2: no final newline"),
            refused("cut inside a label value", "a 1\nb{x=\"ab", Reason.TRUNCATED,
                    "line 2: body ends in the middle of a line"),
            refused("cut inside a UTF-8 character", "a 1\nb{x=\"‹e2›‹82›", Reason.TRUNCATED,
                    "middle of a UTF-8 character"),

            // UNSUPPORTED (each would be repaired with its repair on)
            refused("timestamp", "a 1 1700000000000\n", Reason.UNSUPPORTED, "has a timestamp"),
            refused("exemplar", "a_total 1 # {trace_id=\"abc\"} 2 1700000000.5\n", Reason.UNSUPPORTED,
                    "exemplar after the value"),
            refused("OpenMetrics type info", "# TYPE a info\na_info{v=\"1\"} 1\n", Reason.UNSUPPORTED,
                    "type \"info\" of \"a\" is OpenMetrics-only"),
            refused("OpenMetrics type unknown", "# TYPE a unknown\na 1\n", Reason.UNSUPPORTED, "\"unknown\""),
            refused("OpenMetrics type gaugehistogram", "# TYPE g gaugehistogram\ng_bucket{le=\"1\"} 1\n",
                    Reason.UNSUPPORTED, "\"gaugehistogram\""));
}
