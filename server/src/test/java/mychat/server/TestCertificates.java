package mychat.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway certificates for TLS tests, made with the JDK's own keytool: a CA, a server certificate for
 * 127.0.0.1 and localhost signed by it (PEM chain and PKCS#8 key), and a second, unrelated CA.
 */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey, Path otherCaCert, Path otherKey) {
    private static final String PASS = "changeit";

    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=my-chat test CA", "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
        keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "2", "-keystore", "server.p12");
        keytool(dir, "-certreq", "-alias", "server", "-keystore", "server.p12", "-file", "server.csr");
        keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "server.csr",
                "-outfile", "server-only.pem", "-rfc", "-validity", "2",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "KU=digitalSignature,keyAgreement",
                "-ext", "EKU=serverAuth");
        keytool(dir, "-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-rfc", "-file", "ca.pem");
        keytool(dir, "-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=some other CA", "-ext", "bc:c", "-validity", "2", "-keystore", "other.p12");
        keytool(dir, "-exportcert", "-alias", "other", "-keystore", "other.p12", "-rfc", "-file", "other-ca.pem");

        Path chain = dir.resolve("server.pem");
        Files.writeString(chain, Files.readString(dir.resolve("server-only.pem")) + Files.readString(dir.resolve("ca.pem")));
        Path key = dir.resolve("server.key");
        writePkcs8(dir.resolve("server.p12"), "server", key);
        Path otherKey = dir.resolve("other.key");
        writePkcs8(dir.resolve("other.p12"), "other", otherKey);
        return new TestCertificates(dir.resolve("ca.pem"), chain, key, dir.resolve("other-ca.pem"), otherKey);
    }

    private static void writePkcs8(Path p12, String alias, Path out) throws IOException {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASS.toCharArray());
            Key key = store.getKey(alias, PASS.toCharArray());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(out, pem);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASS, "-keypass", PASS, "-storetype", "PKCS12", "-noprompt"));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
