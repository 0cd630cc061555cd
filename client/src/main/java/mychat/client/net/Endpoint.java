package mychat.client.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Where and how to connect: the URL, an optional bearer token, and for {@code wss://} the certificates to trust.
 * Certificates are always verified (host name included); {@code --ca} adds a private CA to the system's trusted
 * ones, it never turns verification off.
 */
public record Endpoint(URI uri, String token, HttpClient http) {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** A problem with the CA file, in words for the user. */
    public static final class TrustException extends Exception {
        TrustException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static Endpoint of(URI uri, String token, Path caFile) throws TrustException {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (caFile != null) {
            http.sslContext(trusting(caFile));
        }
        return new Endpoint(uri, token, http.build());
    }

    /** The system's trusted certificates plus those in {@code caFile} (PEM). */
    private static SSLContext trusting(Path caFile) throws TrustException {
        List<X509Certificate> extra = new ArrayList<>();
        try (InputStream in = Files.newInputStream(caFile)) {
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                extra.add((X509Certificate) cert);
            }
        } catch (IOException | CertificateException e) {
            throw new TrustException("cannot read CA certificates from " + caFile + ": " + e.getMessage(), e);
        }
        if (extra.isEmpty()) {
            throw new TrustException("no certificate in " + caFile, null);
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate cert : extra) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            for (X509Certificate cert : systemTrust().getAcceptedIssuers()) {
                store.setCertificateEntry("system-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new TrustException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
