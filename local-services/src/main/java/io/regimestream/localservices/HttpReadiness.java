package io.regimestream.localservices;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Waits until a server process the local services started answers its readiness URL. */
final class HttpReadiness {

    private HttpReadiness() {}

    /**
     * Polls {@code url} until it answers {@code status}; fails with the process's log when the
     * process exits first or {@code timeout} passes ({@code name} says which server, for the message).
     */
    static void await(String name, Process process, HttpClient http, URI url, int status, Duration timeout, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with code " + process.exitValue() + " at start-up; its log:\n" + read(log));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            FlinkRest.sleep(50);
        }
        throw new IllegalStateException(
                name + " did not answer " + url + " within " + timeout + "; its log:\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
