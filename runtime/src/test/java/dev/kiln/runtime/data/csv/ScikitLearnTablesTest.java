package dev.kiln.runtime.data.csv;

import dev.kiln.runtime.data.numpy.Npy;
import dev.kiln.runtime.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public tables Debian's python3-sklearn ships (Iris, wine, breast cancer, diabetes, Linnerud,
 * Boston house prices), loaded by Kiln from their CSV files and compared value for value with what
 * scikit-learn's own loaders return for them (written to .npy by numpy).
 */
class ScikitLearnTablesTest {
    @TempDir
    static Path reference;
    private static Path data;

    @BeforeAll
    static void referenceArrays() {
        String printed = Python.with("numpy", "sklearn").run("""
                import os
                import numpy as np
                import sklearn.datasets as d
                for name, bunch in (('iris', d.load_iris()), ('wine', d.load_wine()),
                                    ('cancer', d.load_breast_cancer()), ('diabetes', d.load_diabetes(scaled=False)),
                                    ('linnerud', d.load_linnerud())):
                    np.save(name + '_x.npy', bunch.data.astype(np.float64))
                    np.save(name + '_y.npy', bunch.target.astype(np.float64))
                print(os.path.join(os.path.dirname(d.__file__), 'data'))
                """, reference);
        data = Path.of(printed.strip());
    }

    private static INDArray expected(String name) throws IOException {
        return Npy.read(reference.resolve(name + ".npy"));
    }

    /** One-hot rows of integer class labels [n]. */
    private static double[][] oneHot(INDArray labels, int classes) {
        double[][] rows = new double[(int) labels.length()][classes];
        for (int i = 0; i < rows.length; i++) {
            rows[i][labels.getInt(i)] = 1;
        }
        return rows;
    }

    @Test
    void iris() throws IOException {
        // The first line holds counts and class names ("150,4,setosa,versicolor,virginica"), then rows
        // of four measurements and the class index.
        TableData iris = CsvLoader.of(data.resolve("iris.csv")).skipLines(1).noHeader().classTarget(4)
                .dataType(DataType.DOUBLE).load();
        assertEquals(expected("iris_x"), iris.features());
        assertEquals(List.of("0", "1", "2"), iris.classNames());
        assertArrayEquals(oneHot(expected("iris_y"), 3), iris.targets().toDoubleMatrix());
        assertEquals(150, iris.rows());
        assertEquals(0, iris.droppedRows());
    }

    @Test
    void wine() throws IOException {
        TableData wine = CsvLoader.of(data.resolve("wine_data.csv")).skipLines(1).noHeader().classTarget(13)
                .dataType(DataType.DOUBLE).load();
        assertEquals(expected("wine_x"), wine.features());
        assertArrayEquals(oneHot(expected("wine_y"), 3), wine.targets().toDoubleMatrix());
        assertArrayEquals(new long[] {178, 13}, wine.features().shape());
    }

    @Test
    void breastCancerAsABinaryTarget() throws IOException {
        // scikit-learn's target 0 is malignant, 1 benign; here malignant is the positive class.
        TableData cancer = CsvLoader.of(data.resolve("breast_cancer.csv")).skipLines(1).noHeader().binaryTarget(30, "0")
                .dataType(DataType.DOUBLE).load();
        assertEquals(expected("cancer_x"), cancer.features());
        assertEquals(List.of("1", "0"), cancer.classNames());
        INDArray benign = expected("cancer_y");
        double[][] malignant = new double[569][1];
        for (int i = 0; i < 569; i++) {
            malignant[i][0] = 1 - benign.getDouble(i);
        }
        assertArrayEquals(malignant, cancer.targets().toDoubleMatrix());
        assertEquals(212.0, cancer.targets().sumNumber().doubleValue(), 0.0, "212 malignant tumours");
    }

    @Test
    void diabetesFromTwoGzippedSpaceSeparatedFiles() throws IOException {
        TableData features = CsvLoader.of(data.resolve("diabetes_data_raw.csv.gz")).delimiter(' ').noHeader()
                .dataType(DataType.DOUBLE).load();
        TableData target = CsvLoader.of(data.resolve("diabetes_target.csv.gz")).delimiter(' ').noHeader()
                .dataType(DataType.DOUBLE).load();
        assertEquals(expected("diabetes_x"), features.features());
        assertEquals(expected("diabetes_y").reshape(442, 1), target.features());
    }

    @Test
    void linnerudWithHeaderNamesAndSpaces() throws IOException {
        TableData exercise = CsvLoader.of(data.resolve("linnerud_exercise.csv")).delimiter(' ')
                .dataType(DataType.DOUBLE).load();
        assertEquals(List.of("Chins", "Situps", "Jumps"), exercise.inputNames());
        assertEquals(expected("linnerud_x"), exercise.features());
    }

    @Test
    void bostonWithAQuotedHeaderACategoricalColumnAndARegressionTarget() throws IOException {
        Path file = data.resolve("boston_house_prices.csv");
        TableData boston = CsvLoader.of(file).skipLines(1).regressionTarget("MEDV").categorical("CHAS")
                .dataType(DataType.DOUBLE).load();
        assertEquals(14, boston.inputNames().size());
        assertEquals(List.of("CHAS=0", "CHAS=1"), boston.inputNames().subList(3, 5));
        // Row 1 of the file body, read independently of the loader.
        String[] first = Files.readAllLines(file).get(2).split(",");
        double[] row = boston.features().getRow(0).toDoubleVector();
        assertEquals(Double.parseDouble(first[0]), row[0], 0.0);
        assertEquals(Double.parseDouble(first[5]), row[6], 0.0, "RM after the two CHAS inputs");
        assertEquals(Double.parseDouble(first[13]), boston.targets().getDouble(0, 0), 0.0);
        assertEquals(506, boston.rows());
        double chasOnes = boston.features().getColumn(4).sumNumber().doubleValue();
        assertTrue(chasOnes == 35, "35 tracts bound the Charles river, got " + chasOnes);
    }
}
