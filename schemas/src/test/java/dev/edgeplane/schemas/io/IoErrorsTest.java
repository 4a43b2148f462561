package dev.edgeplane.schemas.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoErrorsTest {

    @TempDir
    Path folder;

    @Test
    void missingFileSaysNoSuchFile() {
        IOException e = catchThrowableOfType(IOException.class, () -> Files.readString(folder.resolve("absent")));

        assertThat(IoErrors.describe(e)).isEqualTo("no such file or folder");
    }

    @Test
    void folderReadAsFileSaysFolder() {
        IOException e = catchThrowableOfType(IOException.class, () -> Files.readString(folder));

        assertThat(IoErrors.describe(e)).isEqualTo("it is a folder, not a file");
    }

    @Test
    void fileInPathSaysNotFolder() throws IOException {
        Path file = Files.writeString(folder.resolve("plain"), "x");

        IOException e = catchThrowableOfType(IOException.class, () -> Files.readString(file.resolve("child")));

        assertThat(IoErrors.describe(e)).isEqualTo("a part of the path is a file, not a folder");
    }

    @Test
    void accessDeniedSaysPermission() {
        assertThat(IoErrors.describe(new AccessDeniedException("/etc/shadow"))).isEqualTo("permission denied");
    }

    @Test
    void otherErrorKeepsMessage() {
        assertThat(IoErrors.describe(new IOException("disk full"))).isEqualTo("disk full");
        assertThat(IoErrors.describe(new IOException())).isEqualTo("IOException");
    }
}
