package mychat.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Verifies JWTs with one configured key and algorithm. Refuses, with a reason that can be logged and counted (the
 * token itself is never logged): missing, malformed, unsigned ({@code alg: none}), another algorithm than the
 * configured one, a bad signature, expired or not yet valid (with {@code leeway} of clock skew either way), no
 * usable nick.
 */
public final class Authenticator {

    /** Why a token was refused; also the label of the auth-failure metric. */
    public enum Refusal {
        MISSING, MALFORMED, WRONG_ALGORITHM, BAD_SIGNATURE, EXPIRED, NOT_YET_VALID, BAD_CLAIMS;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public sealed interface Result {
        record Accepted(Principal principal) implements Result {}

        record Refused(Refusal reason, String detail) implements Result {}
    }

    private final JWSAlgorithm algorithm;
    private final JWSVerifier verifier;
    private final Duration leeway;

    private Authenticator(JWSAlgorithm algorithm, JWSVerifier verifier, Duration leeway) {
        this.algorithm = algorithm;
        this.verifier = verifier;
        this.leeway = leeway;
    }

    /** HS256 with a shared secret of at least 32 bytes. */
    public static Authenticator hs256(String secret, Duration leeway) {
        try {
            return new Authenticator(JWSAlgorithm.HS256, new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)),
                    leeway);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the JWT secret is not usable for HS256: " + e.getMessage(), e);
        }
    }

    /** RS256 or ES256, chosen by the kind of public key in the PEM file. */
    public static Authenticator fromPublicKeyPem(Path pemFile, Duration leeway) throws IOException {
        PublicKey key = readPublicKey(pemFile);
        try {
            return switch (key) {
                case RSAPublicKey rsa -> new Authenticator(JWSAlgorithm.RS256, new RSASSAVerifier(rsa), leeway);
                case ECPublicKey ec -> new Authenticator(JWSAlgorithm.ES256, new ECDSAVerifier(ec), leeway);
                default -> throw new IOException(pemFile + " holds a " + key.getAlgorithm()
                        + " key; RSA (RS256) or EC P-256 (ES256) is needed");
            };
        } catch (JOSEException e) {
            throw new IOException(pemFile + ": " + e.getMessage(), e);
        }
    }

    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    public Result verify(String token, Instant now) {
        if (token == null || token.isBlank()) {
            return new Result.Refused(Refusal.MISSING, "no token");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token.strip()); // an unsigned ("alg": "none") token does not parse as signed
        } catch (ParseException e) {
            return new Result.Refused(Refusal.MALFORMED, "not a signed JWT");
        }
        if (!algorithm.equals(jwt.getHeader().getAlgorithm())) {
            return new Result.Refused(Refusal.WRONG_ALGORITHM,
                    "algorithm " + jwt.getHeader().getAlgorithm() + ", expected " + algorithm);
        }
        try {
            if (!jwt.verify(verifier)) {
                return new Result.Refused(Refusal.BAD_SIGNATURE, "signature does not verify");
            }
        } catch (JOSEException e) {
            return new Result.Refused(Refusal.BAD_SIGNATURE, "signature cannot be verified");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return new Result.Refused(Refusal.MALFORMED, "claims are not a JSON object");
        }
        Date exp = claims.getExpirationTime();
        if (exp != null && now.isAfter(exp.toInstant().plus(leeway))) {
            return new Result.Refused(Refusal.EXPIRED, "expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(leeway))) {
            return new Result.Refused(Refusal.NOT_YET_VALID, "not valid before " + nbf.toInstant());
        }
        return principal(claims, exp);
    }

    /** How long after {@code exp} a token still counts, for scheduling expiry during a session. */
    public Duration leeway() {
        return leeway;
    }

    private static Result principal(JWTClaimsSet claims, Date exp) {
        try {
            String subject = claims.getSubject();
            String nick = claims.getStringClaim("nick");
            if (nick == null) {
                nick = subject;
            }
            if (nick == null || mychat.protocol.Rules.checkNick(nick).isPresent()) {
                return new Result.Refused(Refusal.BAD_CLAIMS, "no valid nick (claim \"nick\" or \"sub\")");
            }
            List<String> rooms = claims.getClaim("rooms") == null ? null : claims.getStringListClaim("rooms");
            return new Result.Accepted(new Principal(subject != null ? subject : nick, nick,
                    rooms == null ? null : List.copyOf(rooms), exp == null ? null : exp.toInstant()));
        } catch (ParseException e) {
            return new Result.Refused(Refusal.BAD_CLAIMS, "claim of the wrong type: " + e.getMessage());
        }
    }

    private static PublicKey readPublicKey(Path pemFile) throws IOException {
        String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = pem.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException(pemFile + " has no \"-----BEGIN PUBLIC KEY-----\" block");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + 26, end));
        } catch (IllegalArgumentException e) {
            throw new IOException(pemFile + ": the key is not valid base64", e);
        }
        for (String type : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (java.security.GeneralSecurityException tryNext) {
                // not this kind of key
            }
        }
        throw new IOException(pemFile + " holds no RSA or EC public key");
    }
}
