package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.GroupNorm;
import dev.kiln.dsl.InstanceNorm;
import dev.kiln.dsl.LayerNorm;
import dev.kiln.dsl.Numbers;
import dev.kiln.dsl.RmsNorm;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.Shape;
import dev.kiln.processor.Message;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;
import dev.kiln.processor.read.AnnotationSites;
import dev.kiln.processor.read.AnnotationValues;
import dev.kiln.processor.read.LayerReader;
import dev.kiln.processor.read.ReadContext;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;
import java.util.List;

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
 * others run the same code in both modes. Batch norm of 4-D arrays takes the convolution layout.
 *
 * <p>The five annotations ({@code @BatchNorm}, {@code @LayerNorm}, {@code @GroupNorm},
 * {@code @InstanceNorm}, {@code @RmsNorm}) are read alike: they share eps and affine and differ only
 * in decay and groups.
 */
final class NormKind implements LayerKind {

    @Override
    public List<Class<? extends LayerSpec>> specs() {
        return List.of(NormSpec.class);
    }

    @Override
    public List<LayerReader> readers() {
        return List.of(reader(BatchNorm.class, NormSpec.Kind.BATCH), reader(LayerNorm.class, NormSpec.Kind.LAYER),
                reader(GroupNorm.class, NormSpec.Kind.GROUP), reader(InstanceNorm.class, NormSpec.Kind.INSTANCE),
                reader(RmsNorm.class, NormSpec.Kind.RMS));
    }

    @Override
    public boolean takesLayout(LayerSpec spec, Shape input) {
        return ((NormSpec) spec).norm() == NormSpec.Kind.BATCH && input.rank() == 3;
    }

    private static LayerReader reader(Class<? extends Annotation> annotation, NormSpec.Kind kind) {
        return LayerReader.of(annotation, (field, mirror, context) -> read(annotation, kind, field, mirror, context));
    }

    private static LayerSpec read(Class<? extends Annotation> annotation, NormSpec.Kind kind, VariableElement field,
                                  AnnotationMirror mirror, ReadContext context) {
        AnnotationValues values = context.values(annotation, mirror);
        String layer = field.getSimpleName().toString();
        double eps = values.getDouble("eps");
        boolean affine = values.getBoolean("affine");
        boolean ok = check(eps > 0 && Double.isFinite(eps), field, mirror, "eps", context,
                "eps = " + Numbers.compact(eps) + " must be positive; it keeps the division finite when a variance is 0", "use 1e-5");
        double decay = Double.NaN;
        int groups = 0;
        if (kind == NormSpec.Kind.BATCH) {
            decay = values.getDouble("decay");
            ok &= check(decay >= 0 && decay < 1, field, mirror, "decay", context,
                    "decay = " + Numbers.compact(decay) + " must lie in [0, 1); running statistics keep decay of their old value",
                    "use 0.9 (PyTorch's momentum 0.1)");
        }
        if (kind == NormSpec.Kind.GROUP) {
            groups = values.getInt("groups");
            ok &= check(groups >= 0, field, mirror, "groups", context,
                    "groups = " + groups + " must be positive, or 0 for min(32, channels)", "leave groups unset for min(32, C)");
        }
        if (!ok) {
            return null;
        }
        return new NormSpec(layer, kind, eps, affine, decay, groups);
    }

    private static boolean check(boolean valid, VariableElement field, AnnotationMirror mirror, String attribute,
                                 ReadContext context, String problem, String hint) {
        if (!valid) {
            context.diagnostics().report(Message.NORM_PARAMETER, AnnotationSites.attribute(field, mirror, attribute), hint,
                    field.getSimpleName(), context.modelName(), problem);
        }
        return valid;
    }

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
        return NetPlan.BUFFERS + "." + layer.member(suffix);
    }

    private static String out(LayerContext layer) {
        return buffer(layer, "Out");
    }
}
