package mychat.server.net;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import mychat.server.ServerConfig;

/**
 * Builds the server's TLS context from PEM files, after checking that they can be read and that the key belongs to
 * the certificate (a mismatch would otherwise only show up as failed handshakes). Uses BoringSSL through
 * netty-tcnative when it loads, the JDK's TLS otherwise.
 */
public final class TlsSetup {

    /** A certificate or key that cannot be used; the message names the file and the problem. */
    public static final class TlsException extends Exception {
        TlsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private TlsSetup() {}

    public static SslContext serverContext(ServerConfig.Tls tls) throws TlsException {
        List<X509Certificate> chain = readCertificates(tls.certificate());
        PrivateKey key = readPrivateKey(tls.privateKey());
        checkPair(key, chain.getFirst(), tls);
        try {
            return SslContextBuilder.forServer(key, chain)
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new TlsException("cannot build TLS from " + tls.certificate() + " and " + tls.privateKey() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Which TLS implementation {@link #serverContext} uses here. */
    public static String engine() {
        return OpenSsl.isAvailable() ? "BoringSSL " + OpenSsl.versionString() : "JDK";
    }

    private static List<X509Certificate> readCertificates(Path file) throws TlsException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (var cert : factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                chain.add((X509Certificate) cert);
            }
            if (chain.isEmpty()) {
                throw new TlsException("CHAT_TLS_CERT " + file + " holds no certificate", null);
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("CHAT_TLS_CERT " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readPrivateKey(Path file) throws TlsException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsException("CHAT_TLS_KEY " + file + " cannot be read: " + e.getMessage(), e);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new TlsException("CHAT_TLS_KEY " + file + " has no \"-----BEGIN PRIVATE KEY-----\" block "
                    + "(an unencrypted PKCS#8 key; convert with: openssl pkcs8 -topk8 -nocrypt -in old.pem)", null);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String type : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this kind of key
            }
        }
        throw new TlsException("CHAT_TLS_KEY " + file + " holds no RSA, EC or Ed25519 private key", null);
    }

    /** Signs with the key and verifies with the certificate: proves they are a pair. */
    private static void checkPair(PrivateKey key, X509Certificate cert, ServerConfig.Tls tls) throws TlsException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "my-chat key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new TlsException("CHAT_TLS_KEY " + tls.privateKey() + " does not belong to the certificate in "
                        + tls.certificate(), null);
            }
        } catch (GeneralSecurityException e) {
            throw new TlsException("CHAT_TLS_KEY " + tls.privateKey() + " does not match the certificate in "
                    + tls.certificate() + ": " + e.getMessage(), e);
        }
    }
}
