package io.regimestream.benchmarks.outside;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java names of a JVM's threads by Linux thread id, from one thread dump
 * ({@code jcmd <pid> Thread.print}: {@code "name" ... nid=0x<tid>}). The kernel keeps only the first
 * 15 characters of a name, too few to tell a broker's network threads from its request handlers.
 * A dump stops the JVM at a safepoint for a moment: take it outside a measured window.
 */
final class JavaThreadNames {

    private static final Pattern THREAD_LINE = Pattern.compile("^\"(.*)\"\\s.*\\bnid=(0x[0-9a-fA-F]+|\\d+)\\b.*$");

    private JavaThreadNames() {}

    /** The names from {@code jcmd} next to the running JDK; empty when the dump fails (the kernel's names are used then). */
    static Map<Integer, String> of(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!dump.waitFor(60, TimeUnit.SECONDS) || dump.exitValue() != 0) {
                return Map.of();
            }
            return parse(out);
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    static Map<Integer, String> parse(String threadDump) {
        Map<Integer, String> names = new HashMap<>();
        for (String line : threadDump.split("\n")) {
            Matcher m = THREAD_LINE.matcher(line);
            if (m.matches()) {
                String nid = m.group(2);
                int tid = nid.startsWith("0x") ? Integer.parseInt(nid.substring(2), 16) : Integer.parseInt(nid);
                names.put(tid, m.group(1));
            }
        }
        return names;
    }
}
