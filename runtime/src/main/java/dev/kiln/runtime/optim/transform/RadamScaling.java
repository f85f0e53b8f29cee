package dev.kiln.runtime.optim.transform;

import dev.kiln.runtime.optim.Checks;
import dev.kiln.runtime.optim.GradientTransform;
import dev.kiln.runtime.optim.ParameterSlot;
import dev.kiln.runtime.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * RAdam (Liu et al. 2020, "On the variance of the adaptive learning rate and beyond", Algorithm 2;
 * not in the reference). Adam's m and v; with {@code rho_inf = 2/(1-b2) - 1} and
 * {@code rho_t = rho_inf - 2 t b2^t / (1-b2^t)}, the direction is {@code r_t m^ / (sqrt(v^) + eps)}
 * with {@code r_t = sqrt((rho_t-4)(rho_t-2) rho_inf / ((rho_inf-4)(rho_inf-2) rho_t))} while the
 * variance of the adaptive rate is tractable ({@code rho_t > 4}, the paper's bound; PyTorch uses 5),
 * and plain momentum {@code m^} before that: an automatic warmup.
 */
public record RadamScaling(double beta1, double beta2, double epsilon) implements GradientTransform {

    /** The paper's threshold on rho_t above which the rectified adaptive step is used. */
    public static final double TRACTABLE_RHO = 4;

    public RadamScaling {
        Checks.fraction("beta1", beta1);
        Checks.fraction("beta2", beta2);
        Checks.notNegative("epsilon", epsilon);
    }

    /** The length {@code rho_t} of the approximated simple moving average after t updates. */
    public double rho(long t) {
        double rhoInfinity = 2 / (1 - beta2) - 1;
        double beta2t = Math.pow(beta2, t);
        return rhoInfinity - 2 * t * beta2t / (1 - beta2t);
    }

    /** The rectification {@code r_t}, or NaN while {@code rho_t <= 4} (no adaptive step yet). */
    public double rectification(long t) {
        double rhoInfinity = 2 / (1 - beta2) - 1;
        double rho = rho(t);
        if (!(rho > TRACTABLE_RHO)) {
            return Double.NaN;
        }
        return Math.sqrt((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho));
    }

    @Override
    public String id() {
        return "radam";
    }

    @Override
    public List<String> stateNames() {
        return List.of("m", "v");
    }

    @Override
    public int scratchArrays() {
        return 1;
    }

    @Override
    public void apply(StepContext step, ParameterSlot slot, INDArray[] state) {
        INDArray m = state[0];
        INDArray v = state[1];
        INDArray g = slot.update();
        long t = step.t();
        Moments.update(m, beta1, v, beta2, g, slot.scratch(0), slot.math());
        double c1 = Moments.correction(beta1, t);
        double r = rectification(t);
        if (Double.isNaN(r)) {
            slot.math().copy(m, g);
            slot.math().scale(g, 1 / c1);
        } else {
            Moments.adamDirection(m, c1, v, Moments.correction(beta2, t), epsilon, g, slot.scratch(0), slot.math());
            slot.math().scale(g, r);
        }
    }

    @Override
    public String toString() {
        return "beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon;
    }

    @Override
    public Role role() {
        return Role.MOMENTS;
    }
}
