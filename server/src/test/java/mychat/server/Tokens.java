package mychat.server;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Makes JWTs for tests: signed with a secret or a key pair, or deliberately broken. */
public final class Tokens {
    public static final String SECRET = "a-test-secret-that-is-at-least-32-bytes-long";

    private Tokens() {}

    public static JWTClaimsSet.Builder claims(String subject, Instant expires) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(subject).issueTime(new Date());
        if (expires != null) {
            b.expirationTime(Date.from(expires));
        }
        return b;
    }

    static String hs256(JWTClaimsSet claims, String secret) throws Exception {
        return sign(new JWSHeader(JWSAlgorithm.HS256), claims, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    }

    public static String hs256(JWTClaimsSet claims) throws Exception {
        return hs256(claims, SECRET);
    }

    static String hs512(JWTClaimsSet claims) throws Exception {
        byte[] longSecret = (SECRET + SECRET).getBytes(StandardCharsets.UTF_8);
        return sign(new JWSHeader(JWSAlgorithm.HS512), claims, new MACSigner(longSecret));
    }

    static String rs256(JWTClaimsSet claims, KeyPair rsa) throws Exception {
        return sign(new JWSHeader(JWSAlgorithm.RS256), claims, new RSASSASigner(rsa.getPrivate()));
    }

    static String es256(JWTClaimsSet claims, KeyPair ec) throws Exception {
        return sign(new JWSHeader(JWSAlgorithm.ES256), claims, new ECDSASigner((ECPrivateKey) ec.getPrivate()));
    }

    /** An unsigned token: header {"alg":"none"}, the claims, and an empty signature. */
    static String none(JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static Path publicKeyPem(KeyPair keys, Path file) throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return Files.writeString(file, pem);
    }

    static List<String> rooms(String... patterns) {
        return List.of(patterns);
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
