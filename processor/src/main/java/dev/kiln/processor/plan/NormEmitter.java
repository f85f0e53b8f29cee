package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.Shape;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;

import static dev.kiln.processor.plan.RuntimeTypes.BATCH_NORM_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.GROUP_NORM_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.INSTANCE_NORM_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.LAYER_NORM_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.ND4J;
import static dev.kiln.processor.plan.RuntimeTypes.RMS_NORM_KERNEL;

/**
 * Normalization layers. Batch norm differs between modes: training normalizes with batch
 * statistics and updates the running ones; inference uses the running statistics, and in the
 * inference snapshot nothing at all when it is folded into the Dense or Conv2d layer before it. The
 * others run the same code in both modes.
 */
final class NormEmitter implements LayerEmitter {

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        NormSpec norm = (NormSpec) layer.spec();
        plan.specConstant(layer.specConstant(), NormSpec.class, CodeBlock.of("new $T($S, $T.Kind.$L, $L, $L, $L, $L)", NormSpec.class,
                norm.name(), NormSpec.class, norm.norm(), norm.eps(), norm.affine(),
                Double.isNaN(norm.decay()) ? "Double.NaN" : Double.toString(norm.decay()), norm.groups()), layer.header());
        long[] affine = norm.affineShape(layer.input());
        if (norm.affine()) {
            plan.parameter(new ParameterSlot(norm.name(), "gamma", "NORM", layer.member("Gamma"), layer.member("GammaGrad"), affine,
                    CodeBlock.of("$T.constant(1.0)", InitSpec.class), norm.name() + " scale gamma " + Names.shape(affine) + ", ones"));
            if (norm.hasBeta()) {
                plan.parameter(new ParameterSlot(norm.name(), "beta", "NORM", layer.member("Beta"), layer.member("BetaGrad"), affine,
                        CodeBlock.of("$T.of($T.ZEROS)", InitSpec.class, Scheme.class), norm.name() + " shift beta " + Names.shape(affine) + ", zeros"));
            }
        }
        Shape in = layer.input();
        switch (norm.norm()) {
            case BATCH -> {
                String channels = Long.toString(in.dim(0));
                plan.state(norm.name(), "runningMean", layer.member("RunningMean"), CodeBlock.of("$T.zeros(dataType, $L)", ND4J, channels),
                        norm.name() + " running mean [" + channels + "], used at inference");
                plan.state(norm.name(), "runningVar", layer.member("RunningVar"), CodeBlock.of("$T.ones(dataType, $L)", ND4J, channels),
                        norm.name() + " running variance (unbiased) [" + channels + "], used at inference");
                plan.trainingScratch(layer.member("BatchMean"), CodeBlock.of("$T.zeros(dataType, $L)", ND4J, channels),
                        norm.name() + " mean of the last training batch");
                plan.trainingScratch(layer.member("BatchVar"), CodeBlock.of("$T.zeros(dataType, $L)", ND4J, channels),
                        norm.name() + " biased variance of the last training batch");
            }
            case LAYER -> {
                plan.buffer(layer.member("Mean"), Shape.of(), norm.name() + " mean per example");
                plan.buffer(layer.member("Var"), Shape.of(), norm.name() + " variance per example");
            }
            case GROUP -> {
                Shape groups = Shape.of(norm.groupsFor(in.dim(0)));
                plan.buffer(layer.member("Mean"), groups, norm.name() + " mean per example and group");
                plan.buffer(layer.member("Var"), groups, norm.name() + " variance per example and group");
            }
            case INSTANCE -> {
                plan.buffer(layer.member("Mean"), Shape.of(in.dim(0)), norm.name() + " mean per example and channel");
                plan.buffer(layer.member("Var"), Shape.of(in.dim(0)), norm.name() + " variance per example and channel");
            }
            case RMS -> plan.buffer(layer.member("Rms"), Shape.of(), norm.name() + " root mean square per example");
        }
        if (norm.norm() != NormSpec.Kind.RMS) {
            plan.buffer(layer.member("XHat"), layer.output(), norm.name() + " normalized input, before gamma and beta");
        }
        plan.buffer(layer.member("Out"), layer.output(), norm.name() + " output");
    }

    @Override
    public String inference(LayerContext layer, PlanBuilder plan, String input) {
        NormSpec norm = (NormSpec) layer.spec();
        if (norm.norm() != NormSpec.Kind.BATCH) {
            plan.inference(layer.comment(), sameInBothModes(layer, input));
            return out(layer);
        }
        CodeBlock code = CodeBlock.builder()
                .addStatement("$T.forwardInference($L$L, $L, $L, $L, $L, $L.eps(), $L)", BATCH_NORM_KERNEL, layer.layoutArgument(), input,
                        gamma(layer), beta(layer), layer.member("RunningMean"), layer.member("RunningVar"), layer.specConstant(), out(layer))
                .build();
        if (layer.foldedIntoPrevious()) {
            // The snapshot's folded layer before it has written out(layer) already.
            plan.modelInference(layer.comment() + ", running statistics", code);
        } else {
            plan.inference(layer.comment() + ", running statistics", code);
        }
        return out(layer);
    }

    @Override
    public String training(LayerContext layer, PlanBuilder plan, String input) {
        NormSpec norm = (NormSpec) layer.spec();
        if (norm.norm() != NormSpec.Kind.BATCH) {
            plan.training(layer.comment(), sameInBothModes(layer, input));
            return out(layer);
        }
        plan.training(layer.comment() + ", batch statistics; running statistics updated", CodeBlock.builder()
                .addStatement("inputCheck.batchStatistics($S, $L$L)", layer.name(), input, layer.inLayout() ? ", " + LayerContext.LAYOUT : "")
                .addStatement("$T.forwardTraining($L$L, $L, $L, $L.eps(), $L, $L, $L, $L)", BATCH_NORM_KERNEL, layer.layoutArgument(), input,
                        gamma(layer), beta(layer), layer.specConstant(), layer.member("BatchMean"), layer.member("BatchVar"),
                        buffer(layer, "XHat"), out(layer))
                .addStatement("$T.updateRunning($L, $L, $L, $L, $L.decay(), $T.valuesPerChannel($L$L))", BATCH_NORM_KERNEL,
                        layer.member("RunningMean"), layer.member("RunningVar"), layer.member("BatchMean"), layer.member("BatchVar"),
                        layer.specConstant(), BATCH_NORM_KERNEL, layer.layoutArgument(), input)
                .build());
        return out(layer);
    }

    private static CodeBlock sameInBothModes(LayerContext layer, String input) {
        NormSpec norm = (NormSpec) layer.spec();
        String spec = layer.specConstant();
        return switch (norm.norm()) {
            case LAYER -> CodeBlock.builder().addStatement("$T.forward($L, $L, $L, $L.eps(), $L, $L, $L, $L)", LAYER_NORM_KERNEL, input,
                    gamma(layer), beta(layer), spec, buffer(layer, "Mean"), buffer(layer, "Var"), buffer(layer, "XHat"), out(layer)).build();
            case GROUP -> CodeBlock.builder().addStatement("$T.forward($L, $L, $L, $L, $L.eps(), $L, $L, $L, $L)", GROUP_NORM_KERNEL, input,
                    norm.groupsFor(layer.input().dim(0)), gamma(layer), beta(layer), spec, buffer(layer, "Mean"), buffer(layer, "Var"),
                    buffer(layer, "XHat"), out(layer)).build();
            case INSTANCE -> CodeBlock.builder().addStatement("$T.forward($L, $L, $L, $L.eps(), $L, $L, $L, $L)", INSTANCE_NORM_KERNEL,
                    input, gamma(layer), beta(layer), spec, buffer(layer, "Mean"), buffer(layer, "Var"), buffer(layer, "XHat"),
                    out(layer)).build();
            case RMS -> CodeBlock.builder().addStatement("$T.forward($L, $L, $L.eps(), $L, $L)", RMS_NORM_KERNEL, input, gamma(layer),
                    spec, buffer(layer, "Rms"), out(layer)).build();
            case BATCH -> throw new IllegalStateException("batch norm differs between modes");
        };
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        NormSpec norm = (NormSpec) layer.spec();
        if (gradIn == null && !norm.affine()) {
            return;
        }
        // The kernels always compute dx; with no layer upstream needing it, it overwrites dL/dy in place (allowed: dx may be dy).
        String dx = gradIn == null ? gradOut : gradIn;
        String dGamma = norm.affine() ? layer.member("GammaGrad") : "null";
        String dBeta = norm.hasBeta() ? layer.member("BetaGrad") : "null";
        String spec = layer.specConstant();
        CodeBlock code = switch (norm.norm()) {
            case BATCH -> CodeBlock.builder().addStatement("$T.backward($L$L, $L, $L, $L, $L.eps(), $L, $L, $L)", BATCH_NORM_KERNEL,
                    layer.layoutArgument(), gradOut, buffer(layer, "XHat"), gamma(layer), layer.member("BatchVar"), spec, dx, dGamma,
                    dBeta).build();
            case LAYER -> CodeBlock.builder().addStatement("$T.backward($L, $L, $L, $L, $L.eps(), $L, $L, $L)", LAYER_NORM_KERNEL, gradOut,
                    buffer(layer, "XHat"), gamma(layer), buffer(layer, "Var"), spec, dx, dGamma, dBeta).build();
            case GROUP -> CodeBlock.builder().addStatement("$T.backward($L, $L, $L, $L, $L, $L.eps(), $L, $L, $L)", GROUP_NORM_KERNEL,
                    gradOut, norm.groupsFor(layer.input().dim(0)), buffer(layer, "XHat"), gamma(layer), buffer(layer, "Var"), spec, dx,
                    dGamma, dBeta).build();
            case INSTANCE -> CodeBlock.builder().addStatement("$T.backward($L, $L, $L, $L, $L.eps(), $L, $L, $L)", INSTANCE_NORM_KERNEL,
                    gradOut, buffer(layer, "XHat"), gamma(layer), buffer(layer, "Var"), spec, dx, dGamma, dBeta).build();
            case RMS -> CodeBlock.builder().addStatement("$T.backward($L, $L, $L, $L, $L.eps(), $L, $L)", RMS_NORM_KERNEL, gradOut, input,
                    gamma(layer), buffer(layer, "Rms"), spec, dx, dGamma).build();
        };
        plan.backward(layer.backwardComment(gradIn == null ? "; no input gradient needed" : ""), code);
    }

    private static String gamma(LayerContext layer) {
        return ((NormSpec) layer.spec()).affine() ? layer.member("Gamma") : "null";
    }

    private static String beta(LayerContext layer) {
        return ((NormSpec) layer.spec()).hasBeta() ? layer.member("Beta") : "null";
    }

    private static String buffer(LayerContext layer, String suffix) {
        return PlanBuilder.BUFFERS + "." + layer.member(suffix);
    }

    private static String out(LayerContext layer) {
        return buffer(layer, "Out");
    }
}
