package dev.kiln.runtime.preprocess;

import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PCA and ZCA whitening against reference §6. */
class WhiteningTest {
    private static final double EPS = 1e-5;

    /** Correlated Gaussian data [n, 5] with covariance eigenvalues between about 0.5 and 9. */
    private static INDArray correlated(long seed, int n) {
        INDArray z = TestArrays.standardNormal(seed, n, 5);
        INDArray mixing = TestArrays.uniform(seed + 1, -1, 1, 5, 5).addi(Nd4j.eye(5).muli(2.0));
        return z.mmul(mixing).addRowVector(TestArrays.scalars(1, -2, 3, 10, -40));
    }

    /** (1/n)·X_cᵀX_c. */
    private static INDArray covariance(INDArray x) {
        INDArray centred = x.subRowVector(x.mean(0));
        return centred.transpose().mmul(centred).divi(x.size(0));
    }

    private static double maxAbs(INDArray a) {
        return a.amaxNumber().doubleValue();
    }

    @Test
    void eigenDecompositionOfTheTrainingCovarianceIsRight() {
        INDArray train = correlated(1, 400);
        PcaWhiten t = new PcaWhiten();
        t.fit(train);
        INDArray e = t.components();
        INDArray lambda = t.eigenvalues();
        INDArray cov = covariance(train);
        assertTrue(maxAbs(cov.mmul(e).sub(e.mulRowVector(lambda))) < 1e-12 * maxAbs(lambda));
        assertTrue(maxAbs(e.transpose().mmul(e).sub(Nd4j.eye(5))) < 1e-13);
        for (int i = 1; i < 5; i++) {
            assertTrue(lambda.getDouble(i) <= lambda.getDouble(i - 1));
        }
    }

    @Test
    void pcaWhitenedTrainingCovarianceIsDiagLambdaOverLambdaPlusEpsAndNearIdentity() {
        INDArray train = correlated(2, 400);
        PcaWhiten t = new PcaWhiten();
        t.fit(train);
        INDArray lambda = t.eigenvalues();
        assertTrue(lambda.minNumber().doubleValue() >= 1e4 * EPS, "precondition λ_min >= 1e4·ε: " + lambda);
        INDArray cov = covariance(t.transform(train));
        INDArray expected = Nd4j.diag(lambda.div(lambda.add(EPS)));
        assertTrue(maxAbs(cov.sub(expected)) < 1e-12);
        assertTrue(maxAbs(cov.sub(Nd4j.eye(5))) < 1e-4);
    }

    @Test
    void zcaWhitenedTrainingCovarianceIsNearIdentityAndTheMatrixIsSymmetric() {
        INDArray train = correlated(3, 400);
        ZcaWhiten t = new ZcaWhiten();
        t.fit(train);
        INDArray lambda = t.eigenvalues();
        assertTrue(lambda.minNumber().doubleValue() >= 1e4 * EPS);
        INDArray cov = covariance(t.transform(train));
        INDArray e = t.components();
        INDArray expected = e.mulRowVector(lambda.div(lambda.add(EPS))).mmul(e.transpose());
        assertTrue(maxAbs(cov.sub(expected)) < 1e-12);
        assertTrue(maxAbs(cov.sub(Nd4j.eye(5))) < 1e-4);
        INDArray m = t.matrix();
        assertArrayEquals(InputTransformTest.bits(m), InputTransformTest.bits(m.transpose()));
    }

    @Test
    void whiteningDividesBySingularValuesNotEigenvalues() {
        INDArray train = correlated(4, 300);
        PcaWhiten t = new PcaWhiten();
        t.fit(train);
        INDArray out = t.transform(train);
        // each whitened column has variance λ/(λ+ε), not λ/(λ+ε)²-type or 1/λ scaling
        INDArray lambda = t.eigenvalues();
        INDArray variances = out.mul(out).mean(0);
        assertTrue(maxAbs(variances.sub(lambda.div(lambda.add(EPS)))) < 1e-12);
    }

    @Test
    void zcaKeepsTheInputShape() {
        INDArray train = InputTransformTest.images(5, 60);
        ZcaWhiten t = new ZcaWhiten();
        t.fit(train);
        INDArray out = t.transform(train);
        assertArrayEquals(train.shape(), out.shape());
        INDArray cov = covariance(out.reshape(60, 12));
        assertTrue(maxAbs(cov.sub(Nd4j.eye(12))) < 1e-3);
    }

    @Test
    void aMinimumEigenvalueDropsTheFlatDirections() {
        INDArray train = correlated(6, 300);
        // a sixth feature that is a combination of two others: one eigenvalue is (numerically) 0
        INDArray sixth = train.getColumn(0).mul(2).add(train.getColumn(3)).reshape(300, 1);
        INDArray data = Nd4j.hstack(train, sixth);
        PcaWhiten dropping = new PcaWhiten(EPS, 1e-6);
        dropping.fit(data);
        assertEquals(5, dropping.eigenvalues().length());
        INDArray out = dropping.transform(data);
        assertArrayEquals(new long[]{300, 5}, out.shape());
        assertTrue(maxAbs(covariance(out).sub(Nd4j.eye(5))) < 1e-4);

        PcaWhiten keeping = new PcaWhiten();
        keeping.fit(data);
        assertEquals(6, keeping.eigenvalues().length());
        assertEquals(1, keeping.warnings().size(), keeping.warnings().toString());
        assertFalse(Arrays.stream(InputTransformTest.bits(keeping.transform(data))).anyMatch(Double::isNaN));
    }

    @Test
    void fewerExamplesThanFeaturesGivesFiniteOutput() {
        INDArray train = TestArrays.standardNormal(7, 4, 6);
        ZcaWhiten t = new ZcaWhiten();
        t.fit(train);
        assertEquals(6, t.eigenvalues().length());
        assertEquals(0.0, t.eigenvalues().getDouble(5), 0.0);
        INDArray out = t.transform(TestArrays.standardNormal(8, 3, 6));
        assertFalse(Arrays.stream(InputTransformTest.bits(out)).anyMatch(v -> !Double.isFinite(v)));
        assertTrue(maxAbs(t.components().transpose().mmul(t.components()).sub(Nd4j.eye(6))) < 1e-13);
    }
}
