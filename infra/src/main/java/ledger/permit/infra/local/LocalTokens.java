package ledger.permit.infra.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The local system's token issuer: an RSA key pair made on the first start and kept in the data folder
 * (readable by its owner only). The services get only the public half; tokens are signed here, for the
 * launcher's demo data, the {@code token} command and the tests. A production deployment uses its own
 * identity provider instead and never this key.
 */
public final class LocalTokens {

    private static final Logger log = LoggerFactory.getLogger(LocalTokens.class);

    /** The audience every service of the ledger checks ({@code spring.security.oauth2.resourceserver.jwt.audiences}). */
    public static final String AUDIENCE = "permit-ledger";
    public static final String ISSUER = "urn:permit-ledger:local";
    /** The roles the services know (their {@code Role}). */
    public static final List<String> ROLES =
            List.of("REGISTRAR", "AGENCY", "AUDITOR", "STATISTICS", "POLICY_ADMIN", "MONITORING");

    private final RSAKey key;
    private final Path publicKeyFile;

    private LocalTokens(RSAKey key, Path publicKeyFile) {
        this.key = key;
        this.publicKeyFile = publicKeyFile;
    }

    /** The key pair kept in {@code file}, made there first if there is none; its public half beside it (PEM). */
    public static LocalTokens loadOrCreate(Path file) {
        try {
            RSAKey key;
            if (Files.isRegularFile(file)) {
                key = RSAKey.parse(Files.readString(file, StandardCharsets.US_ASCII));
            } else {
                key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
                OwnerOnlyFiles.write(file, key.toJSONString());
                log.info("Made the key pair local bearer tokens are signed with: {}", file.toAbsolutePath());
            }
            Path publicKey = file.resolveSibling("token-signing-key.pub.pem");
            Files.writeString(publicKey, pem(key), StandardCharsets.US_ASCII);
            return new LocalTokens(key, publicKey.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("the token key at " + file + " could not be read or made", e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the token key at " + file + " is not a usable RSA key: " + e.getMessage(), e);
        }
    }

    /** The public key, PEM, where the services read it ({@code public-key-location}). */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /**
     * A signed token for {@code subject} with {@code roles}, acting for {@code agency} (or none), valid for
     * {@code ttl} from now.
     */
    public String issue(String subject, String agency, Duration ttl, List<String> roles) {
        return issue(subject, agency, ttl, roles, AUDIENCE);
    }

    /** As {@link #issue(String, String, Duration, List)}, for another audience (tests of refusals). */
    public String issue(String subject, String agency, Duration ttl, List<String> roles, String audience) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", List.copyOf(roles));
        if (agency != null) {
            claims.claim("agency", agency);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("the token could not be signed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private static String pem(RSAKey key) throws JOSEException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.toRSAPublicKey().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }
}
