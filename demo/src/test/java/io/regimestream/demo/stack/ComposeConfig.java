package io.regimestream.demo.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * docker-compose.yml as Compose itself reads it: {@code docker-compose config} (Debian's
 * docker-compose, no engine needed; bin/test installs it) with an env file, resolving variables,
 * anchors and defaults into one plain document.
 */
final class ComposeConfig {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The exit code and output of one {@code docker-compose --env-file FILE -f docker-compose.yml ARGS}. */
    record Result(int exitCode, String output) {}

    private ComposeConfig() {}

    static Result run(Path envFile, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("docker-compose", "--env-file", envFile.toString(), "-f", "docker-compose.yml"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        for (String variable : StackPasswords.VARIABLES) {
            pb.environment().remove(variable); // only the env file counts
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "docker-compose is not installed: `sudo apt-get install docker-compose` (bin/test does this for you)",
                    e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker-compose " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Result(p.exitValue(), output);
    }

    /** The resolved configuration ({@code docker-compose config}) with the passwords of {@code envFile}. */
    static JsonNode resolved(Path envFile) throws IOException, InterruptedException {
        Result config = run(envFile, "config");
        if (config.exitCode() != 0) {
            throw new AssertionError("docker-compose config failed: " + config.output());
        }
        return new ObjectMapper(new YAMLFactory()).readTree(config.output());
    }

    /** An env file with the stack's passwords, written by docker/make-env into {@code folder}. */
    static Path envFile(Path folder) throws IOException, InterruptedException {
        Path file = folder.resolve("stack.env");
        Process p = new ProcessBuilder(ROOT.resolve("docker/make-env").toString(), file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(file)) {
            throw new AssertionError("docker/make-env failed: " + output);
        }
        return file;
    }
}
