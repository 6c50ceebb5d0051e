package io.regimestream.producer.cli;

/** {@code java -jar producer.jar}: runs {@link ProduceCommand} and exits with its code. */
public final class ProducerMain {

    private ProducerMain() {}

    public static void main(String[] args) {
        // Our own log configuration by name, so a program embedding the producer keeps its own log4j2.xml.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "producer-log4j2.xml");
        }
        System.exit(ProduceCommand.commandLine().execute(args));
    }
}
