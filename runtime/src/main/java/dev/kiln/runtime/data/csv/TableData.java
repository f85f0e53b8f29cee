package dev.kiln.runtime.data.csv;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.preprocess.TableEncoding;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A table loaded by {@link CsvLoader}: the encoded features {@code [N, inputs]}, the targets
 * {@code [N, K]} (null for a table without a target column), the encoding that produced them (to
 * reuse for the validation and test tables and to save with the model), the line each row came
 * from and how many rows a missing value dropped.
 */
public record TableData(INDArray features, INDArray targets, TableEncoding encoding, long[] lines, int droppedRows) {

    /** Features and targets as a {@link Dataset}, for {@code Trainer.fit}. */
    public Dataset dataset() {
        if (targets == null) {
            throw new IllegalStateException("this table has no target column; it holds features only, e.g. to predict on");
        }
        return new Dataset(features, targets);
    }

    /** Number of rows loaded. */
    public int rows() {
        return (int) features.size(0);
    }

    /** The name of each input column ({@code color=red} for one-hot inputs). */
    public List<String> inputNames() {
        return encoding.inputNames();
    }

    /** The class names in the order of the target columns (empty for regression). */
    public List<String> classNames() {
        return encoding.classNames();
    }

    @Override
    public long[] lines() {
        return lines.clone();
    }
}
