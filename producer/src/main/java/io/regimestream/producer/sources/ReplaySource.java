package io.regimestream.producer.sources;

import io.regimestream.common.io.ReadingFileException;
import io.regimestream.common.io.ReadingFileReader;
import io.regimestream.common.records.Reading;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays readings in their file order, once or over and over. Keeping one list (rather than
 * re-reading the file) means a looped replay cannot meet a line it did not validate up front.
 */
public final class ReplaySource implements ReadingSource {

    private final List<Reading> readings;
    private final boolean loop;
    private final boolean restamp;
    private final String origin;
    private int position;

    /**
     * @param restamp drop the readings' own timestamps so each gets its send time (useful with
     *                {@code loop}, where repeated timestamps would run event time backwards)
     */
    public ReplaySource(List<Reading> readings, boolean loop, boolean restamp, String origin) {
        if (readings.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no readings to replay");
        }
        this.readings = List.copyOf(readings);
        this.loop = loop;
        this.restamp = restamp;
        this.origin = origin;
    }

    /**
     * Reads the whole file before anything is sent, so a malformed line stops the run before the
     * first record rather than halfway through it.
     *
     * @param onBadLine throws to stop at a bad line, returns to skip it (see {@link ReadingFileReader#read})
     * @throws ReadingFileException naming the file (and line) that cannot be used
     */
    public static ReplaySource load(
            Path file, boolean loop, boolean restamp, ReadingFileReader.BadLineHandler onBadLine)
            throws ReadingFileException {
        List<Reading> readings = new ArrayList<>();
        ReadingFileReader.read(file, (reading, line) -> readings.add(reading), onBadLine);
        if (readings.isEmpty()) {
            throw new ReadingFileException(file + ": no readings in the file");
        }
        return new ReplaySource(readings, loop, restamp, file.toString());
    }

    @Override
    public Reading next() {
        if (position == readings.size()) {
            if (!loop) {
                return null;
            }
            position = 0;
        }
        Reading r = readings.get(position++);
        return restamp ? new Reading(r.machineId(), Reading.NO_TIMESTAMP, r.temperature()) : r;
    }

    @Override
    public String describe() {
        return "replay of " + origin + " (" + readings.size() + " reading" + (readings.size() == 1 ? "" : "s")
                + (loop ? ", looped" : "") + ")";
    }
}
