package io.regimestream.localservices.testjobs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A job jar of this package's jobs, built from the compiled test classes, for {@code flink run}
 * on a real cluster: Flink itself comes from the cluster's lib/, as for any job jar.
 */
public final class TestJobJar {

    public static final String COUNTING_JOB = CountingJob.class.getName();

    private TestJobJar() {}

    /** Writes the jar into {@code folder} and returns its path. */
    public static Path writeTo(Path folder) {
        String packagePath = TestJobJar.class.getPackageName().replace('.', '/');
        Path classes = classesRoot().resolve(packagePath);
        Path jar = folder.resolve("test-jobs.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> list = Files.list(classes)) {
            List<Path> classFiles =
                    list.filter(p -> p.toString().endsWith(".class")).sorted().toList();
            for (Path classFile : classFiles) {
                out.putNextEntry(new JarEntry(packagePath + "/" + classFile.getFileName()));
                out.write(Files.readAllBytes(classFile));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jar, e);
        }
        return jar;
    }

    private static Path classesRoot() {
        try {
            return Path.of(TestJobJar.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
