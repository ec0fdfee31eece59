package io.pushforwarder.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of the TLS keys: certificates (a CA bundle, or a client certificate followed by its chain) and
 * an unencrypted PKCS#8 private key, RSA or EC. These are what openssl 3 writes by default and what the Pushgateway's
 * and node_exporter's own web config read, so one set of files serves both ends.
 *
 * <p>Errors name the block types found and the supported formats, never the content.
 */
public final class PemFiles {

    public static final String SUPPORTED_CERTIFICATES =
            "supported: PEM with one or more -----BEGIN CERTIFICATE----- blocks (X.509)";
    public static final String SUPPORTED_KEYS =
            "supported: an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----) holding an RSA or EC key";
    private static final String CONVERT_KEY = "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8";

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

    private PemFiles() {
    }

    /** Every certificate of the file, in file order: a CA bundle, or a leaf followed by its intermediates. */
    public static List<X509Certificate> readCertificates(Path file) throws PemException, IOException {
        List<Block> blocks = blocks(file);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks) {
                if (!block.type.equals("CERTIFICATE")) {
                    continue;
                }
                try {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(block.decode())));
                } catch (CertificateException | IllegalArgumentException e) {
                    throw new PemException("certificate block " + (certificates.size() + 1)
                            + " is not a valid X.509 certificate (" + e.getMessage() + "); " + SUPPORTED_CERTIFICATES);
                }
            }
        } catch (CertificateException e) {
            throw new PemException("this Java runtime cannot read X.509 certificates (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new PemException("no certificate found (" + found(blocks) + "); " + SUPPORTED_CERTIFICATES);
        }
        return List.copyOf(certificates);
    }

    /** The one private key of the file. */
    public static PrivateKey readPrivateKey(Path file) throws PemException, IOException {
        List<Block> blocks = blocks(file);
        List<Block> keys = blocks.stream().filter(b -> b.type.equals("PRIVATE KEY")).toList();
        if (keys.isEmpty()) {
            for (Block block : blocks) {
                switch (block.type) {
                    case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new PemException("found a '" + block.type
                            + "' block, the traditional OpenSSL format (PKCS#1/SEC1), not PKCS#8; " + SUPPORTED_KEYS
                            + "; " + CONVERT_KEY);
                    case "ENCRYPTED PRIVATE KEY" -> throw new PemException("the key is encrypted; " + SUPPORTED_KEYS
                            + "; decrypt it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8");
                    default -> {
                        // keep looking
                    }
                }
            }
            throw new PemException("no private key found (" + found(blocks) + "); " + SUPPORTED_KEYS);
        }
        if (keys.size() > 1) {
            throw new PemException("the file holds " + keys.size() + " private keys, expected one; " + SUPPORTED_KEYS);
        }
        byte[] der;
        try {
            der = keys.get(0).decode();
        } catch (IllegalArgumentException e) {
            throw new PemException("the PRIVATE KEY block is not valid base64; " + SUPPORTED_KEYS);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new PemException("the PRIVATE KEY block holds neither an RSA nor an EC key (or is damaged); "
                + SUPPORTED_KEYS);
    }

    private static List<Block> blocks(Path file) throws PemException, IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), matcher.group(2)));
        }
        if (blocks.isEmpty()) {
            Matcher begin = BEGIN.matcher(text);
            if (begin.find()) {
                throw new PemException("the '" + begin.group(1) + "' block has no matching -----END " + begin.group(1)
                        + "----- line: the file is cut off or damaged");
            }
            throw new PemException(bytes.length == 0 ? "the file is empty"
                    : "not a PEM file: no -----BEGIN ...----- line (a DER/binary file must be converted to PEM)");
        }
        return blocks;
    }

    private static String found(List<Block> blocks) {
        return "found: " + String.join(", ", blocks.stream().map(b -> "'" + b.type + "'").toList());
    }

    private record Block(String type, String base64) {
        byte[] decode() {
            return Base64.getMimeDecoder().decode(base64.replaceAll("[^A-Za-z0-9+/=]", ""));
        }

        /** The content may be a private key: never printed. */
        @Override
        public String toString() {
            return "PEM block '" + type + "'";
        }
    }
}
