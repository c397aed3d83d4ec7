package ledger.permit.projector.publication;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Pseudonymous keys for the public topics: HMAC-SHA256 of a citizen ID under a secret key, base64url.
 * The same person always gets the same key; without the secret no key leads back to a person, and no
 * one can test a guessed ID against it. Changing the secret starts a new, unrelated key space.
 */
public final class Pseudonyms {

    /** At least 256 bits, as HMAC-SHA256 asks. */
    static final int MIN_KEY_BYTES = 32;

    private final ThreadLocal<Mac> mac;

    private Pseudonyms(byte[] secret) {
        SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac instance = Mac.getInstance("HmacSHA256");
                instance.init(key);
                return instance;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    /**
     * @param base64Secret the secret, base64 (standard or url alphabet), at least 32 bytes
     * @throws IllegalArgumentException when the secret is missing, not base64 or too short
     */
    public static Pseudonyms fromBase64(String base64Secret) {
        if (base64Secret == null || base64Secret.isBlank()) {
            throw new IllegalArgumentException("ledger.statistics.pseudonym-key is not set: the public topics need "
                    + "a secret of at least " + MIN_KEY_BYTES + " bytes, base64 (e.g. openssl rand -base64 32)");
        }
        byte[] secret;
        try {
            String trimmed = base64Secret.strip();
            secret = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ledger.statistics.pseudonym-key is not base64", e);
        }
        if (secret.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("ledger.statistics.pseudonym-key has " + secret.length
                    + " bytes; at least " + MIN_KEY_BYTES + " are needed");
        }
        return new Pseudonyms(secret);
    }

    /** The key of a citizen ID: 43 characters of base64url. */
    public String of(String citizenId) {
        byte[] digest = mac.get().doFinal(citizenId.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /**
     * The key of a child as one holder's child: the same for every record of the child under this holder, another
     * under its other parent, and never the child's own key as a holder (a key shared across holders would join
     * households, and the child to its own records).
     */
    public String ofChild(String holderCitizenId, String childCitizenId) {
        return of("child:" + holderCitizenId + ":" + childCitizenId);
    }
}
