package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Starts a real ZooKeeper server (Debian package zookeeper) as a process. */
class ZooKeeperServerIT {

    @Test
    void servesOnLoopbackOnlyWithoutAnAdminServerAndLeavesNothingBehind() throws Exception {
        ZooKeeperServer zookeeper = new ZooKeeperServer().start();
        try {
            assertThat(zookeeper.connectString()).isEqualTo("127.0.0.1:" + zookeeper.port());
            assertThat(zookeeper.fourLetterWord("ruok")).isEqualTo("imok");
            assertThat(zookeeper.fourLetterWord("srvr"))
                    .contains("Zookeeper version: 3.8")
                    .contains("Mode: standalone");
            assertThat(Files.readString(zookeeper.logFile()))
                    .as("the server's own log")
                    .contains("binding to port /127.0.0.1:" + zookeeper.port())
                    .doesNotContain("AdminServer")
                    .doesNotContain("Started AdminServer");
        } finally {
            zookeeper.close();
        }
        assertThat(zookeeper.isRunning()).isFalse();
        assertThat(zookeeper.fourLetterWord("ruok")).isEmpty();
        assertThat(zookeeper.logFile().getParent()).doesNotExist();
    }
}
