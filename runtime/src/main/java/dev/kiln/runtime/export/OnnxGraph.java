package dev.kiln.runtime.export;

import dev.kiln.runtime.checkpoint.StoredTensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.kiln.runtime.export.OnnxFields.*;

/**
 * An ONNX graph being assembled: nodes in topological order, initializers (weights and constants),
 * and the names of the values, kept unique. Writes the finished ModelProto.
 */
final class OnnxGraph {
    private final DataType dataType;
    private final List<ProtoMessage> nodes = new ArrayList<>();
    private final List<ProtoMessage> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    OnnxGraph(DataType dataType) {
        this.dataType = dataType;
    }

    int elementType() {
        return dataType == DataType.DOUBLE ? DATA_TYPE_DOUBLE : DATA_TYPE_FLOAT;
    }

    /** A value name not used yet, {@code base} itself when free. */
    String fresh(String base) {
        String name = base;
        for (int i = 1; names.contains(name); i++) {
            name = base + "_" + i;
        }
        names.add(name);
        return name;
    }

    /** Reserves a name that must stay as it is (a layer's output, a parameter). */
    String reserve(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("ONNX value name '" + name + "' is used twice");
        }
        return name;
    }

    /** An initializer holding {@code value} (a model array, in the model's type, or an INT64 array). */
    String initializer(String name, INDArray value) {
        StoredTensor stored = StoredTensor.of(name, value);
        ProtoMessage tensor = new ProtoMessage();
        for (long d : value.shape()) {
            tensor.int64(TENSOR_DIMS, d);
        }
        int type = switch (value.dataType()) {
            case FLOAT -> DATA_TYPE_FLOAT;
            case DOUBLE -> DATA_TYPE_DOUBLE;
            case LONG -> DATA_TYPE_INT64;
            default -> throw new IllegalArgumentException("no ONNX initializer of " + value.dataType() + " for " + name);
        };
        byte[] bytes = new byte[(int) stored.byteCount()];
        stored.data().duplicate().get(bytes);
        tensor.int32(TENSOR_DATA_TYPE, type).string(TENSOR_NAME, name).bytes(TENSOR_RAW_DATA, bytes);
        initializers.add(tensor);
        return name;
    }

    /** A scalar constant of the model's type. */
    String scalar(String base, double value) {
        return initializer(fresh(base), Nd4j.scalar(dataType, value));
    }

    /** A constant of the model's type, filled with {@code value}, of the given shape. */
    String filled(String base, double value, long... shape) {
        return initializer(fresh(base), Nd4j.valueArrayOf(shape, value, dataType));
    }

    /** An INT64 vector constant (shapes for Reshape). */
    String int64s(String base, long... values) {
        return initializer(fresh(base), Nd4j.createFromArray(values.clone()));
    }

    /** Adds a node computing {@code output} (already named) from {@code inputs}. */
    void node(String op, List<String> inputs, String output, ProtoMessage... attributes) {
        ProtoMessage node = new ProtoMessage();
        for (String input : inputs) {
            node.string(NODE_INPUT, input);
        }
        node.string(NODE_OUTPUT, output).string(NODE_NAME, output).string(NODE_OP_TYPE, op);
        for (ProtoMessage attribute : attributes) {
            node.message(NODE_ATTRIBUTE, attribute);
        }
        nodes.add(node);
    }

    static ProtoMessage ints(String name, long... values) {
        ProtoMessage attribute = new ProtoMessage().string(ATTRIBUTE_NAME, name);
        for (long v : values) {
            attribute.int64(ATTRIBUTE_INTS, v);
        }
        return attribute.int32(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INTS);
    }

    static ProtoMessage integer(String name, long value) {
        return new ProtoMessage().string(ATTRIBUTE_NAME, name).int64(ATTRIBUTE_I, value)
                .int32(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT);
    }

    static ProtoMessage real(String name, double value) {
        return new ProtoMessage().string(ATTRIBUTE_NAME, name).float32(ATTRIBUTE_F, (float) value)
                .int32(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_FLOAT);
    }

    /** A graph input or output of the model's type: batch dimension {@code n}, then {@code example}. */
    private ProtoMessage valueInfo(String name, int[] example) {
        ProtoMessage shape = new ProtoMessage().message(SHAPE_DIM, new ProtoMessage().string(DIMENSION_PARAM, "n"));
        for (int d : example) {
            shape.message(SHAPE_DIM, new ProtoMessage().int64(DIMENSION_VALUE, d));
        }
        ProtoMessage tensor = new ProtoMessage().int32(TYPE_TENSOR_ELEM_TYPE, elementType()).message(TYPE_TENSOR_SHAPE, shape);
        return new ProtoMessage().string(VALUE_INFO_NAME, name)
                .message(VALUE_INFO_TYPE, new ProtoMessage().message(TYPE_TENSOR, tensor));
    }

    byte[] model(String graphName, String input, int[] inputShape, String output, int[] outputShape, String version,
                 String description) {
        ProtoMessage graph = new ProtoMessage();
        nodes.forEach(node -> graph.message(GRAPH_NODE, node));
        graph.string(GRAPH_NAME, graphName);
        initializers.forEach(tensor -> graph.message(GRAPH_INITIALIZER, tensor));
        graph.message(GRAPH_INPUT, valueInfo(input, inputShape));
        graph.message(GRAPH_OUTPUT, valueInfo(output, outputShape));
        ProtoMessage opset = new ProtoMessage().string(OPSET_DOMAIN, "").int64(OPSET_VERSION, OPSET);
        return new ProtoMessage().int64(MODEL_IR_VERSION, IR_VERSION).string(MODEL_PRODUCER_NAME, "Kiln")
                .string(MODEL_PRODUCER_VERSION, version).string(MODEL_DOC_STRING, description)
                .message(MODEL_GRAPH, graph).message(MODEL_OPSET_IMPORT, opset).toByteArray();
    }
}
