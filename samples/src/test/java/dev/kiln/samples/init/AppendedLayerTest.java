package dev.kiln.samples.init;

import dev.kiln.runtime.Parameter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** One model seed drives every layer through its own stream: appending a layer leaves the others bit-identical. */
class AppendedLayerTest {

    @Test
    void addingALayerAtTheEndLeavesEarlierWeightsBitIdentical() {
        List<Parameter> three = new ThreeLayersNet(42, DataType.DOUBLE).parameters();
        List<Parameter> four = new FourLayersNet(42, DataType.DOUBLE).parameters();
        assertEquals(three.size() + 2, four.size());
        for (int i = 0; i < three.size(); i++) {
            assertEquals(three.get(i).name(), four.get(i).name());
            assertArrayEquals(three.get(i).value().data().asDouble(), four.get(i).value().data().asDouble(), 0.0, three.get(i).name());
        }
    }

    @Test
    void anotherSeedChangesEveryStochasticParameter() {
        List<Parameter> a = new ThreeLayersNet(42, DataType.DOUBLE).parameters();
        List<Parameter> b = new ThreeLayersNet(43, DataType.DOUBLE).parameters();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).name().equals("second.b") && !a.get(i).name().equals("third.b")) {
                assertNotEquals(java.util.Arrays.toString(a.get(i).value().data().asDouble()),
                        java.util.Arrays.toString(b.get(i).value().data().asDouble()), a.get(i).name());
            }
        }
    }
}
