package io.pushforwarder.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class GroupingKeyTest {

    /** Computed here rather than taken from the class under test, so that a wrong alphabet or padding shows up. */
    private static String urlSafeBase64(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "[{index}] job={0} instance={1} labels=''{2}'' -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            node | host-1      | ''                    | job/node/instance/host-1
            node | host-1      | dc=eu-west,rack=r12   | job/node/instance/host-1/dc/eu-west/rack/r12
            node | host-1      | rack=r12,dc=eu-west   | job/node/instance/host-1/rack/r12/dc/eu-west
            node | web-01      | zone=b,az=a,region=eu | job/node/instance/web-01/zone/b/az/a/region/eu
            node | 10.0.0.1:9  | ''                    | job/node/instance/10.0.0.1:9
            node | a.b_c~d:e-f | _private=v1.2         | job/node/instance/a.b_c~d:e-f/_private/v1.2
            """)
    void plainValuesAreSentAsIsWithExtraLabelsInTheGivenOrder(String job, String instance, String labels,
            String expectedPath) {
        assertEquals(expectedPath, GroupingKey.of(job, instance, labels).path());
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"a/b", "a b", "100%", "a?b", "a#b", "zürich", "a=b", "a+b", "a,b", "a&b", "日本",
            "/", " ", "%2F", "\t", "a\nb"})
    void anInstanceThatAUrlPathWouldAlterIsSentAsUrlSafeBase64(String instance) {
        String path = GroupingKey.of("node", instance, "").path();

        assertEquals("job/node/instance@base64/" + urlSafeBase64(instance), path);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"eu/west", "eu west", "50%", "a?b", "a#b", "zürich", "x=y", "€"})
    void anExtraLabelValueThatAUrlPathWouldAlterIsSentAsUrlSafeBase64(String value) {
        String path = GroupingKey.of("node", "h", "dc=" + value + ",rack=r12").path();

        assertEquals("job/node/instance/h/dc@base64/" + urlSafeBase64(value) + "/rack/r12", path);
    }

    @Test
    void aJobThatAUrlPathWouldAlterIsSentAsBase64Too() {
        assertEquals("job@base64/YS9i/instance/h", GroupingKey.of("a/b", "h", "").path());
    }

    // Hard-coded vectors guard against the test helper and the class sharing the same mistake; "???" and ">>>"
    // are the inputs whose standard base64 holds '/' and '+', which the URL-safe alphabet must replace.
    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a/b     | YS9i
            a b     | YSBi
            zürich  | esO8cmljaA
            ???     | Pz8_
            >>>     | Pj4-
            eu/west | ZXUvd2VzdA
            """)
    void knownBase64Vectors(String instance, String expectedEncoding) {
        assertEquals("job/node/instance@base64/" + expectedEncoding, GroupingKey.of("node", instance, "").path());
    }

    @Test
    void aValueMayItselfHoldAnEqualsSignBecauseOnlyTheFirstOneSplitsNameFromValue() {
        GroupingKey key = GroupingKey.of("node", "h", "expr=a=b");

        assertEquals("a=b", key.labels().get("expr"));
        assertEquals("job/node/instance/h/expr@base64/YT1i", key.path());
    }

    // The Pushgateway reads "@base64/=" as the empty value; a plain empty segment would be "//", which it rejects.
    @ParameterizedTest(name = "[{index}] instance={0}")
    @NullAndEmptySource
    void anEmptyOrMissingInstanceIsSentAsTheBase64EmptyValue(String instance) {
        assertEquals("job/node/instance@base64/=", GroupingKey.of("node", instance, "").path());
    }

    @Test
    void anEmptyExtraLabelValueIsSentAsTheBase64EmptyValue() {
        assertEquals("job/node/instance/h/dc@base64/=", GroupingKey.of("node", "h", "dc=").path());
    }

    @Test
    void randomValuesSurviveTheRoundTripAndNeverBreakThePath() {
        String alphabet = "abcXYZ019._~:-/ %?#=+&,@!'\"*()[]\\\tüé€日😀";
        int[] codePoints = alphabet.codePoints().toArray();
        Random random = new Random(20240601L);

        for (int i = 0; i < 500; i++) {
            String instance = randomString(random, codePoints, 12);
            // ',' separates pairs and outer whitespace is trimmed, so an extra label's value cannot carry either
            String labelValue = randomString(random, codePoints, 12).replace(",", "").trim();
            GroupingKey key = GroupingKey.of("node", instance, "x=" + labelValue);

            String path = key.path();

            String context = "instance='" + instance + "' x='" + labelValue + "' path=" + path;
            assertFalse(path.contains("%"), context);
            assertFalse(path.contains("?"), context);
            assertFalse(path.contains("#"), context);
            assertFalse(path.startsWith("/") || path.endsWith("/") || path.contains("//"),
                    "empty segment: " + context);
            String[] segments = path.split("/", -1);
            assertEquals(0, segments.length % 2, "odd number of segments: " + context);

            Map<String, String> decoded = decode(path);
            assertEquals(List.of("job", "instance", "x"), new ArrayList<>(decoded.keySet()), context);
            assertEquals("node", decoded.get("job"), context);
            assertEquals(instance, decoded.get("instance"), context);
            assertEquals(labelValue, decoded.get("x"), context);
        }
    }

    private static String randomString(Random random, int[] codePoints, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }

    /** Reads a path back the way the Pushgateway does: split on '/' first, then decode each base64 value. */
    private static Map<String, String> decode(String path) {
        String[] segments = path.split("/", -1);
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < segments.length; i += 2) {
            String name = segments[i];
            String value = segments[i + 1];
            if (name.endsWith("@base64")) {
                name = name.substring(0, name.length() - "@base64".length());
                value = value.equals("=") ? ""
                        : new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            }
            labels.put(name, value);
        }
        return labels;
    }

    @ParameterizedTest(name = "[{index}] job=''{0}''")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "   ", "\t"})
    void aBlankJobIsRefused(String job) {
        GroupingKey key = new GroupingKey();

        InvalidGroupingKeyException e = assertThrows(InvalidGroupingKeyException.class, () -> key.setJob(job));

        assertEquals("job is empty; the Pushgateway requires a job name (e.g. job=node)", e.getMessage());
    }

    @Test
    void aPathWithoutAJobIsRefused() {
        GroupingKey key = new GroupingKey();
        key.setInstance("h");

        InvalidGroupingKeyException e = assertThrows(InvalidGroupingKeyException.class, key::path);

        assertEquals("job is not set", e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("badGroupingLabels")
    void badGroupingLabelsAreRefusedWithAMessageNamingTheOffender(String labels, String offender,
            String expectedMessage) {
        GroupingKey key = new GroupingKey();

        InvalidGroupingKeyException e = assertThrows(InvalidGroupingKeyException.class,
                () -> key.setGroupingLabels(labels));

        assertEquals(expectedMessage, e.getMessage());
        assertTrue(e.getMessage().contains("'" + offender + "'"), e.getMessage());
    }

    static Stream<Arguments> badGroupingLabels() {
        String invalid = "' is invalid; a label name matches [a-zA-Z_][a-zA-Z0-9_]*";
        return Stream.of(
                args("1abc=x", "1abc", "grouping label name '1abc" + invalid),
                args("a-b=x", "a-b", "grouping label name 'a-b" + invalid),
                args("dc=eu,a.b=x", "a.b", "grouping label name 'a.b" + invalid),
                args("=x", "", "grouping label name '" + invalid),
                args("__reserved=x", "__reserved", "grouping label name '__reserved' is reserved; "
                        + "names starting with __ are for Prometheus itself"),
                args("job=x", "job", "grouping label 'job' repeats a parameter of its own; "
                        + "set it with the job parameter instead"),
                args("dc=eu, instance=x", "instance", "grouping label 'instance' repeats a parameter of its own; "
                        + "set it with the instance parameter instead"),
                args("dc", "dc", "grouping label 'dc' has no '='; write name=value,name2=value2"),
                args("dc=eu, rack ", "rack", "grouping label 'rack' has no '='; write name=value,name2=value2"),
                args("dc=eu,dc=us", "dc", "grouping label 'dc' is given twice"),
                args("dc=eu, rack=1,  dc =eu", "dc", "grouping label 'dc' is given twice"));
    }

    private static Arguments args(Object... values) {
        return Arguments.of(values);
    }

    @ParameterizedTest(name = "[{index}] labels=''{0}''")
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void blankGroupingLabelsMeanNoExtraLabels(String labels) {
        GroupingKey key = GroupingKey.of("node", "h", labels);

        assertEquals(List.of("job", "instance"), new ArrayList<>(key.labels().keySet()));
        assertEquals("job/node/instance/h", key.path());
    }

    @Test
    void settingBlankGroupingLabelsDropsEarlierOnes() {
        GroupingKey key = GroupingKey.of("node", "h", "dc=eu");

        key.setGroupingLabels("  ");

        assertEquals("job/node/instance/h", key.path());
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"dc=eu-west,rack=r12", " dc = eu-west , rack=r12 ", "dc=eu-west ,\track =\tr12\t"})
    void whitespaceAroundNamesAndValuesIsTrimmed(String labels) {
        GroupingKey key = GroupingKey.of("node", "h", labels);

        assertEquals(List.of(Map.entry("job", "node"), Map.entry("instance", "h"), Map.entry("dc", "eu-west"),
                Map.entry("rack", "r12")), new ArrayList<>(key.labels().entrySet()));
        assertEquals("job/node/instance/h/dc/eu-west/rack/r12", key.path());
    }

    @Test
    void toStringShowsTheLabelsInPathOrder() {
        assertEquals("{job=\"node\",instance=\"h\",dc=\"eu/west\"}",
                GroupingKey.of("node", "h", "dc=eu/west").toString());
    }
}
