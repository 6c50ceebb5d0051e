package io.regimestream.localservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1, and a check that a chosen one is free. */
public final class FreePorts {

    private FreePorts() {}

    public static int find() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    /**
     * The first of {@code count} consecutive ports that are free on every interface, for a server
     * given a port range that binds to all of them (Flink's Prometheus reporter, one port per process).
     */
    public static int findRange(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = find();
            if (first + count <= 65535
                    && java.util.stream.IntStream.range(first, first + count).allMatch(FreePorts::isFreeEverywhere)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found");
    }

    private static boolean isFreeEverywhere(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Throws with a clear message when {@code port} is taken; {@code what} names its use. */
    public static void requireFree(int port, String what) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "port " + port + " on 127.0.0.1 (" + what + ") is already in use: "
                            + "stop whatever holds it or choose another port",
                    e);
        }
    }
}
