package dev.kiln.runtime.preprocess;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * An input preprocessing step (reference §6), batch-first: {@link #fit} computes 1/n statistics on
 * the <b>training split only</b> and freezes them; {@link #transform} then maps any split with those
 * statistics and returns a new array, never writing into the caller's. Statistics are computed
 * and applied in float64; the result has the input's data type.
 *
 * <p>A transform is fitted once: fitting again throws (create a new transform instead), as does
 * transforming before fitting. {@link #state} and {@link #restore} (or {@link #write} and
 * {@link #read}) save and reload a fitted transform; the reloaded one transforms bit for bit like
 * the original.
 */
public interface InputTransform {

    /**
     * Fits on the training split.
     *
     * @throws IllegalStateException    when already fitted
     * @throws IllegalArgumentException for an empty or wrongly shaped array
     */
    void fit(INDArray train);

    boolean isFitted();

    /**
     * The transformed copy of {@code x}, using the statistics of the training split.
     *
     * @throws IllegalStateException    before {@link #fit}
     * @throws IllegalArgumentException when x's per-example shape differs from the training data's
     */
    INDArray transform(INDArray x);

    /** The name {@link #restore} knows this transform by: the reference §6 table's name. */
    String kind();

    /** Copies of everything a restored transform needs: statistics and settings. */
    Map<String, INDArray> state();

    /** Warnings raised while fitting (also printed to standard error), e.g. constant features. */
    List<String> warnings();

    /** A fitted transform of the given kind from a {@link #state} map. */
    static InputTransform restore(String kind, Map<String, INDArray> state) {
        return switch (kind) {
            case Standardize.KIND -> Standardize.restore(state);
            case MeanImage.KIND -> MeanImage.restore(state);
            case ChannelMean.KIND -> ChannelMean.restore(state);
            case PcaWhiten.KIND -> PcaWhiten.restore(state);
            case ZcaWhiten.KIND -> ZcaWhiten.restore(state);
            default -> throw new IllegalArgumentException("unknown input transform kind '" + kind + "'; known: "
                    + List.of(Standardize.KIND, MeanImage.KIND, ChannelMean.KIND, PcaWhiten.KIND, ZcaWhiten.KIND));
        };
    }

    /** Writes a fitted transform: its kind, then each state array in ND4J's binary format. */
    static void write(InputTransform transform, OutputStream out) throws IOException {
        StateFormat.write(List.of(new StateFormat.Step(transform.kind(), transform.state())), out);
    }

    /** Reads a transform written by {@link #write}. */
    static InputTransform read(InputStream in) throws IOException {
        List<StateFormat.Step> steps = StateFormat.read(in);
        if (steps.size() != 1) {
            throw new IOException("expected one input transform, the stream holds " + steps.size()
                    + " steps; read it with InputPipeline.read");
        }
        return restore(steps.get(0).kind(), steps.get(0).state());
    }
}
