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
 * benchmark) to the moment its {@link StartupProbe} reports the first finished training step.
 * Launches alternate between the systems, so both see the same page cache and background load.
 */
final class Startup {
    private Startup() {
    }

    /** Milliseconds per launch, [0] Kiln and [1] DL4J, {@code launches} each. */
    static double[][] measure(int launches) {
        double[][] ms = new double[2][launches];
        launch("kiln"); // one unrecorded launch each, so the first recorded one does not pay cold caches alone
        launch("dl4j");
        for (int i = 0; i < launches; i++) {
            boolean kilnFirst = i % 2 == 0;
            double a = launch(kilnFirst ? "kiln" : "dl4j");
            double b = launch(kilnFirst ? "dl4j" : "kiln");
            ms[0][i] = kilnFirst ? a : b;
            ms[1][i] = kilnFirst ? b : a;
        }
        return ms;
    }

    private static double launch(String system) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StartupProbe.class.getName());
        command.add(system);
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
                throw new IllegalStateException("start-up probe '" + system + "' failed (exit " + exit + "):\n" + output);
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
