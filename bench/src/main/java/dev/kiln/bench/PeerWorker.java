package dev.kiln.bench;

/**
 * The peer systems the bench can start, each a worker module of its own ({@code bench/libtorch},
 * {@code bench/tensorflow}) whose main class speaks the same line protocol ({@link PeerProcess}).
 * Each runs in its own JVM because its JavaCPP (1.5.13 for libtorch, 1.5.11 for TensorFlow Java,
 * which also needs protobuf-java 3) and ND4J's (1.5.7) cannot share a class path.
 */
enum PeerWorker {
    LIBTORCH("libtorch", "libtorch 2.10.0 (JavaCPP presets 1.5.13)", "dev.kiln.bench.libtorch.LibtorchWorker"),
    TENSORFLOW("TF Java", "TensorFlow Java 1.1.0 (graph mode)", "dev.kiln.bench.tensorflow.TfWorker");

    /** The name in the table and the reports. */
    final String system;
    /** What it is, for the line the bench prints when it starts it. */
    final String description;
    final String mainClass;

    PeerWorker(String system, String description, String mainClass) {
        this.system = system;
        this.description = description;
        this.mainClass = mainClass;
    }
}
