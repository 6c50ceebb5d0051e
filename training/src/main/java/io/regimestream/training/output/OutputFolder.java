package io.regimestream.training.output;

import io.regimestream.common.config.PipelineDefaults;
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

    /**
     * Refuses a folder that already holds a model, unless {@code overwrite}: training into the
     * repository's model-artifacts/ (the default --out) would silently replace the committed model.
     */
    public static void requireNoModelUnless(boolean overwrite, Path folder) throws TrainingException {
        Path model = folder.resolve(PipelineDefaults.MODEL_FILE);
        if (!overwrite && Files.exists(model)) {
            throw new TrainingException("output folder " + folder + " already holds a model (" + model
                    + "), e.g. the committed one: give another --out for the new model, or --overwrite to replace it");
        }
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
