package dev.kiln.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Busy processes the bench starts and stops itself: each a fresh JVM running {@link BusyProcess}
 * (one spinning thread), returned once every one of them reports that it spins. Closing stops them
 * all and waits until they are gone.
 */
final class CoTenants implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();

    private CoTenants() {
    }

    static CoTenants start(int count) {
        CoTenants tenants = new CoTenants();
        try {
            for (int i = 0; i < count; i++) {
                tenants.processes.add(launch());
            }
        } catch (RuntimeException e) {
            tenants.close();
            throw e;
        }
        return tenants;
    }

    /** The running co-tenants, to see from outside that they start and stop. */
    List<ProcessHandle> handles() {
        return processes.stream().map(Process::toHandle).toList();
    }

    private static Process launch() {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), BusyProcess.class.getName())
                .redirectErrorStream(true);
        try {
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!BusyProcess.SPINNING.equals(line)) {
                process.destroyForcibly();
                throw new IllegalStateException("busy co-tenant did not start: " + line);
            }
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch a busy co-tenant", e);
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            try {
                process.getOutputStream().close(); // BusyProcess exits at the end of its input
            } catch (IOException e) {
                process.destroyForcibly();
            }
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the co-tenants", e);
            }
        }
        processes.clear();
    }
}
