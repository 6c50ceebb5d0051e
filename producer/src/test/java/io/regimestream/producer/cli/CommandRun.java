package io.regimestream.producer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the producer command, as {@code java -jar} would run it, with its output captured. */
record CommandRun(int exitCode, String out, String err) {

    /** Runs the command; a repeated option is allowed and the last one wins, so tests can override defaults. */
    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ProduceCommand.commandLine()
                .setOverwrittenOptionsAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
