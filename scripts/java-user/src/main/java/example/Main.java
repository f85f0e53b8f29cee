package example;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBuffer;
import dev.kiln.runtime.checkpoint.StateMismatchException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.export.OnnxExport;
import dev.kiln.runtime.kernels.Backend;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingHistory;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a user does after fit, from a project of their own: resume a run and get the uninterrupted
 * run's weights, save and load, refuse a damaged file without touching the model, export to ONNX.
 */
public class Main {
    public static void main(String[] args) throws IOException {
        System.out.println(Backend.current().describe());
        FashionMnist.Splits data = FashionMnist.load();
        Dataset train = data.train().subset(0, 6000);
        Dataset test = data.test().subset(0, 2000);
        Path dir = Files.createTempDirectory("kiln-user");

        ClassifierNet whole = new ClassifierNet(42);
        TrainingHistory history = trainer(whole, 4).fit(train, test);
        System.out.printf("test accuracy: %.4f%n", history.last().testAccuracy());

        Trainer firstHalf = trainer(new ClassifierNet(42), 2);
        firstHalf.fit(train, test);
        Path run = dir.resolve("run.safetensors");
        firstHalf.saveCheckpoint(run);
        ClassifierNet resumed = new ClassifierNet(7);
        TrainingHistory rest = trainer(resumed, 4).resumeFrom(run).fit(train, test);
        System.out.println("resumed epochs: " + rest.size() + ", identical to uninterrupted: " + sameState(whole, resumed));

        Path weights = dir.resolve("classifier.safetensors");
        whole.save(weights);
        ClassifierNet loaded = ClassifierNet.load(weights);
        INDArray x = test.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 16));
        System.out.println("loaded infers identically: " + whole.forward(x).equals(loaded.forward(x)));

        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 3] ^= 0x40;
        Path damaged = dir.resolve("damaged.safetensors");
        Files.write(damaged, bytes);
        INDArray before = loaded.forward(x).dup();
        try {
            loaded.restore(damaged);
            System.out.println("damaged file loaded");
        } catch (IOException | StateMismatchException e) {
            System.out.println("damaged file refused: " + e.getClass().getSimpleName() + "; model untouched: "
                    + before.equals(loaded.forward(x)));
        }

        Path onnx = dir.resolve("classifier.onnx");
        OnnxExport.write(loaded, onnx);
        System.out.println("onnx written: " + (Files.size(onnx) > 100_000));
    }

    private static Trainer trainer(ClassifierNet net, int epochs) {
        return Trainer.of(net).optimizer(Optimizers.adam(1e-3)).epochs(epochs).batchSize(64).seed(3).progress(false);
    }

    /** Every parameter and state buffer bit for bit. */
    private static boolean sameState(ClassifierNet a, ClassifierNet b) {
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            if (!pa.get(i).value().equals(pb.get(i).value())) {
                return false;
            }
        }
        List<StateBuffer> sa = a.stateBuffers();
        List<StateBuffer> sb = b.stateBuffers();
        for (int i = 0; i < sa.size(); i++) {
            if (!sa.get(i).value().equals(sb.get(i).value())) {
                return false;
            }
        }
        return true;
    }
}
