package dev.kiln.processor.read;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.List;

/**
 * Where one declaration of the model landed in the expanded graph: the nodes {@code [first, end)}
 * its field placed and, for a block stage, the node each unit starts at. The planner splits the
 * generated code of a large model along these parts, and a model too large for one class is
 * reported at the declaration that makes it so.
 */
public record ModelPart(String name, VariableElement field, AnnotationMirror annotation, Kind kind, int first, int end,
                        List<Integer> unitStarts) {

    /** Which kind of declaration placed the nodes. */
    public enum Kind {
        /** A plain layer field: one node. */
        LAYER,
        /** {@code @Residual}: units of branch, projection and addition. */
        RESIDUAL,
        /** {@code @DenseBlock}: units of branch and concatenation. */
        DENSE_BLOCK,
        /** {@code @Transition}: batch norm, ReLU, 1x1 convolution, average pool. */
        TRANSITION
    }

    public ModelPart {
        unitStarts = List.copyOf(unitStarts);
    }

    /** True for the repeated blocks, whose nodes come in units. */
    public boolean isStage() {
        return kind == Kind.RESIDUAL || kind == Kind.DENSE_BLOCK;
    }

    /** The nodes of unit {@code unit}, as {@code [start, end)}. */
    public int unitStart(int unit) {
        return unitStarts.get(unit);
    }

    public int unitEnd(int unit) {
        return unit + 1 < unitStarts.size() ? unitStarts.get(unit + 1) : end;
    }

    public int units() {
        return unitStarts.size();
    }
}
