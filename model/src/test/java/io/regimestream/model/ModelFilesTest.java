package io.regimestream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    @Test
    void readsAModelUpToTheLimit() throws Exception {
        assertThat(ModelFiles.readAtMost(new ByteArrayInputStream(new byte[100]), 100, "m"))
                .hasSize(100);
    }

    @Test
    void stopsOneByteAfterTheLimitOfAnEndlessStream() {
        AtomicLong served = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return 'x';
            }
        };

        assertThatThrownBy(() -> ModelFiles.readAtMost(endless, 1000, "model endless"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("is larger than the 1000 bytes a model may have");
        assertThat(served).hasValue(1001);
    }

    @Test
    void aDeviceThatReportsLengthZeroIsNotReadWithoutBound(@TempDir Path dir) throws Exception {
        // /dev/zero reports length 0 and never ends: before, the length check passed and the read filled the heap.
        Path link = Files.createSymbolicLink(dir.resolve("model.pmml"), Path.of("/dev/zero"));

        assertThatThrownBy(() -> ModelFiles.readModel(link.toUri().toString()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("is larger than the " + ModelFiles.MAX_MODEL_BYTES + " bytes");
    }
}
