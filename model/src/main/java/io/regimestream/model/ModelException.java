package io.regimestream.model;

/** The model cannot be used; the message names the file and what is wrong with it. */
public class ModelException extends RuntimeException {

    public ModelException(String location, String problem) {
        super("model " + location + ": " + problem);
    }

    public ModelException(String location, String problem, Throwable cause) {
        super("model " + location + ": " + problem, cause);
    }
}
