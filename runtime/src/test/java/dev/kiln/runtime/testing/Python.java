package dev.kiln.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Python interpreter with the modules a reference test needs (numpy, scikit-learn, Pillow), for checking
 * Kiln against an implementation that is not Kiln's. Debian's interpreter is tried first: CI installs
 * python3-numpy and python3-sklearn through {@code scripts/ensure-data.sh}. When no interpreter has
 * the modules the test fails, saying how to install them; it is never skipped.
 */
public final class Python {
    private static final List<String> CANDIDATES = List.of("/usr/bin/python3", "python3");
    private static final long TIMEOUT_SECONDS = 120;

    private final String executable;

    private Python(String executable) {
        this.executable = executable;
    }

    /** The first interpreter that imports every module, or a failed test naming what to install. */
    public static Python with(String... modules) {
        String imports = "import " + String.join(", ", modules);
        List<String> tried = new ArrayList<>();
        for (String candidate : CANDIDATES) {
            try {
                Result result = execute(candidate, List.of("-c", imports), null);
                if (result.exitCode == 0) {
                    return new Python(candidate);
                }
                tried.add(candidate + ": " + result.stderr.strip().lines().reduce((a, b) -> b).orElse("exit " + result.exitCode));
            } catch (IOException e) {
                tried.add(candidate + ": " + e.getMessage());
            }
        }
        return fail("this reference test needs a Python 3 with " + String.join(", ", modules)
                + "; run scripts/ensure-data.sh as root (it installs Debian's python3-sklearn, which brings python3-numpy,"
                + " and python3-pil), or apt-get install python3-sklearn python3-pil. Tried " + tried);
    }

    public String executable() {
        return executable;
    }

    /** Runs {@code script} in {@code directory} and returns what it printed; a failing script fails the test. */
    public String run(String script, Path directory) {
        try {
            Path file = Files.createTempFile(directory, "reference", ".py");
            Files.writeString(file, script);
            Result result = execute(executable, List.of(file.toString()), directory);
            if (result.exitCode != 0) {
                fail(executable + " failed (exit " + result.exitCode + ") on:\n" + script + "\n" + result.stderr);
            }
            return result.stdout;
        } catch (IOException e) {
            return fail("could not run " + executable + ": " + e.getMessage(), e);
        }
    }

    private static Result execute(String executable, List<String> arguments, Path directory) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Path out = Files.createTempFile("python", ".out");
        Path err = Files.createTempFile("python", ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(executable + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + executable, e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
