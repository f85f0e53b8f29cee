package dev.kiln.runtime.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process {@link AtomicWriteKillTest} kills: writes checkpoint generations start, start + 1, ...
 * to one path forever, each a few large tensors filled with the generation number, printing
 * (after one warm-up save elsewhere) {@code writing g} before each save starts and {@code wrote g} after it returned.
 */
public final class CheckpointWriterMain {
    static final int TENSORS = 4;

    private CheckpointWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        int floatsPerTensor = Integer.parseInt(args[1]);
        // One save elsewhere first, so that the saves that may be killed run warm, as long as the test expects.
        Path warmUp = target.resolveSibling(target.getFileName() + ".warm-up");
        CheckpointFile.write(warmUp, Map.of(), tensors(0, floatsPerTensor));
        java.nio.file.Files.delete(warmUp);
        for (long generation = Long.parseLong(args[2]); ; generation++) {
            List<StoredTensor> tensors = tensors(generation, floatsPerTensor);
            System.out.println("writing " + generation);
            System.out.flush();
            CheckpointFile.write(target, Map.of("generation", Long.toString(generation)), tensors);
            System.out.println("wrote " + generation);
            System.out.flush();
        }
    }

    static List<StoredTensor> tensors(long generation, int floats) {
        List<StoredTensor> tensors = new ArrayList<>();
        for (int i = 0; i < TENSORS; i++) {
            float[] values = new float[floats];
            java.util.Arrays.fill(values, generation);
            ByteBuffer bytes = ByteBuffer.allocate(4 * floats).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            tensors.add(new StoredTensor("layer" + i + ".W", TensorType.F32, new long[] {floats}, bytes));
        }
        return tensors;
    }
}
