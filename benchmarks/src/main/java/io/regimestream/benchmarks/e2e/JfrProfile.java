package io.regimestream.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording (settings=profile) of this JVM while a job mode runs, and its top frames: the
 * methods the execution samples were in (self time), so the next optimisation starts from data.
 */
final class JfrProfile implements AutoCloseable {

    static final int TOP = 40;

    private final Recording recording;
    private final Path file;

    private JfrProfile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static JfrProfile start(Path file) throws IOException {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName("bench " + file.getFileName());
            recording.start();
            return new JfrProfile(recording, file);
        } catch (ParseException e) {
            throw new IOException("JFR's profile settings do not parse: " + e.getMessage(), e);
        }
    }

    /** Stops the recording, writes it and its top-frames summary next to it; returns the summary's figures. */
    Map<String, Object> stopAndSummarize() throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
        TopFrames top = TopFrames.of(topFrames(file), TOP);
        Path summary =
                file.resolveSibling(file.getFileName().toString().replaceFirst("\\.jfr$", "") + "-top-frames.txt");
        Files.writeString(
                summary, top.format("Self time by method (top frame of jdk.ExecutionSample) in " + file.getFileName()));
        return Map.of(
                "recording",
                file.toString(),
                "topFrames",
                summary.toString(),
                "samples",
                top.samples(),
                "top",
                top.entries().subList(0, Math.min(10, top.entries().size())));
    }

    /** The top frame of each execution sample, as Class.method. */
    static List<String> topFrames(Path recordingFile) throws IOException {
        List<String> frames = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recordingFile)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            RecordedFrame top = stack.getFrames().get(0);
            frames.add(
                    top.getMethod().getType().getName() + "." + top.getMethod().getName());
        }
        return frames;
    }

    @Override
    public void close() {
        recording.close();
    }
}
