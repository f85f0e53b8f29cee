package dev.kiln.ir;

import dev.kiln.dsl.Numbers;

/** Inverted dropout with drop probability {@code rate}. */
public record DropoutSpec(String name, double rate) implements CostFreeSpec {

    @Override
    public String kind() {
        return "Dropout";
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public String describe(Shape in) {
        return "Dropout p=" + Numbers.compact(rate);
    }

    @Override
    public DropoutSpec renamed(String newName) {
        return new DropoutSpec(newName, rate);
    }

    @Override
    public boolean keepsActivation() {
        return true;
    }

    @Override
    public boolean keepsLinearity() {
        return true;
    }

    @Override
    public boolean defersActivation() {
        return true;
    }
}
