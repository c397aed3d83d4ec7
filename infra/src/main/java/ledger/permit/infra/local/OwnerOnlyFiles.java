package ledger.permit.infra.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Secrets of the local system, written readable by their owner only and put in place at once. */
final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /** Writes {@code text} to {@code file}: a new file, mode 600, moved into place whole. */
    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path fresh = Files.createFile(file.resolveSibling(file.getFileName() + ".new"));
        try {
            Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data folder's own protection applies
        }
        Files.writeString(fresh, text, StandardCharsets.US_ASCII);
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
