package dev.kiln.samples.fingerprint;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.OptimizerKind;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.optim.ParameterAverage;
import dev.kiln.runtime.optim.ParameterGroup;
import dev.kiln.runtime.optim.ReduceOnPlateau;
import dev.kiln.runtime.optim.ScheduleKind;
import dev.kiln.runtime.optim.Schedules;
import dev.kiln.runtime.optim.transform.RmsPropScaling;
import dev.kiln.runtime.optim.transform.TrustRatio;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingHistory;
import dev.kiln.samples.depth.DeepBatchNormMlpNet;
import dev.kiln.samples.depth.DeepPlainMlpNet;
import dev.kiln.samples.fashion.FashionCnnNet;
import dev.kiln.samples.fashion.FashionMlpNet;
import dev.kiln.samples.images.FolderCnnNet;
import dev.kiln.samples.kotlin.FashionCnnKtNet;
import dev.kiln.samples.kotlin.FashionMlpKtNet;
import dev.kiln.samples.kotlin.FashionTraining;
import dev.kiln.samples.resnet.DenseNet121Net;
import dev.kiln.samples.resnet.ResNet18Net;
import dev.kiln.samples.resnet.ResNet50Net;
import dev.kiln.samples.tables.WineMlpNet;
import dev.kiln.samples.transfer.FashionHalfMlpNet;
import dev.kiln.samples.transfer.FashionTransferMlpNet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * What FingerprintTest runs, by case name: every sample model a few steps with the optimizer it
 * declares (and the Kotlin samples and one Java model through their fit functions, so the trainer's
 * shuffling, evaluation and the Kotlin DSL count), and every optimizer, schedule, clipping, decay,
 * group and average setting the runtime offers ({@link #optimizerSettings()}) on the small wine table model. Each case is a
 * function so the test can run it twice.
 */
final class FingerprintCases {
    /** A case: its runs' fingerprints, part by part. */
    interface Case extends Supplier<Map<String, String>> {
    }

    private FingerprintCases() {
    }

    static Map<String, Case> all() {
        Map<String, Case> cases = new LinkedHashMap<>();
        models(cases);
        fits(cases);
        optimizerSettings().forEach((name, optimizer) ->
                cases.put(name, () -> new TrainingRun(3, 16, 6, 2).fingerprints(new WineMlpNet(7), optimizer.get())));
        return cases;
    }

    /**
     * Each sample model, its declared optimizer, on synthetic batches. The ImageNet-sized ones take one
     * step of two images, and ResNet34 and DenseNet201 are left out: they repeat ResNet18's and
     * DenseNet121's block classes, and each costs seconds.
     */
    private static void models(Map<String, Case> cases) {
        steps(cases, "FashionMlp", FashionMlpNet::new, 10, 8, 3);
        steps(cases, "FashionCnn", FashionCnnNet::new, 10, 8, 3);
        steps(cases, "FolderCnn", FolderCnnNet::new, 10, 8, 3);
        steps(cases, "WineMlp", WineMlpNet::new, 3, 16, 3);
        steps(cases, "DeepPlainMlp", DeepPlainMlpNet::new, 10, 8, 3);
        steps(cases, "DeepBatchNormMlp", DeepBatchNormMlpNet::new, 10, 8, 3);
        steps(cases, "FashionHalfMlp", FashionHalfMlpNet::new, 5, 8, 3);
        steps(cases, "FashionTransferMlp", FashionTransferMlpNet::new, 5, 8, 3);
        steps(cases, "FashionMlpKt", FashionMlpKtNet::new, 10, 8, 3);
        steps(cases, "FashionCnnKt", FashionCnnKtNet::new, 10, 8, 3);
        steps(cases, "ResNet18", ResNet18Net::new, 1000, 2, 1);
        steps(cases, "ResNet50", ResNet50Net::new, 1000, 2, 1);
        steps(cases, "DenseNet121", DenseNet121Net::new, 1000, 2, 1);
    }

    private static void steps(Map<String, Case> cases, String name, LongFunction<KilnNet> model, int classes, int batch, int steps) {
        cases.put(name, () -> {
            KilnNet net = model.apply(42);
            return new TrainingRun(classes, batch, steps, 0).fingerprints(net, net.defaultOptimizer());
        });
    }

    /**
     * The trainer (Java) and the Kotlin fit function of the MLP: two epochs of 64 examples, evaluated on 32.
     * (The Kotlin CNN's fit warms up over 200 updates, longer than a test can run; its model is a step case.)
     */
    private static void fits(Map<String, Case> cases) {
        TrainingRun data = new TrainingRun(10, 8, 0, 0);
        cases.put("FashionMlp.trainer", () -> {
            FashionMlpNet net = new FashionMlpNet(42);
            Optimizer optimizer = net.defaultOptimizer();
            TrainingHistory history = Trainer.of(net).optimizer(optimizer).epochs(2).batchSize(16).seed(5).progress(false)
                    .fit(data.dataset(net, 64, 11), data.dataset(net, 32, 12));
            return data.fitFingerprints(net, optimizer, history);
        });
        cases.put("FashionMlpKt.fit", () -> {
            FashionMlpKtNet net = new FashionMlpKtNet(42);
            Dataset train = data.dataset(net, 64, 11);
            return data.fitFingerprints(net, null, FashionTraining.trainMlp(net, train, data.dataset(net, 32, 12), 2, 5, false));
        });
    }

    /**
     * Every optimizer setting the runtime offers, by case name, each run on WineMlp (13-32-3, weights
     * and biases): six steps, an epoch every two.
     */
    static Map<String, Supplier<Optimizer>> optimizerSettings() {
        Map<String, Supplier<Optimizer>> cases = new LinkedHashMap<>();
        for (OptimizerKind kind : OptimizerKind.values()) {
            double rate = Double.isNaN(kind.defaultLearningRate()) ? 0.1 : kind.defaultLearningRate();
            cases.put("optimizer." + kind, () -> kind == OptimizerKind.LARS ? kind.create(rate) : kind.create());
            cases.put("optimizer." + kind + ".decay", () -> kind.create(rate, 0.01));
        }
        cases.put("rule.momentum-mu", () -> Optimizers.momentum(0.05, 0.5));
        cases.put("rule.nesterov-mu", () -> Optimizers.nesterov(0.05, 0.8));
        cases.put("rule.rmsprop-centered", () -> Optimizers.rmsProp(1e-2, new RmsPropScaling(0.9, 1e-8, true)));
        cases.put("rule.rmsprop-momentum", () -> Optimizers.rmsProp(1e-2, Optimizers.RMSPROP, 0.9));
        cases.put("rule.adam-no-bias-correction", () -> Optimizers.adam(1e-2, Optimizers.ADAM.biasCorrection(false)));
        cases.put("rule.adamw-betas", () -> Optimizers.adamW(1e-2, Optimizers.ADAM.betas(0.8, 0.9)));
        cases.put("rule.lars-trust", () -> Optimizers.lars(0.1, 0.8, new TrustRatio(1e-6, 0.1, 10)));
        cases.put("rule.lamb-trust", () -> Optimizers.lamb(1e-2, Optimizers.LAMB, new TrustRatio(1e-6, 0.1, 10)));
        cases.put("rule.rprop-step", () -> Optimizers.rprop(0.05));

        cases.put("schedule.constant", () -> Optimizers.sgd(0.1).schedule(Schedules.constant()));
        cases.put("schedule.inverse", () -> Optimizers.sgd(0.1).schedule(Schedules.inverse(0.5)));
        cases.put("schedule.step", () -> Optimizers.sgd(0.1).schedule(Schedules.step(1, 0.5)));
        cases.put("schedule.multistep", () -> Optimizers.sgd(0.1).schedule(Schedules.multiStep(0.5, 1, 2)));
        cases.put("schedule.exponential", () -> Optimizers.sgd(0.1).schedule(Schedules.exponential(0.9)));
        cases.put("schedule.linear", () -> Optimizers.sgd(0.1).schedule(Schedules.linear(6, 0)));
        cases.put("schedule.polynomial", () -> Optimizers.sgd(0.1).schedule(Schedules.polynomial(6, 0.01, 2)));
        cases.put("schedule.cosine", () -> Optimizers.sgd(0.1).schedule(Schedules.cosine(6, 0.001)));
        cases.put("schedule.cosine-restarts", () -> Optimizers.sgd(0.1).schedule(Schedules.cosineWarmRestarts(2, 2, 0)));
        cases.put("schedule.one-cycle", () -> Optimizers.sgd(0.1).schedule(Schedules.oneCycle(6)));
        cases.put("schedule.one-cycle-shaped", () -> Optimizers.sgd(0.1).schedule(Schedules.oneCycle(6, 0.5, 10, 100)));
        cases.put("schedule.warmup", () -> Optimizers.adam(1e-2).schedule(Schedules.warmup(3)));
        cases.put("schedule.warmup-cosine", () -> Optimizers.adamW(1e-2).schedule(Schedules.warmup(3, Schedules.cosine(6, 0))));
        for (ScheduleKind kind : ScheduleKind.values()) {
            cases.put("schedule.kind." + kind, () -> Optimizers.momentum(0.05).schedule(kind.create(6, 2)));
        }
        cases.put("plateau.validation", () -> Optimizers.sgd(0.1)
                .reduceOnPlateau(ReduceOnPlateau.defaults().patience(0).factor(0.5).threshold(0.5)));
        cases.put("plateau.training", () -> Optimizers.adam(1e-2)
                .reduceOnPlateau(ReduceOnPlateau.defaults().patience(0).factor(0.5).threshold(0.5).cooldown(1).monitorTrainingLoss()));

        cases.put("clip.value", () -> Optimizers.sgd(0.1).clipValue(0.01));
        cases.put("clip.norm", () -> Optimizers.momentum(0.1).clipNorm(0.05));
        cases.put("clip.global-norm", () -> Optimizers.adam(1e-2).clipGlobalNorm(0.05));
        cases.put("clip.all", () -> Optimizers.adamW(1e-2).clipValue(0.05).clipNorm(0.1).clipGlobalNorm(0.08));

        cases.put("decay.sgd-l2", () -> Optimizers.sgd(0.1).l2(0.1));
        cases.put("decay.sgd-decoupled", () -> Optimizers.sgd(0.1).weightDecay(0.1));
        cases.put("decay.momentum-decoupled", () -> Optimizers.momentum(0.1).weightDecay(0.1));
        cases.put("decay.adam-l2", () -> Optimizers.adam(1e-2).l2(0.1));
        cases.put("decay.rprop-l2", () -> Optimizers.rprop().l2(0.1));
        cases.put("decay.all-kinds", () -> Optimizers.adamW(1e-2).weightDecay(0.1).decayAndAdaptAllKinds());
        cases.put("decay.lamb-all-kinds", () -> Optimizers.lamb(1e-2).decayAndAdaptAllKinds());

        cases.put("group.rates-and-frozen", () -> Optimizers.adam(1e-2)
                .group(ParameterGroup.layers("hidden").learningRateScale(0.5))
                .group(ParameterGroup.kinds(Parameter.Kind.BIAS).frozen()));
        cases.put("group.decay", () -> Optimizers.sgd(0.1).group(ParameterGroup.named("logits.W").weightDecay(0.2)));
        cases.put("group.layer-adaptation", () -> Optimizers.lars(0.1).group(ParameterGroup.layers("logits").layerAdaptation(false)));

        cases.put("average.exponential", () -> Optimizers.adam(1e-2).averageParameters(0.9));
        cases.put("average.uniform", () -> Optimizers.momentum(0.05).averageParameters(ParameterAverage.uniform()));
        return cases;
    }
}
