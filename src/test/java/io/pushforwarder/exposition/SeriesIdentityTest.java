package io.pushforwarder.exposition;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.pushforwarder.exposition.ScrapeFixtures.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Series that look alike but differ are never taken for duplicates: each body's two lines are distinct. */
class SeriesIdentityTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "a{x=\"ab\",y=\"c\"} 1\na{x=\"a\",y=\"bc\"} 1\n",
        "a{xy=\"z\"} 1\na{x=\"yz\"} 1\n",
        "a{x=\"1\"} 1\na{y=\"1\"} 1\n",
        "a{x=\"1\",y=\"2\"} 1\na{x=\"2\",y=\"1\"} 1\n",
        "a{x=\"1\"} 1\nb{x=\"1\"} 1\n",
        "ab{x=\"1\"} 1\na{bx=\"1\"} 1\n",
        "a{x=\"12345678\"} 1\na{x=\"1234567\"} 1\n",
        "a{x=\"abcdefgh\\\\\"} 1\na{x=\"abcdefgh\\\\\\\\\"} 1\n",
        "a{x=\"1\",x2=\"1\"} 1\na{x=\"1\",x3=\"1\"} 1\n",
        "a{x=\"\\n\"} 1\na{x=\"n\"} 1\n",
        "a{x=\"1\",y=\"1\"} 1\na{x=\"1\"} 1\n",
        "a_very_long_metric_name_of_many_words{x=\"a\"} 1\na_very_long_metric_name_of_many_wordz{x=\"a\"} 1\n"})
    void lookAlikesAreTwoSeries(String body) throws Exception {
        assertEquals(2, validate(body, ScrapeRules.defaults()).seriesCount());
    }
}
