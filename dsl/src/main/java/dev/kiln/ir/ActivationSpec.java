package dev.kiln.ir;

/** A standalone element-wise activation layer. */
public record ActivationSpec(String name, ActivationFunction activation) implements CostFreeSpec {

    @Override
    public String kind() {
        return "Activation";
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public String describe(Shape in) {
        return "Activation " + activation;
    }

    @Override
    public ActivationSpec renamed(String newName) {
        return new ActivationSpec(newName, activation);
    }
}
