package dev.kiln.bench;

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
 * A peer system ({@link PeerWorker}: libtorch, TensorFlow Java) in a process of its own, driven line
 * by line over its standard input (see {@code LibtorchWorker}; every worker speaks its protocol). Its
 * own process because its JavaCPP and ND4J's cannot share a class path. The worker's class path is
 * the one its module wrote next to its classes when it compiled them, found from where this JVM finds
 * the worker's main class (the bench depends on each worker module without its dependencies).
 */
final class PeerProcess implements AutoCloseable {
    private final PeerWorker worker;
    private final Process process;
    private final BufferedReader replies;
    private final Writer commands;
    private final String greeting;

    private PeerProcess(PeerWorker worker, Process process) throws IOException {
        this.worker = worker;
        this.process = process;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.greeting = reply("start");
    }

    /** Starts a peer's worker (its module must have been compiled in this reactor: scripts/bench.sh does). */
    static PeerProcess start(PeerWorker worker) {
        List<String> command = command(worker);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            return new PeerProcess(worker, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the " + worker.system + " worker " + command, e);
        }
    }

    /** The worker's command line, with {@code args} after its class. */
    private static List<String> command(PeerWorker worker, String... args) {
        Path target = moduleTarget(worker.mainClass);
        String classPath;
        try {
            classPath = target.resolve("classes") + ":" + Files.readString(target.resolve("worker.classpath")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + worker.system + " worker's class path in " + target, e);
        }
        // Through env, so that the start-up measurement, which launches plain command lines, sets it too.
        List<String> command = new ArrayList<>();
        if (!worker.environment.isEmpty()) {
            command.add("env");
            command.addAll(worker.environment);
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", classPath, worker.mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** A fresh worker in start-up mode: one MLP training step at batch 256, then it reports and exits. */
    List<String> startupCommand() {
        return command(worker, "--startup");
    }

    /**
     * The target directory of the worker module that holds {@code mainClass} (its classes directory or
     * jar sits in it). The class is loaded, not initialized or linked, so none of the worker's own
     * dependencies (absent from this class path) are needed.
     */
    private static Path moduleTarget(String mainClass) {
        try {
            Class<?> type = Class.forName(mainClass, false, PeerProcess.class.getClassLoader());
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = location.getParent();
            if (!Files.exists(target.resolve("worker.classpath"))) {
                throw new IllegalStateException(mainClass + " was loaded from " + location
                        + ", not from its module's build directory: run the bench inside the reactor (scripts/bench.sh)");
            }
            return target;
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("cannot locate the peer worker's module (" + mainClass + ")", e);
        }
    }

    String system() {
        return worker.system;
    }

    /** What the peer is (its version), for the bench's report. */
    String description() {
        return worker.description;
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
            throw new IllegalStateException(worker.system + " worker is gone (sending '" + command + "')", e);
        }
        return reply(command);
    }

    private String reply(String command) {
        try {
            String line = replies.readLine();
            if (line == null || !line.startsWith("ok")) {
                throw new IllegalStateException(worker.system + " worker failed on '" + command + "': " + line);
            }
            return line.substring(2).trim();
        } catch (IOException e) {
            throw new IllegalStateException(worker.system + " worker is gone (waiting for '" + command + "')", e);
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
