package io.regimestream.job.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.model.ModelException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Work an announcement controls cannot fail the task: errors become rejections, and it is given up after its limit. */
class ContainedWorkTest {

    @Test
    void aStackOverflowOrAnOutOfMemoryErrorIsARejectionNamingTheSource() {
        assertThatThrownBy(
                        () -> ContainedWork.run("deep.pmml", "loading deep", Duration.ofSeconds(30), () -> recurse(0)))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model deep.pmml: loading deep failed: StackOverflowError");
        assertThatThrownBy(() -> ContainedWork.run(
                        "huge.pmml", "reading huge", Duration.ofSeconds(30), () -> new long[Integer.MAX_VALUE - 8]))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("OutOfMemoryError");
        assertThat(ContainedWork.run("fine", "adding", Duration.ofSeconds(30), () -> 1 + 1))
                .isEqualTo(2);
    }

    @Test
    void workOverItsLimitIsGivenUpAndCountedUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int before = ContainedWork.abandoned();

        assertThatThrownBy(() -> ContainedWork.run("slow", "loading slow", Duration.ofMillis(200), () -> {
                    while (release.getCount() > 0) {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            // a read blocked in the file system does not answer interrupts either
                        }
                    }
                    return null;
                }))
                .hasMessageContaining("took longer than 200 ms and was given up");
        assertThat(ContainedWork.abandoned()).isEqualTo(before + 1);
        release.countDown();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> ContainedWork.abandoned() == before);
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
