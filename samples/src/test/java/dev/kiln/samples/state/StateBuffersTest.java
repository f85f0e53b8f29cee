package dev.kiln.samples.state;

import dev.kiln.runtime.StateBuffer;
import dev.kiln.samples.fashion.FashionMlpNet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Generated models list every state buffer, named layer.role, as their own arrays. */
class StateBuffersTest {

    @Test
    void runningStatisticsAndTheRandomGeneratorInLayerOrder() {
        StateModels_DenseBnNet net = new StateModels_DenseBnNet(1, DataType.DOUBLE);
        List<StateBuffer> buffers = net.stateBuffers();
        assertEquals(List.of("bn1.runningMean", "bn1.runningVar", "bn2.runningMean", "bn2.runningVar", "rng.state"),
                buffers.stream().map(StateBuffer::name).toList());
        assertSame(net.bn1RunningMean, buffers.get(0).value());
        assertSame(net.bn2RunningVar, buffers.get(3).value());
        assertEquals(DataType.LONG, buffers.get(4).value().dataType());
    }

    @Test
    void aModelWithoutBatchNormOrRandomnessHasNone() {
        assertEquals(List.of(), new FashionMlpNet(1).stateBuffers());
        assertEquals(List.of("bn.runningMean", "bn.runningVar"),
                new StateModels_ConvBnNet(1).stateBuffers().stream().map(StateBuffer::name).toList());
    }
}
