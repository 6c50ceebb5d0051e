package io.regimestream.common.io;

/** A reading file cannot be used; the message names the file and, where it applies, the line. */
public class ReadingFileException extends Exception {
    public ReadingFileException(String message) {
        super(message);
    }
}
