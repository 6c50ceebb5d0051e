package io.regimestream.localservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ZooKeeper 3.8 server, standalone: the server of the Debian package {@code zookeeper}
 * ({@code /usr/share/java/zookeeper.jar}, whose manifest names its dependencies), started as a child
 * process with the main class the package's {@code zkServer.sh} starts, on a free port of
 * 127.0.0.1, with its data in a folder of its own. The AdminServer (Jetty on port 8080 of every
 * interface by default) is off. For Flink's ZooKeeper high availability in tests
 * ({@link FlinkCluster.Builder#zooKeeperHighAvailability}).
 *
 * <p>Only the {@code zookeeper} package is needed: {@code zookeeperd} adds nothing but a system
 * service that would run a second, machine-wide ZooKeeper on port 2181. If the server is not
 * installed, {@link #start()} fails with a message saying how to install it.
 */
public final class ZooKeeperServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperServer.class);

    /** How to get the ZooKeeper server, shown whenever it is missing. */
    public static final String INSTALL_HINT =
            "install ZooKeeper 3.8: `sudo apt-get install zookeeper` on Debian/Ubuntu "
                    + "(bin/test does this for you), or set ZOOKEEPER_CLASSPATH to the class path of a ZooKeeper 3.8 server";

    /** The Debian package's server jar and the SLF4J binding of its dependency libslf4j-java (logs to the .log file). */
    private static final List<Path> DEBIAN_CLASSPATH =
            List.of(Path.of("/usr/share/java/zookeeper.jar"), Path.of("/usr/share/java/slf4j-simple.jar"));

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Path home;
    private Process process;

    /** A server on a free port with a new temporary data folder; {@link #start()} starts it. */
    public ZooKeeperServer() {
        this.port = FreePorts.find();
        try {
            this.home = Files.createTempDirectory("zookeeper-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ZooKeeper's data folder", e);
        }
    }

    /** The server's class path: $ZOOKEEPER_CLASSPATH, else the Debian package's jar; empty when missing. */
    public static Optional<String> findClasspath() {
        String env = System.getenv("ZOOKEEPER_CLASSPATH");
        if (env != null && !env.isBlank()) {
            return Optional.of(env);
        }
        if (!Files.isRegularFile(DEBIAN_CLASSPATH.get(0))) {
            return Optional.empty();
        }
        return Optional.of(String.join(
                java.io.File.pathSeparator,
                DEBIAN_CLASSPATH.stream()
                        .filter(Files::isRegularFile)
                        .map(Path::toString)
                        .toList()));
    }

    /** Starts the server and waits until it serves (its {@code srvr} answer names its mode). */
    public synchronized ZooKeeperServer start() {
        if (process != null) {
            return this;
        }
        String classpath = findClasspath()
                .orElseThrow(() -> new IllegalStateException("the ZooKeeper server was not found: " + INSTALL_HINT));
        FreePorts.requireFree(port, "ZooKeeper client port");
        try {
            Path config = home.resolve("zoo.cfg");
            Files.writeString(config, config());
            Path log = logFile();
            process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-Dorg.slf4j.simpleLogger.showDateTime=true",
                            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss,SSS",
                            "-cp",
                            classpath,
                            "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                            config.toString())
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            awaitServing();
            LOG.info("ZooKeeper ready on {} (pid {}, data in {})", connectString(), process.pid(), home);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the ZooKeeper server", e);
        }
    }

    /** What Flink's {@code high-availability.zookeeper.quorum} takes: {@code 127.0.0.1:<port>}. */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The server's log (start-up, sessions opened and expired), for error messages. */
    public Path logFile() {
        return home.resolve("zookeeper.log");
    }

    /** Stops the server (SIGTERM, then SIGKILL after 15 s) and removes its data. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            Processes.awaitExit(process);
            process = null;
        }
        LocalFiles.deleteRecursively(home);
    }

    /**
     * A standalone server on 127.0.0.1 only. The session timeouts a client may ask for lie between
     * 2 ticks (2 s: a test's short timeout, for a quick leader change, is granted) and, widened from
     * 20 ticks, 60 s, Flink's default, so that it is granted as it is and not cut without a word.
     */
    private String config() {
        return """
                tickTime=1000
                dataDir=%s
                clientPort=%d
                clientPortAddress=127.0.0.1
                maxSessionTimeout=60000
                admin.enableServer=false
                4lw.commands.whitelist=ruok,srvr
                """.formatted(home.resolve("data"), port);
    }

    /**
     * ZooKeeper's four-letter {@code srvr}: a server that serves requests names its mode; before that
     * it says it is "not currently serving requests" (while {@code ruok} already answers {@code imok}).
     */
    private void awaitServing() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the ZooKeeper server exited with code " + process.exitValue()
                        + " at start-up; its log:\n" + Processes.readQuietly(logFile()));
            }
            if (fourLetterWord("srvr").contains("Mode: ")) {
                return;
            }
            FlinkRest.sleep(100);
        }
        close();
        throw new IllegalStateException("the ZooKeeper server did not serve on " + connectString() + " within "
                + START_TIMEOUT + "; its log:\n" + Processes.readQuietly(logFile()));
    }

    /** Sends one of ZooKeeper's four-letter commands and returns the answer; empty when nobody answers. */
    String fourLetterWord(String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException notServing) {
            return "";
        }
    }
}
