package dev.kiln.bench;

import dev.kiln.bench.libtorch.Arrays32;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer system (libtorch) in a process of its own, driven line by line over its standard input
 * (see {@code LibtorchWorker}). Its own process because its JavaCPP (1.5.13) and ND4J's (1.5.7)
 * cannot share a class path. The worker's class path is the one its module wrote next to its
 * classes at package time, found from where this JVM loaded the module's classes.
 */
final class PeerProcess implements AutoCloseable {
    private final String system;
    private final Process process;
    private final BufferedReader replies;
    private final Writer commands;
    private final String greeting;

    private PeerProcess(String system, Process process) throws IOException {
        this.system = system;
        this.process = process;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.greeting = reply("start");
    }

    /** Starts the libtorch worker (its module must have been compiled in this reactor: scripts/bench.sh does). */
    static PeerProcess libtorch() {
        try {
            ProcessBuilder builder = new ProcessBuilder(libtorchCommand()).redirectError(ProcessBuilder.Redirect.INHERIT);
            return new PeerProcess("libtorch", builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the libtorch worker " + libtorchCommand(), e);
        }
    }

    /** The worker's command line, with {@code args} after its class. */
    private static List<String> libtorchCommand(String... args) {
        Path target = moduleTarget(Arrays32.class);
        String classPath;
        try {
            classPath = target.resolve("classes") + ":" + Files.readString(target.resolve("worker.classpath")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the libtorch worker's class path in " + target, e);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", classPath, "dev.kiln.bench.libtorch.LibtorchWorker"));
        command.addAll(List.of(args));
        return command;
    }

    /** A fresh worker in start-up mode: one MLP training step at batch 256, then it reports and exits. */
    List<String> startupCommand() {
        return libtorchCommand("--startup");
    }

    /** The target directory of the module a class was loaded from (its classes directory or jar sits in it). */
    private static Path moduleTarget(Class<?> type) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = location.getParent();
            if (!Files.exists(target.resolve("worker.classpath"))) {
                throw new IllegalStateException(type.getName() + " was loaded from " + location
                        + ", not from its module's build directory: run the bench inside the reactor (scripts/bench.sh)");
            }
            return target;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the peer worker's module", e);
        }
    }

    String system() {
        return system;
    }

    /** The worker's first line, e.g. its thread settings. */
    String greeting() {
        return greeting;
    }

    /** Sends one command and returns the reply after "ok "; an "error" reply or a dead worker throws. */
    String request(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException(system + " worker is gone (sending '" + command + "')", e);
        }
        return reply(command);
    }

    private String reply(String command) {
        try {
            String line = replies.readLine();
            if (line == null || !line.startsWith("ok")) {
                throw new IllegalStateException(system + " worker failed on '" + command + "': " + line);
            }
            return line.substring(2).trim();
        } catch (IOException e) {
            throw new IllegalStateException(system + " worker is gone (waiting for '" + command + "')", e);
        }
    }

    /** Milliseconds per call of a prepared case, timed inside the worker (no round trip in it). */
    double time(String key, int calls) {
        return Double.parseDouble(request("time " + key + " " + calls));
    }

    @Override
    public void close() {
        try {
            commands.write("quit\n");
            commands.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
