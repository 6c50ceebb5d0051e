package io.regimestream.training.output;

import io.regimestream.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The --out folder, checked before any training so a long run never ends in "cannot write". */
public final class OutputFolder {

    private OutputFolder() {}

    /** Creates the folder if needed and proves it is writable by writing and deleting a probe file. */
    public static Path prepare(Path folder) throws TrainingException {
        Path dir = folder.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new TrainingException("output folder " + folder + " is a file, not a folder; give another --out");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TrainingException(
                    "cannot create output folder " + folder + " (" + describe(e) + "); give a writable --out");
        }
        try {
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new TrainingException(
                    "output folder " + folder + " is not writable (" + describe(e) + "); give a writable --out");
        }
        return dir;
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
