package io.regimestream.training.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.training.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFolderTest {

    @TempDir
    Path tmp;

    @Test
    void createsMissingFoldersAndLeavesNoProbeBehind() throws Exception {
        Path dir = OutputFolder.prepare(tmp.resolve("a/b/model"));
        assertThat(dir).isDirectory();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anOutputPathThatIsAFileIsRejected() throws Exception {
        Path file = Files.writeString(tmp.resolve("model.txt"), "x");
        assertThatThrownBy(() -> OutputFolder.prepare(file))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("model.txt is a file, not a folder");
    }

    @Test
    void aFolderThatCannotBeCreatedIsRejectedWithItsName() throws Exception {
        // Works as root too (unlike a read-only folder): nothing can be created below a file.
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        assertThatThrownBy(() -> OutputFolder.prepare(file.resolve("model-artifacts")))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("cannot create output folder " + file.resolve("model-artifacts"))
                .hasMessageContaining("give a writable --out");
    }
}
