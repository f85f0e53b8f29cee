package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import dev.kiln.dsl.Loss;
import dev.kiln.ir.AddSpec;
import dev.kiln.ir.DropoutSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.Shape;
import dev.kiln.ir.ShapeInference;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.optim.Sgd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import javax.tools.JavaFileObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads the classes a compilation wrote (the model and its generated net) and runs the net: the
 * end-to-end check that what the processor accepts constructs, runs forward and takes a training
 * step with the numbers gradient descent predicts.
 */
public final class GeneratedNets {
    private GeneratedNets() {
    }

    /** The generated net {@code qualifiedName}, constructed in float64 from a fixed seed. */
    public static KilnNet construct(Compilation compilation, String qualifiedName) {
        return construct(load(compilation, qualifiedName));
    }

    /** The class {@code qualifiedName} of the compilation's output, loaded and initialized (its GRAPH built). */
    public static Class<?> load(Compilation compilation, String qualifiedName) {
        assertThat(compilation).succeeded();
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                String path = file.toUri().getPath();
                String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(), path.length() - ".class".length());
                classes.put(name.replace('/', '.'), bytes(file));
            }
        }
        ClassLoader loader = new ClassLoader(GeneratedNets.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] code = classes.get(name);
                if (code == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, code, 0, code.length);
            }
        };
        try {
            return Class.forName(qualifiedName, true, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("the compilation has no class " + qualifiedName, e);
        }
    }

    /** A net of the generated class {@code type}, constructed in float64 from a fixed seed. */
    public static KilnNet construct(Class<?> type) {
        try {
            return (KilnNet) type.getConstructor(long.class, DataType.class).newInstance(7L, DataType.DOUBLE);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot construct " + type.getName(), e);
        }
    }

    private static byte[] bytes(JavaFileObject file) {
        try (InputStream in = file.openInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs forward on a batch of 3 and one plain SGD step, and checks both: the output has the
     * inferred shape and finite values; the step moves every parameter by exactly -lr times its
     * gradient, and, in a model that computes the same in training and inference (no dropout, batch
     * norm or stochastic depth), returns the batch's loss and lowers it. Returns the loss before the step.
     */
    public static double forwardAndTrainStep(KilnNet net) {
        SplittableRandom random = new SplittableRandom(11);
        int batch = 3;
        Shape output = ShapeInference.infer(net.graph()).output();
        INDArray features = uniform(random, net.graph().input().withBatch(batch), -1, 1);
        INDArray targets = targets(net.graph().loss(), output, batch, random);

        INDArray predicted = net.forward(features).dup();
        assertArrayEquals(output.withBatch(batch), predicted.shape(), "forward's output shape");
        assertTrue(isFinite(predicted), () -> "forward gives non-finite values: " + predicted);

        double before = net.loss(features, targets);
        List<INDArray> values = new ArrayList<>();
        for (Parameter parameter : net.parameters()) {
            values.add(parameter.value().dup());
        }
        double learningRate = 1e-3;
        double stepLoss = net.trainStep(features, targets, new Sgd(learningRate));
        assertTrue(Double.isFinite(stepLoss), "the step's loss is finite: " + stepLoss);
        // Training and inference differ only through batch statistics, dropout and stochastic depth.
        boolean sameInBothModes = net.graph().layers().stream().noneMatch(GeneratedNets::differsInTraining);
        if (sameInBothModes) {
            assertEquals(before, stepLoss, 1e-9 * Math.max(1, Math.abs(before)), "the step's loss is the batch's loss");
        }
        for (int i = 0; i < values.size(); i++) {
            Parameter parameter = net.parameters().get(i);
            INDArray expected = values.get(i).sub(parameter.gradient().mul(learningRate));
            assertTrue(expected.equalsWithEps(parameter.value(), 1e-12), parameter.name() + " moved by -lr * gradient");
        }
        double squaredGradient = 0;
        for (Parameter parameter : net.parameters()) {
            squaredGradient += Math.pow(parameter.gradient().norm2Number().doubleValue(), 2);
        }
        double after = net.loss(features, targets);
        // To first order the step lowers the loss by lr * |g|^2; below rounding (a model whose output
        // cannot move, such as instance norm before global pooling) it need not show.
        double lossScale = Math.max(1, Math.abs(before));
        boolean visibleDecrease = learningRate * squaredGradient > 1e-10 * lossScale;
        // First order holds while the predicted decrease is a small part of the loss (the second-order
        // term is about that part times the first-order one); a model drawn at a huge scale overshoots
        // with any fixed rate, so there the descent is checked along -g with a step that is small.
        boolean firstOrderStep = learningRate * squaredGradient <= 0.01 * lossScale;
        if (squaredGradient == 0) {
            assertEquals(before, after, 0.0, "a step without gradients changes nothing");
        } else if (sameInBothModes && visibleDecrease && firstOrderStep) {
            assertTrue(after < before, "one small step lowers the batch loss: " + before + " -> " + after);
        } else if (sameInBothModes && visibleDecrease) {
            double probeRate = 0.01 * lossScale / squaredGradient;
            double probed = lossAlongGradient(net, values, probeRate, features, targets);
            assertTrue(probed < before, "a step of " + probeRate + " along -g (the gradient is too large for lr " + learningRate
                    + " to be a small step) lowers the batch loss: " + before + " -> " + probed);
        } else if (sameInBothModes) {
            assertEquals(before, after, 1e-9 * Math.max(1, Math.abs(before)), "a step whose gradient is below rounding moves the loss by rounding");
        }
        return before;
    }

    /** The loss at {@code start - rate * gradient}, the parameters set back to their values afterwards. */
    private static double lossAlongGradient(KilnNet net, List<INDArray> start, double rate, INDArray features, INDArray targets) {
        List<INDArray> current = new ArrayList<>();
        for (int i = 0; i < start.size(); i++) {
            Parameter parameter = net.parameters().get(i);
            current.add(parameter.value().dup());
            parameter.value().assign(start.get(i).sub(parameter.gradient().mul(rate)));
        }
        try {
            return net.loss(features, targets);
        } finally {
            for (int i = 0; i < current.size(); i++) {
                net.parameters().get(i).value().assign(current.get(i));
            }
        }
    }

    private static boolean differsInTraining(LayerSpec layer) {
        return layer instanceof DropoutSpec || layer instanceof NormSpec norm && norm.norm() == NormSpec.Kind.BATCH
                || layer instanceof AddSpec add && add.stochastic();
    }

    private static INDArray targets(Loss loss, Shape output, int batch, SplittableRandom random) {
        return switch (loss) {
            case MEAN_SQUARED_ERROR -> uniform(random, output.withBatch(batch), -1, 1);
            case BINARY_CROSS_ENTROPY -> uniform(random, output.withBatch(batch), 0, 1);
            case SOFTMAX_CROSS_ENTROPY, MULTICLASS_HINGE -> {
                INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, output.withBatch(batch));
                for (int n = 0; n < batch; n++) {
                    oneHot.putScalar(n, random.nextInt(output.dim(0)), 1.0);
                }
                yield oneHot;
            }
        };
    }

    private static INDArray uniform(SplittableRandom random, long[] shape, double low, double high) {
        INDArray array = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < array.length(); i++) {
            array.putScalar(i, random.nextDouble(low, high));
        }
        return array;
    }

    private static boolean isFinite(INDArray array) {
        for (long i = 0; i < array.length(); i++) {
            if (!Double.isFinite(array.getDouble(i))) {
                return false;
            }
        }
        return true;
    }
}
