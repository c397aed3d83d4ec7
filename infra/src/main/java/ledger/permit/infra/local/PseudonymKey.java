package ledger.permit.infra.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret behind the pseudonymous holder keys of the public topics. The local system makes one on its
 * first start and keeps it in the data folder (readable by its owner only), so that a holder keeps the same
 * key across restarts; a production deployment sets its own ({@code LEDGER_PSEUDONYM_KEY}).
 */
public final class PseudonymKey {

    private static final Logger log = LoggerFactory.getLogger(PseudonymKey.class);

    private PseudonymKey() {
    }

    /** 32 random bytes, base64. */
    public static String random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    /** The key kept in {@code file}, made there first if there is none. */
    public static String loadOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            String key = random();
            OwnerOnlyFiles.write(file, key + "\n");
            log.info("Made the pseudonym key of the public topics: {}", file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("the pseudonym key at " + file + " could not be read or made", e);
        }
    }
}
