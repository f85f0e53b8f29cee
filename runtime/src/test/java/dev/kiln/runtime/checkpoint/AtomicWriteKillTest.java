package dev.kiln.runtime.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A separate JVM saves a 32 MB checkpoint over and over and is killed with SIGKILL at random moments,
 * many times. After every kill the checkpoint at the path is whole and loadable, and it is the last
 * generation the writer reported or the one it was writing (whose rename had happened); a leftover
 * temporary file is either refused by its checksums or whole, never taken for good when torn.
 */
class AtomicWriteKillTest {
    private static final int KILLS = 30;
    private static final int FLOATS = 2 << 20;

    @TempDir
    Path dir;

    @Test
    void aKilledWriterLeavesThePreviousCheckpointIntact() throws Exception {
        Path target = dir.resolve("model.safetensors");
        CheckpointFile.write(target, java.util.Map.of("generation", "0"), CheckpointWriterMain.tensors(0, FLOATS));
        List<StoredTensor> again = CheckpointWriterMain.tensors(0, FLOATS);
        long start = System.nanoTime();
        CheckpointFile.write(target, java.util.Map.of("generation", "0"), again);
        long saveMillis = Math.max(20, (System.nanoTime() - start) / 1_000_000);
        SplittableRandom random = new SplittableRandom(5);
        long generation = 0;
        int tornTemporaries = 0;
        int killsMidSave = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process writer = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                    CheckpointWriterMain.class.getName(), target.toString(), Integer.toString(FLOATS),
                    Long.toString(generation + 1)).redirectErrorStream(true).start();
            AtomicLong reported = new AtomicLong(generation);
            AtomicLong begun = new AtomicLong(generation);
            java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> follow(writer, begun, reported, writing));
            reader.start();
            assertTrue(writing.await(60, TimeUnit.SECONDS), "the writer started");
            // Anywhere in the first save or two after the JVM started (one save took saveMillis here).
            Thread.sleep(random.nextLong(2 * saveMillis));
            // A save the writer had begun and not reported done (its lines reach us a little late,
            // so this undercounts): whether the temporary file was torn depends on how far it got.
            killsMidSave += begun.get() > reported.get() ? 1 : 0;
            writer.destroyForcibly();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
            reader.join();
            long found = generationOf(target);
            long last = reported.get();
            assertTrue(found == last || found == last + 1, "after kill " + kill + " the file holds generation "
                    + found + " but the writer had reported " + last);
            generation = found;
            tornTemporaries += checkTemporaries(target);
        }
        System.out.println("kill test: " + KILLS + " kills (" + killsMidSave + " in the middle of a save), one save "
                + saveMillis + " ms, reached generation " + generation + ", " + tornTemporaries + " torn temporary files refused");
        // Without kills inside saves the test would prove nothing; how many left a torn temporary file
        // (rather than none yet, or a whole one) depends on the machine's speed, so it is reported only.
        assertTrue(killsMidSave > 0, "some kills landed in the middle of a save");
        assertTrue(generation > 0, "some saves completed");
    }

    private static void follow(Process writer, AtomicLong begun, AtomicLong reported, java.util.concurrent.CountDownLatch writing) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("writing ")) {
                    begun.set(Long.parseLong(line.substring(8)));
                    writing.countDown();
                } else if (line.startsWith("wrote ")) {
                    reported.set(Long.parseLong(line.substring(6)));
                } else {
                    System.out.println("writer: " + line);
                }
            }
        } catch (IOException ignored) {
            // the pipe breaks when the writer is killed
        } finally {
            writing.countDown();
        }
    }

    /** Reads and verifies the checkpoint and returns its generation, after checking every value is that generation. */
    private static long generationOf(Path file) throws IOException {
        SafetensorsReader.Contents contents = CheckpointFile.read(file);
        long generation = Long.parseLong(contents.metadata().get("generation"));
        assertEquals(CheckpointWriterMain.tensors(generation, FLOATS), List.copyOf(contents.tensors().values()),
                "every tensor holds generation " + generation);
        return generation;
    }

    /** Checks and removes the temporary files a kill left; returns how many were torn (and refused). */
    private int checkTemporaries(Path target) throws IOException {
        int torn = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.equals(target)).toList()) {
                assertTrue(file.getFileName().toString().endsWith(".tmp"), file.toString());
                try {
                    generationOf(file);
                } catch (CheckpointFormatException e) {
                    torn++;
                }
                Files.delete(file);
            }
        }
        return torn;
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
