package dev.kiln.samples.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an exported ONNX model in ONNX Runtime on one input batch and returns its output as an ND4J array. */
final class OnnxRuntimeCheck {
    private OnnxRuntimeCheck() {
    }

    static INDArray run(byte[] model, INDArray input) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = environment.createSession(model, options);
             OnnxTensor tensor = input.dataType() == DataType.DOUBLE
                     ? OnnxTensor.createTensor(environment, DoubleBuffer.wrap(input.dup('c').data().asDouble()), input.shape())
                     : OnnxTensor.createTensor(environment, FloatBuffer.wrap(input.dup('c').data().asFloat()), input.shape());
             OrtSession.Result result = session.run(Map.of("input", tensor))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            long[] shape = output.getInfo().getShape();
            if (input.dataType() == DataType.DOUBLE) {
                DoubleBuffer values = output.getDoubleBuffer();
                double[] array = new double[values.remaining()];
                values.get(array);
                return Nd4j.createFromArray(array).reshape(shape);
            }
            FloatBuffer values = output.getFloatBuffer();
            float[] array = new float[values.remaining()];
            values.get(array);
            return Nd4j.createFromArray(array).reshape(shape);
        }
    }
}
