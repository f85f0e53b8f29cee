package dev.kiln.bench;

import dev.kiln.runtime.KilnNet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The peer systems of this run (libtorch, TensorFlow Java: {@link PeerWorker}), each in its worker process, and which networks each
 * passed the gate on. A peer that disagrees with Kiln on a network is reported as refused and not
 * timed on it; the others still are.
 */
final class Peers implements AutoCloseable {
    private final List<PeerProcess> processes;
    private final List<String> passed = new ArrayList<>();

    private Peers(List<PeerProcess> processes) {
        this.processes = processes;
    }

    /** Starts each worker, in the order given (the table's peer columns follow it); none for an empty list. */
    static Peers of(List<PeerWorker> workers) {
        List<PeerProcess> started = new ArrayList<>();
        for (PeerWorker worker : workers) {
            PeerProcess peer = PeerProcess.start(worker);
            started.add(peer);
            System.out.println(peer.description() + " in its own JVM: " + peer.greeting());
        }
        return new Peers(started);
    }

    /**
     * Applies the gate to every peer on {@code network}: prints the evidence, or REFUSED and the
     * differences. {@code check} runs {@link PeerGate} for one peer on a fresh Kiln model.
     */
    void gate(String network, Function<PeerProcess, EquivalenceCheck.Result> check) {
        for (PeerProcess peer : processes) {
            EquivalenceCheck.Result result = check.apply(peer);
            String evidence = result.describe().replace("DL4J", peer.system());
            if (result.passed()) {
                passed.add(peer.system() + "/" + network);
                System.out.println("Same computation (" + network.toUpperCase(java.util.Locale.ROOT) + ", Kiln and " + peer.system()
                        + (network.equals("cnn") ? ", float64; outputs in float32" : ", float32") + "): " + evidence + "; softmax outputs agree within " + InferenceCheck.TOLERANCE);
            } else {
                System.out.println("REFUSED (" + network + ", " + peer.system() + "): it does not compute what Kiln does, so it is"
                        + " not timed on this network.");
                result.failures().forEach(f -> System.out.println("  " + f));
                System.out.println("  " + evidence);
            }
        }
    }

    /**
     * Each peer that passed the gate on {@code network}, prepared for a timed case ("mlp-train",
     * "mlp-infer", "cnn-train", "cnn-infer") from the fresh Kiln model's weights and the batch.
     */
    List<RowPair.Peer> prepare(String network, String timedCase, KilnNet freshKiln, BenchData batch) {
        List<RowPair.Peer> prepared = new ArrayList<>();
        for (PeerProcess peer : processes) {
            if (!passed.contains(peer.system() + "/" + network)) {
                continue;
            }
            String key = peer.request("prepare " + timedCase + " " + PeerGate.write(freshKiln, batch, BenchMain.LEARNING_RATE));
            prepared.add(new RowPair.Peer(peer.system(), calls -> peer.time(key, calls)));
        }
        return prepared;
    }

    /** The peers' names, in the order of {@link #startupCommands}. */
    List<String> systems() {
        return processes.stream().map(PeerProcess::system).toList();
    }

    /** For each peer, the command that starts a fresh worker in its start-up mode. */
    List<List<String>> startupCommands() {
        return processes.stream().map(PeerProcess::startupCommand).toList();
    }

    @Override
    public void close() {
        processes.forEach(PeerProcess::close);
    }
}
