package dev.kiln.bench.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The line protocol every peer worker speaks, so that the bench drives them all the same way: one
 * command per line on standard input, one reply per line on standard output, "ok ..." or
 * "error ...". Commands:
 * <ul>
 *   <li>{@code gate mlp|cnn IN OUT}: from IN's weights and batch {@code x}/{@code y} ({@link Arrays32}),
 *       writes to OUT the loss, every gradient, the weights after one SGD step and the softmax outputs
 *       of the fresh network on {@code x} and on its first row;</li>
 *   <li>{@code prepare CASE IN}: builds the network and batch of a timed case (mlp-train, mlp-infer,
 *       cnn-train, cnn-infer) from IN, replies with the key to time it by;</li>
 *   <li>{@code time KEY CALLS}: runs CALLS calls and replies with the milliseconds per call, timed here,
 *       so the round trip to the bench is not in it;</li>
 *   <li>{@code quit}.</li>
 * </ul>
 * A worker supplies what differs ({@link Peer}); the loop, the prepared cases and the timing are here.
 */
public final class WorkerLoop {
    /** What a worker computes. */
    public interface Peer {
        /** Writes the gate's results for {@code network} to {@code out}; returns a short summary for the reply. */
        String gate(String network, Arrays32 in, Path out) throws IOException;

        /** The call a timed case makes, built from the files in {@code in}. */
        Prepared prepare(String timedCase, Arrays32 in);
    }

    /** A prepared case: its batch size (part of its key) and one call of it. */
    public record Prepared(long batchSize, Runnable call) {
    }

    private final Peer peer;
    private final Map<String, Runnable> cases = new HashMap<>();

    private WorkerLoop(Peer peer) {
        this.peer = peer;
    }

    /** Prints "ok " + {@code greeting}, then answers commands until quit or the end of the input. */
    public static void serve(String greeting, Peer peer) throws IOException {
        PrintStream out = System.out;
        WorkerLoop loop = new WorkerLoop(peer);
        out.println("ok " + greeting);
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            try {
                out.println("ok " + loop.handle(line.trim().split(" ")));
            } catch (RuntimeException | IOException e) {
                out.println("error " + e.toString().replace('\n', ' '));
            }
            out.flush();
        }
    }

    private String handle(String[] command) throws IOException {
        return switch (command[0]) {
            case "gate" -> peer.gate(command[1], Arrays32.read(Path.of(command[2])), Path.of(command[3]));
            case "prepare" -> prepare(command[1], Arrays32.read(Path.of(command[2])));
            case "time" -> time(command[1], Integer.parseInt(command[2]));
            default -> throw new IllegalArgumentException("unknown command " + command[0]);
        };
    }

    private String prepare(String timedCase, Arrays32 files) {
        Prepared prepared = peer.prepare(timedCase, files);
        String key = timedCase + "@" + prepared.batchSize();
        cases.put(key, prepared.call());
        return key;
    }

    private String time(String key, int calls) {
        Runnable call = cases.get(key);
        if (call == null) {
            throw new IllegalArgumentException("case " + key + " was not prepared");
        }
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return String.format(Locale.ROOT, "%.6f", (System.nanoTime() - start) / 1e6 / calls);
    }
}
