package io.pushforwarder.exposition;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Random edits of a body, of the kinds a broken exporter or a broken connection makes. */
final class BodyMutations {

    private static final byte[] INTERESTING = "{}\"\\\n\r \t#=,.:_-+aZ09eE\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    private BodyMutations() {
    }

    /**
     * One random edit: bytes deleted, inserted or replaced, a cut, a line repeated or moved, or a CR, a timestamp
     * or an exemplar added to a line.
     */
    static byte[] mutate(byte[] body, Random random) {
        if (body.length == 0) {
            return new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
        }
        int at = random.nextInt(body.length);
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int line = random.nextInt(lines.size());
        switch (random.nextInt(9)) {
            case 0 -> {
                return concat(Arrays.copyOf(body, at), Arrays.copyOfRange(body, Math.min(body.length,
                        at + 1 + random.nextInt(5)), body.length));
            }
            case 1 -> {
                return concat(Arrays.copyOf(body, at), new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]},
                        Arrays.copyOfRange(body, at, body.length));
            }
            case 2 -> {
                byte[] copy = body.clone();
                copy[at] = (byte) random.nextInt(256);
                return copy;
            }
            case 3 -> {
                return Arrays.copyOf(body, at);
            }
            case 4 -> lines.add(line, lines.get(line));
            case 5 -> {
                int other = random.nextInt(lines.size());
                String swapped = lines.get(line);
                lines.set(line, lines.get(other));
                lines.set(other, swapped);
            }
            case 6 -> lines.set(line, lines.get(line) + "\r");
            case 7 -> lines.set(line, lines.get(line) + " " + random.nextInt(1_000_000));
            default -> lines.set(line, lines.get(line) + " # {trace_id=\"" + random.nextInt(100) + "\"} 1");
        }
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
