package dev.kiln.bench;

import java.util.List;

/**
 * The peer systems the bench can start, each a worker module of its own ({@code bench/libtorch},
 * {@code bench/tensorflow}) whose main class speaks the same line protocol ({@link PeerProcess}).
 * Each runs in its own JVM because its JavaCPP (1.5.13 for libtorch, 1.5.11 for TensorFlow Java,
 * which also needs protobuf-java 3) and ND4J's (1.5.7) cannot share a class path.
 */
enum PeerWorker {
    LIBTORCH("libtorch", "libtorch 2.10.0 (JavaCPP presets 1.5.13)", "dev.kiln.bench.libtorch.LibtorchWorker", List.of()),
    /** As shipped: TensorFlow Java 1.1.0's libtensorflow (TF 2.18) runs its own Eigen kernels unless told otherwise. */
    TENSORFLOW("TF Java", "TensorFlow Java 1.1.0 (graph mode, as shipped)", "dev.kiln.bench.tensorflow.TfWorker", List.of()),
    /**
     * The same worker with TensorFlow's oneDNN kernels turned on ({@code TF_ENABLE_ONEDNN_OPTS=1}, the
     * default of Python's x86 builds but not of this library): on this 2-core avx2 machine it made the CNN
     * training step about 1.5x faster (150 ms against 220) and MLP inference at batch 256 slower (13 ms
     * against 8.5), so neither setting is TensorFlow's best on every case and the bench times both.
     */
    TENSORFLOW_ONEDNN("TF oneDNN", "TensorFlow Java 1.1.0 (graph mode, TF_ENABLE_ONEDNN_OPTS=1)", "dev.kiln.bench.tensorflow.TfWorker",
            List.of("TF_ENABLE_ONEDNN_OPTS=1"));

    /** The name in the table and the reports. */
    final String system;
    /** What it is, for the line the bench prints when it starts it. */
    final String description;
    final String mainClass;
    /** NAME=VALUE settings of the worker's environment (its command starts with env when there are any). */
    final List<String> environment;

    PeerWorker(String system, String description, String mainClass, List<String> environment) {
        this.system = system;
        this.description = description;
        this.mainClass = mainClass;
        this.environment = environment;
    }
}
