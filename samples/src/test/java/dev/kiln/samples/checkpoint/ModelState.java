package dev.kiln.samples.checkpoint;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copies of every parameter and state buffer of a model, compared bit for bit. */
public final class ModelState {
    private ModelState() {
    }

    public static Map<String, INDArray> copy(KilnNet net) {
        Map<String, INDArray> copy = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) {
            copy.put(p.name(), p.value().dup());
        }
        for (StateBuffer b : net.stateBuffers()) {
            copy.put(b.name(), b.value().dup());
        }
        return copy;
    }

    /** The values' bit patterns: floats widened to double exactly, integers as longs. */
    public static long[] bits(INDArray array) {
        INDArray c = array.dup('c');
        if (!c.dataType().isFPType()) {
            return c.data().asLong();
        }
        return java.util.Arrays.stream(c.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble())
                .mapToLong(Double::doubleToRawLongBits).toArray();
    }

    /** Same names, and every array equal element for element (exact, NaN equal to NaN). */
    public static void assertSame(Map<String, INDArray> expected, Map<String, INDArray> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": names");
        for (String name : expected.keySet()) {
            INDArray a = expected.get(name);
            INDArray b = actual.get(name);
            assertEquals(a.dataType(), b.dataType(), what + ": " + name);
            assertTrue(java.util.Arrays.equals(a.shape(), b.shape()) && java.util.Arrays.equals(bits(a), bits(b)),
                    what + ": " + name + " differs: " + a + " vs " + b);
        }
    }
}
