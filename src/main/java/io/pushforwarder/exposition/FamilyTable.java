package io.pushforwarder.exposition;

import java.util.Arrays;

import io.pushforwarder.exposition.InvalidScrapeException.Reason;

/**
 * The metric families of one body, keyed by name bytes so that finding a line's family allocates nothing.
 *
 * <p>A name is attributed to a family the way the gateway's parser does it: its own family if that exists,
 * otherwise, when it ends in {@code _sum} or {@code _count} (or {@code _bucket}) and the name without that
 * suffix is an existing summary (or histogram), that family, otherwise a new family of its own. So
 * {@code x_count} before {@code # TYPE x summary} is a separate family, which {@link #checkSuffixCollisions}
 * later refuses as the gateway does.
 */
final class FamilyTable {

    /** How a sample's name relates to the family it was attributed to. */
    enum Suffix {
        NONE(""), BUCKET("_bucket"), SUM("_sum"), COUNT("_count");

        private final String text;

        Suffix(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    private static final int FREE = 0;

    private byte[] names = new byte[8 * 1024];
    private int namesUsed;
    private int[] nameStart = new int[256];
    private int[] nameLength = new int[256];
    private int[] nameHash = new int[256];
    private MetricType[] types = new MetricType[256];
    private boolean[] typeDeclared = new boolean[256];
    private boolean[] helpSeen = new boolean[256];
    private int[] firstSampleLine = new int[256];
    private int size;
    /** Open addressing: family id + 1, or FREE. */
    private int[] slots = new int[1024];

    private Suffix lastSuffix = Suffix.NONE;
    /**
     * The last name resolved and its result. Lines of one family come together (HELP, TYPE, samples of the same
     * name), and a name, once resolved, always resolves the same way: its family exists from then on, or it named
     * the suffix of a summary or histogram, whose type cannot change. So the last answer can be reused.
     */
    private byte[] lastName = new byte[64];
    private int lastNameLength = -1;
    private int lastFamily;

    /** The family of a HELP, TYPE or sample line's name, created when needed. */
    int resolve(byte[] b, int start, int end) {
        int length = end - start;
        if (length == lastNameLength && Arrays.equals(lastName, 0, length, b, start, end)) {
            return lastFamily;
        }
        lastFamily = resolveAnew(b, start, end);
        if (length > lastName.length) {
            lastName = new byte[Math.max(length, lastName.length * 2)];
        }
        System.arraycopy(b, start, lastName, 0, length);
        lastNameLength = length;
        return lastFamily;
    }

    private int resolveAnew(byte[] b, int start, int end) {
        lastSuffix = Suffix.NONE;
        int own = find(b, start, end, hash(b, start, end));
        if (own >= 0) {
            return own;
        }
        int length = end - start;
        Suffix suffix = endsWith(b, start, end, Suffix.COUNT) ? Suffix.COUNT
                : endsWith(b, start, end, Suffix.SUM) ? Suffix.SUM
                : endsWith(b, start, end, Suffix.BUCKET) ? Suffix.BUCKET
                : Suffix.NONE;
        if (suffix != Suffix.NONE) {
            int baseEnd = end - suffix.text().length();
            int base = find(b, start, baseEnd, hash(b, start, baseEnd));
            if (base >= 0 && (types[base] == MetricType.HISTOGRAM
                    || types[base] == MetricType.SUMMARY && suffix != Suffix.BUCKET)) {
                lastSuffix = suffix;
                return base;
            }
        }
        return add(b, start, end);
    }

    /** The suffix by which the last {@link #resolve} attributed its name to a histogram or summary. */
    Suffix lastSuffix() {
        return lastSuffix;
    }

    int size() {
        return size;
    }

    String name(int family) {
        return Bytes.ascii(names, nameStart[family], nameStart[family] + nameLength[family]);
    }

    /** The declared type, or the one a first sample fixed (untyped); null while neither happened. */
    MetricType type(int family) {
        return types[family];
    }

    boolean typeDeclared(int family) {
        return typeDeclared[family];
    }

    void declareType(int family, MetricType type) {
        types[family] = type;
        typeDeclared[family] = true;
    }

    boolean helpSeen(int family) {
        return helpSeen[family];
    }

    void markHelp(int family) {
        helpSeen[family] = true;
    }

    boolean hasSamples(int family) {
        return firstSampleLine[family] > 0;
    }

    /** A first sample fixes an undeclared family as untyped, as in the gateway: a later TYPE is refused. */
    void markSample(int family, int line) {
        if (firstSampleLine[family] == 0) {
            firstSampleLine[family] = line;
            if (types[family] == null) {
                types[family] = MetricType.UNTYPED;
            }
        }
    }

    /**
     * A summary or histogram {@code x} and a family of its own named {@code x_sum}, {@code x_count} (or
     * {@code x_bucket}) cannot both be exposed; the gateway's consistency check refuses the push.
     */
    void checkSuffixCollisions() throws InvalidScrapeException {
        for (int family = 0; family < size; family++) {
            MetricType type = types[family];
            if (!hasSamples(family) || type != MetricType.SUMMARY && type != MetricType.HISTOGRAM) {
                continue;
            }
            for (Suffix suffix : Suffix.values()) {
                if (suffix == Suffix.NONE || suffix == Suffix.BUCKET && type != MetricType.HISTOGRAM) {
                    continue;
                }
                byte[] probe = nameWithSuffix(family, suffix);
                int other = find(probe, 0, probe.length, hash(probe, 0, probe.length));
                if (other >= 0 && hasSamples(other)) {
                    throw InvalidScrapeException.atLine(Reason.TYPE_CONFLICT, firstSampleLine[other],
                            "metric " + Bytes.quote(probe, 0, probe.length) + " collides with the "
                                    + type.text() + " " + Bytes.quote(names, nameStart[family],
                                    nameStart[family] + nameLength[family]) + " (first sample at line "
                                    + firstSampleLine[family] + "), which already has samples of that name");
                }
            }
        }
    }

    /** Whether the name is longer than the suffix and ends with it, as the gateway's parser tests it. */
    private static boolean endsWith(byte[] b, int start, int end, Suffix suffix) {
        int length = suffix.text().length();
        return end - start > length && Bytes.equalsAscii(b, end - length, end, suffix.text());
    }

    private byte[] nameWithSuffix(int family, Suffix suffix) {
        String text = suffix.text();
        int start = nameStart[family];
        byte[] probe = Arrays.copyOfRange(names, start, start + nameLength[family] + text.length());
        for (int i = 0; i < text.length(); i++) {
            probe[nameLength[family] + i] = (byte) text.charAt(i);
        }
        return probe;
    }

    private int find(byte[] b, int start, int end, int hash) {
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == FREE) {
                return -1;
            }
            int family = entry - 1;
            if (nameHash[family] == hash && Bytes.equalRanges(names, nameStart[family],
                    nameStart[family] + nameLength[family], b, start, end)) {
                return family;
            }
        }
    }

    private int add(byte[] b, int start, int end) {
        int length = end - start;
        if (size == nameStart.length) {
            growFamilies();
        }
        if (namesUsed + length > names.length) {
            names = Arrays.copyOf(names, Math.max(names.length * 2, namesUsed + length));
        }
        System.arraycopy(b, start, names, namesUsed, length);
        int family = size++;
        nameStart[family] = namesUsed;
        nameLength[family] = length;
        nameHash[family] = hash(b, start, end);
        namesUsed += length;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        } else {
            place(family);
        }
        return family;
    }

    private void place(int family) {
        int mask = slots.length - 1;
        int slot = nameHash[family] & mask;
        while (slots[slot] != FREE) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = family + 1;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        for (int family = 0; family < size; family++) {
            place(family);
        }
    }

    private void growFamilies() {
        int capacity = size * 2;
        nameStart = Arrays.copyOf(nameStart, capacity);
        nameLength = Arrays.copyOf(nameLength, capacity);
        nameHash = Arrays.copyOf(nameHash, capacity);
        types = Arrays.copyOf(types, capacity);
        typeDeclared = Arrays.copyOf(typeDeclared, capacity);
        helpSeen = Arrays.copyOf(helpSeen, capacity);
        firstSampleLine = Arrays.copyOf(firstSampleLine, capacity);
    }

    private static int hash(byte[] b, int start, int end) {
        long h = WordAtATime.hash(b, start, end, 0x9e3779b97f4a7c15L);
        return (int) (h ^ (h >>> 32));
    }
}
