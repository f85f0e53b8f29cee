package dev.kiln.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up time: wall clock from launching a fresh JVM (same java, class path and JVM options as the
 * benchmark; a peer's own class path) to the moment it reports its first finished training step
 * ({@link StartupProbe}, or a peer worker's start-up mode). Launches alternate between the systems,
 * so all see the same page cache and background load.
 */
final class Startup {
    private Startup() {
    }

    /** Milliseconds per launch, [system][launch] in the order given, {@code launches} each. */
    static double[][] measure(int launches, List<List<String>> commands) {
        int n = commands.size();
        double[][] ms = new double[n][launches];
        commands.forEach(Startup::launch); // one unrecorded launch each: the first recorded one does not pay cold caches alone
        for (int i = 0; i < launches; i++) {
            for (int k = 0; k < n; k++) {
                int system = Math.floorMod(i + k, n);
                ms[system][i] = launch(commands.get(system));
            }
        }
        return ms;
    }

    /** The command that starts {@link StartupProbe} for "kiln" or "dl4j" in a JVM like this one. */
    static List<String> probe(String system) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StartupProbe.class.getName());
        command.add(system);
        return command;
    }

    private static double launch(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        long start = System.nanoTime();
        try {
            Process process = builder.start();
            StringBuilder output = new StringBuilder();
            double ms = -1;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith(StartupProbe.DONE) && ms < 0) {
                        ms = (System.nanoTime() - start) / 1e6;
                    } else {
                        output.append(line).append('\n');
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || ms < 0) {
                throw new IllegalStateException("start-up probe " + command + " failed (exit " + exit + "):\n" + output);
            }
            return ms;
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch the start-up probe", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
