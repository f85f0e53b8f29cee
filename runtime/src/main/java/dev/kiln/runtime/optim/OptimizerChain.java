package dev.kiln.runtime.optim;

import org.jspecify.annotations.Nullable;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.optim.transform.ClipByGlobalNorm;
import dev.kiln.runtime.optim.transform.ClipByNorm;
import dev.kiln.runtime.optim.transform.ClipByValue;
import dev.kiln.runtime.optim.schedule.Constant;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer built as a chain of small gradient transforms: a named one from {@link Optimizers} (or
 * {@link OptimizerKind}), configured with options that take their documented places, or one composed
 * link by link in any valid order with {@link #compose} (docs/optimizers.md, "Composing a chain").
 * A named optimizer's links run in this order:
 *
 * <pre>
 * clipping (value, norm per tensor, global norm)  ->  L2 penalty (coupled)  ->  update rule
 * (adaptive scaling, moments, trust ratio, learning rate / momentum)  ->  decoupled weight decay
 * ->  theta += step
 * </pre>
 *
 * <p>Beside the links, not in them: the schedule and reduce-on-plateau (which set each step's
 * learning rate), parameter groups (each parameter's settings), and the parameter average, which
 * reads the parameters after the write and keeps its array in each parameter's slot.
 *
 * <p>The learning rate of update t is {@code plateau multiplier x schedule(eta0, t - 1, e)} times the
 * parameter's group scale. Configuration methods return {@code this} and are only allowed before
 * the first step, so the state always matches the configuration. Weight decay, L2 and the
 * trust ratio of layer-wise methods apply to weights only unless {@link #decayAndAdaptAllKinds()} or a
 * {@link ParameterGroup} says otherwise (reference section 8.2).
 *
 * <p>Each step copies every gradient into a per-parameter update buffer (the model's gradients are
 * left as they are) and works there in place: after the first step, which allocates all state,
 * a step creates no arrays. All state, including the step counter, epoch, plateau state and
 * parameter averages, round-trips through {@link #saveState()} / {@link #loadState}: a resumed run
 * continues bit-for-bit like one that never stopped.
 */
@SuppressWarnings("NullAway") // the slot table and plateau tracker are made at the first step (or restore); the methods that read them run after it
public class OptimizerChain implements Optimizer {
    private static final String STEP_KEY = "t";
    private static final String EPOCH_KEY = "epoch";

    private final UpdateRule rule;
    // The links in the user's order for a composed chain (and what they say); null for a named optimizer.
    private final @Nullable List<GradientTransform> composed;
    private final String composition;
    private double baseLearningRate;
    private Schedule schedule = new Constant();
    private @Nullable ReduceOnPlateau plateauRule;
    /** A named optimizer's clipping and decay form; unused by a composed chain, whose links are given. */
    private final NamedLinks namedLinks = new NamedLinks();
    /** The decay λ every parameter starts from, before its group's settings. */
    private double decay;
    private boolean decayAllKinds;
    private final List<ParameterGroup> groups = new ArrayList<>();
    private @Nullable ParameterAverage average;

    // Made when the chain is assembled (first step or loadState), which ends configuration.
    private @Nullable SlotTable table;
    private @Nullable PlateauTracker plateau;

    private final List<ParameterSlot> active = new ArrayList<>();
    private final StepContext context = new StepContext();
    private long steps;
    private int epoch;
    private final AverageAccess averageAccess = new AverageAccess();

    /**
     * @param rule         the update rule
     * @param learningRate the base learning rate eta0 (for Rprop, which has none, any positive number)
     */
    public OptimizerChain(UpdateRule rule, double learningRate) {
        this(rule, learningRate, null, "");
    }

    private OptimizerChain(UpdateRule rule, double learningRate, @Nullable List<GradientTransform> composed, String composition) {
        this.rule = rule;
        this.composed = composed == null ? null : List.copyOf(composed);
        this.composition = composition;
        this.baseLearningRate = Checks.positive(rule.name() + " learning rate", learningRate);
    }

    /**
     * Starts an optimizer composed link by link, in the order the links are added (Optax's
     * {@code chain}); {@link ChainComposer} says what each place means.
     *
     * @param name         names the optimizer in messages and checkpoints
     * @param learningRate the base learning rate eta0 (any positive number when the step is Rprop's)
     */
    public static ChainComposer compose(String name, double learningRate) {
        Checks.positive(name + " learning rate", learningRate);
        return new ChainComposer(name, learningRate);
    }

    /** A composed chain of checked links; {@code decay} is the lambda of its decay link (0 without one). */
    static OptimizerChain composed(String name, double learningRate, List<GradientTransform> links, String composition,
                                   double decay) {
        GradientTransform step = links.stream().filter(ChainRules::isStep).findFirst().orElseThrow();
        UpdateRule rule = new UpdateRule(name, composition, links.subList(0, links.indexOf(step)), null, step,
                step.role() == GradientTransform.Role.STEP, step.role() == GradientTransform.Role.SELF_SIZED_STEP);
        OptimizerChain chain = new OptimizerChain(rule, learningRate, links, composition);
        chain.decay = decay;
        return chain;
    }

    // ---- configuration -------------------------------------------------------------------------

    /** The base learning rate eta0 that schedules start from. */
    public OptimizerChain learningRate(double value) {
        configuring();
        baseLearningRate = Checks.positive(rule.name() + " learning rate", value);
        return this;
    }

    /** The learning-rate schedule; constant unless set. */
    public OptimizerChain schedule(Schedule value) {
        configuring();
        if (!rule.usesLearningRate() && !(value instanceof Constant)) {
            throw new IllegalArgumentException(rule.name() + " adapts its own step sizes and takes no learning rate,"
                    + " so a schedule would have no effect");
        }
        schedule = value;
        return this;
    }

    /** Reduce-on-plateau on top of the schedule, driven by {@link #onEpochEnd}. */
    public OptimizerChain reduceOnPlateau(ReduceOnPlateau value) {
        configuring();
        if (!rule.usesLearningRate()) {
            throw new IllegalArgumentException(rule.name() + " takes no learning rate, so reduce-on-plateau would have no effect");
        }
        plateauRule = value;
        return this;
    }

    /** Clips every gradient entry to {@code [-c, c]} before anything else. */
    public OptimizerChain clipValue(double c) {
        return clip(new ClipByValue(c));
    }

    /** Rescales each gradient tensor whose norm exceeds {@code c} to norm {@code c}. */
    public OptimizerChain clipNorm(double c) {
        return clip(new ClipByNorm(c));
    }

    /** Rescales all gradients together when their joint norm exceeds {@code c}. */
    public OptimizerChain clipGlobalNorm(double c) {
        return clip(new ClipByGlobalNorm(c));
    }

    private OptimizerChain clip(GradientTransform clip) {
        configuring();
        named(clip.toString());
        namedLinks.clip(clip);
        return this;
    }

    /**
     * Coupled L2: adds {@code lambda theta} to the gradient before the update rule, as the gradient of
     * {@code (lambda/2)||theta||^2}. Replaces a decoupled decay set before.
     */
    public OptimizerChain l2(double lambda) {
        configuring();
        named("l2(" + lambda + ")");
        decay = Checks.notNegative("L2 lambda", lambda);
        namedLinks.coupled();
        return this;
    }

    /**
     * Decoupled weight decay: {@code theta <- theta - lr_t lambda theta} alongside the step, never
     * entering optimizer state (AdamW). Replaces an L2 penalty set before.
     */
    public OptimizerChain weightDecay(double lambda) {
        configuring();
        named("weightDecay(" + lambda + ")");
        decay = Checks.notNegative("weight decay", lambda);
        namedLinks.decoupled();
        return this;
    }

    /** Settings for a subset of parameters; later groups override earlier ones. */
    public OptimizerChain group(ParameterGroup value) {
        configuring();
        groups.add(value);
        return this;
    }

    /** Also decays, and lets LARS/LAMB adapt, biases and normalization parameters (off by default). */
    public OptimizerChain decayAndAdaptAllKinds() {
        configuring();
        decayAllKinds = true;
        return this;
    }

    /** Keeps an exponential average of the parameters with decay {@code gamma} (0.999 is the reference's). */
    public OptimizerChain averageParameters(double gamma) {
        return averageParameters(ParameterAverage.exponential(gamma));
    }

    /** Keeps the given parameter average, e.g. {@link ParameterAverage#uniform()}. */
    public OptimizerChain averageParameters(ParameterAverage value) {
        configuring();
        average = value;
        return this;
    }

    /** The options that insert links take their places in a named optimizer; a composed one has its links already. */
    private void named(String option) {
        if (composed != null) {
            throw new IllegalStateException(rule.name() + " was composed link by link (" + composition + "), so " + option
                    + " has no place of its own: add it as a link where it belongs, before build()");
        }
    }

    private void configuring() {
        if (table != null) {
            throw new IllegalStateException("configure " + rule.name() + " before its first step or loadState;"
                    + " its state was made for the configuration it had then");
        }
    }

    // ---- queries -------------------------------------------------------------------------------

    public UpdateRule rule() {
        return rule;
    }

    /** eta0, the rate schedules start from. */
    public double baseLearningRate() {
        return baseLearningRate;
    }

    public Schedule schedule() {
        return schedule;
    }

    /**
     * The learning rate of the next update: plateau multiplier times the schedule, before group
     * scales; NaN for a rule that takes none (Rprop).
     */
    @Override
    public double learningRate() {
        return rule.usesLearningRate() ? scheduledRate() : Double.NaN;
    }

    private double scheduledRate() {
        double multiplier = plateau != null ? plateau.multiplier() : 1;
        return multiplier * schedule.learningRate(baseLearningRate, steps, epoch);
    }

    @Override
    public long stepCount() {
        return steps;
    }

    /** Completed epochs, as told by {@link #onEpochEnd}. */
    public int completedEpochs() {
        return epoch;
    }

    /** The links in the order they run, without the parameter average beside them (assembles the chain, which ends configuration). */
    public List<GradientTransform> transforms() {
        assemble();
        return table.transforms();
    }

    /** What this chain does to {@code parameter}: its group settings resolved. */
    public ParameterSettings settingsOf(Parameter parameter) {
        ParameterSettings settings = new ParameterSettings(1, decay, true, false);
        ParameterGroup exclusions = defaultExclusions();
        if (!decayAllKinds && exclusions.selects(parameter)) {
            settings = exclusions.applyTo(settings);
        }
        for (ParameterGroup group : groups) {
            if (group.selects(parameter)) {
                settings = group.applyTo(settings);
            }
        }
        return settings;
    }

    /** Biases, norms and PReLU slopes: no decay, no trust ratio (reference sections 8.2 and 9.13). */
    private static ParameterGroup defaultExclusions() {
        return ParameterGroup.kinds(Parameter.Kind.BIAS, Parameter.Kind.NORM, Parameter.Kind.SLOPE).weightDecay(0).layerAdaptation(false);
    }

    @Override
    public boolean needsFullBatch() {
        return rule.needsFullBatch();
    }

    // ---- training-loop hooks -------------------------------------------------------------------

    @Override
    public void observeLoss(double trainingLoss) {
        if (plateauRule != null && Double.isFinite(trainingLoss)) {
            assemble();
            plateau.observeLoss(trainingLoss);
        }
    }

    @Override
    public void onEpochEnd(int completedEpoch, double validationLoss) {
        epoch = completedEpoch;
        if (plateauRule != null) {
            assemble();
            plateau.evaluate(validationLoss, baseLearningRate);
        }
    }

    // ---- the step ------------------------------------------------------------------------------

    @Override
    public void step(List<Parameter> parameters) {
        if (averageAccess.swappedIn()) {
            throw new IllegalStateException("the parameter average is swapped into the model; close the swap before training on");
        }
        assemble();
        long t = steps + 1;
        double learningRate = scheduledRate();
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalStateException(schedule + " gave learning rate " + learningRate + " at update " + t);
        }
        context.set(t, epoch, learningRate);
        active.clear();
        for (Parameter parameter : parameters) {
            ParameterSlot slot = slotFor(parameter);
            if (slot != null) {
                slot.begin(parameter, learningRate * slot.settings().learningRateScale());
                active.add(slot);
            }
        }
        List<GradientTransform> transforms = table.transforms();
        for (int i = 0; i < transforms.size(); i++) {
            GradientTransform transform = transforms.get(i);
            transform.prepare(context, active);
            for (ParameterSlot slot : active) {
                transform.apply(context, slot, slot.state(i));
            }
        }
        for (ParameterSlot slot : active) {
            slot.math().addScaled(slot.value(), 1, slot.update());
        }
        if (average != null) {
            int index = table.averageIndex();
            for (ParameterSlot slot : active) {
                average.update(context, slot, slot.state(index));
            }
        }
        steps = t;
    }

    /** The parameter's slot, created (with its state) on its first step; null for a frozen parameter. */
    private @Nullable ParameterSlot slotFor(Parameter parameter) {
        ParameterSlot slot = table.get(parameter.name());
        if (slot != null) {
            return slot;
        }
        ParameterSettings settings = settingsOf(parameter);
        return settings.frozen() ? null : table.create(parameter, settings);
    }

    /** Fixes the transform sequence from the configuration; see the class comment for the order. */
    private void assemble() {
        if (table != null) {
            return;
        }
        List<GradientTransform> chain = composed != null ? new ArrayList<>(composed)
                : namedLinks.around(rule, decay, groups.stream().anyMatch(ParameterGroup::setsDecay));
        ChainRules.check(rule.name(), chain);
        table = new SlotTable(chain, average, rule.name());
        plateau = plateauRule != null ? new PlateauTracker(plateauRule) : null;
    }

    // ---- parameter average ---------------------------------------------------------------------

    /**
     * Puts the averaged parameters into the model (reference section 8.3: evaluate with them) until
     * the returned swap is closed, which puts the live ones back bit-for-bit. Training is refused
     * meanwhile.
     *
     * <pre>{@code
     * try (var swap = optimizer.swapInAverage(net)) {
     *     Evaluation.evaluate(net, test, 1000);
     * }
     * }</pre>
     */
    public WeightSwap swapInAverage(KilnNet net) {
        return swapInAverage(net.parameters());
    }

    /** As {@link #swapInAverage(KilnNet)}, for a list of parameters. */
    public WeightSwap swapInAverage(List<Parameter> parameters) {
        int index = averageIndex(); // assembles the chain, and with it the slot table
        return averageAccess.swapIn(table, index, parameters);
    }

    /** Whether this chain keeps a parameter average. */
    public boolean averagesParameters() {
        return average != null;
    }

    /** A copy of the averaged value of the named parameter. */
    public INDArray averageOf(String parameterName) {
        int index = averageIndex();
        return AverageAccess.averageOf(table, index, parameterName);
    }

    private int averageIndex() {
        assemble();
        int index = table.averageIndex();
        if (index < 0) {
            throw new IllegalStateException(this + " keeps no parameter average; add averageParameters(...)");
        }
        return index;
    }

    // ---- state ---------------------------------------------------------------------------------

    /** The live state array {@code key} (e.g. {@code fc1.W/adam.m}), not a copy; null if there is none. For tests. */
    @Nullable INDArray liveState(String key) {
        return table == null ? null : table.live(key);
    }

    @Override
    public Map<String, INDArray> saveState() {
        assemble();
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put(STEP_KEY, Nd4j.scalar(steps));
        state.put(EPOCH_KEY, Nd4j.scalar((long) epoch));
        if (plateau != null) {
            plateau.save(state);
        }
        table.save(state);
        return state;
    }

    /**
     * Restores state from {@link #saveState()} of an optimizer configured the same way. Parameters
     * take their arrays at their next step; a parameter without saved state starts fresh. Keys this
     * configuration does not know are an error, so a mismatched checkpoint is noticed.
     */
    @Override
    public void loadState(Map<String, INDArray> state) {
        assemble();
        StateReader reader = new StateReader(state);
        long loadedSteps = reader.longValue(STEP_KEY);
        int loadedEpoch = reader.has(EPOCH_KEY) ? (int) reader.longValue(EPOCH_KEY) : 0;
        PlateauTracker restoredPlateau = plateauRule != null ? new PlateauTracker(plateauRule) : null;
        if (restoredPlateau != null && reader.has("plateau.multiplier")) {
            restoredPlateau.load(reader);
        }
        Map<String, INDArray> arrays = table.read(reader);
        if (!reader.unused().isEmpty()) {
            throw new IllegalArgumentException("optimizer state has keys that " + this + " does not use: " + reader.unused()
                    + " (saved with another configuration?)");
        }
        steps = loadedSteps;
        epoch = loadedEpoch;
        plateau = restoredPlateau;
        table.replaceWith(arrays);
    }

    /**
     * The configuration in one line, which checkpoints store to recognize it: e.g.
     * {@code AdamW(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8) + clipGlobalNorm(1.0) + weightDecay(0.01)}
     * for a named optimizer, {@code MyAdamW(lr=0.001: clipGlobalNorm(1.0) -> adam(...) -> addDecayedWeights(0.01) -> lr)}
     * for a composed one; groups, schedule, plateau and average follow.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(rule.name()).append('(');
        if (composed != null) {
            text.append("lr=").append(baseLearningRate).append(": ").append(composition).append(')');
            return outsideTheLinks(text).toString();
        }
        if (rule.usesLearningRate()) {
            text.append("lr=").append(baseLearningRate);
            if (!rule.details().isEmpty()) {
                text.append(", ");
            }
        }
        text.append(rule.details()).append(')');
        return outsideTheLinks(namedLinks.describe(text, decay)).toString();
    }

    /** Appends what is configured beside the links: groups, schedule, plateau, average. */
    private StringBuilder outsideTheLinks(StringBuilder text) {
        for (ParameterGroup group : groups) {
            text.append(" + group(").append(group).append(')');
        }
        if (!(schedule instanceof Constant)) {
            text.append(" + schedule ").append(schedule);
        }
        if (plateauRule != null) {
            text.append(" + ").append(plateauRule);
        }
        if (average != null) {
            text.append(" + ").append(average);
        }
        return text;
    }
}
