/**
 * The gate before a push: a strict, streaming reader of the Prometheus text exposition format 0.0.4 that refuses
 * what must not be pushed, repairs what the Pushgateway would refuse for no good reason, and filters per target.
 * Plain Java, no Camel type: routes call {@link io.pushforwarder.exposition.ScrapeValidator} as a bean.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * ValidScrape scrape = new ScrapeValidator().validate(body, rules, contentLength); // or InvalidScrapeException
 * push(scrape.body());
 * }</pre>
 * {@link io.pushforwarder.exposition.ExpositionParser} walks samples for other sinks (remote_write).
 *
 * <h2>What decides validity</h2>
 * The real gateway's parser (prometheus/common expfmt text_parse.go) and its consistency check (client_golang's
 * Gatherer): GatewayAgreementIT pushes every case of the unit table to a real Pushgateway and checks that what
 * passes here is accepted there, and what the gateway refuses is refused here. Stricter by design, because the
 * gateway would push data that is lost or wrong:
 * <ul>
 *   <li>an empty body, or one of comments only: the gateway takes it as an empty group and wipes the last one;</li>
 *   <li>two series that differ only by labels of empty value: Prometheus sees one series twice;</li>
 *   <li>a histogram bucket without {@code le}, a histogram sample without suffix, a summary sample without
 *       {@code quantile}, {@code le} on {@code _sum}/{@code _count}, a repeated bucket: the gateway drops or
 *       merges them silently;</li>
 *   <li>invalid UTF-8 in comments and HELP, upper-case TYPE words ({@code Counter}), {@code gauge_histogram},
 *       a TYPE or HELP line without its name or type, and a value glued to its name or labels ({@code a-1},
 *       {@code a{x="1"}2}), which the gateway reads as {@code a = -1} and {@code 2}.</li>
 * </ul>
 * Like the gateway, it accepts a family whose lines are not contiguous (the gateway merges them), a HELP line
 * after the samples, {@code #HELP} without a blank, and {@code # EOF} or {@code # UNIT} as comments.
 *
 * <h2>Truncation</h2>
 * A body cut at a line boundary looks complete; only the declared Content-Length tells (pass it), or, for a
 * chunked body, the HTTP client's error about the missing last chunk. A body cut inside its last line is refused
 * as TRUNCATED when that line does not parse; when the cut line still parses (a value cut from 123 to 12) it is
 * taken as complete, and its missing line feed is added when {@code addFinalNewline} is on.
 *
 * <h2>Cost</h2>
 * One pass, eight bytes per step where it can; nothing is allocated per line. Memory: the input buffer (32 KiB,
 * more only for a longer line), the output (the size of the pushed body), and about 30 bytes per series and per
 * family. Input over {@code maxBodyBytes} is refused at its first extra byte. See ScrapeValidatorBenchmark.
 */
package io.pushforwarder.exposition;
