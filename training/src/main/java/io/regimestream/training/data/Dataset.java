package io.regimestream.training.data;

/** What {@code --generate} produces. */
public enum Dataset {
    /** The regime-switching simulator of {@code common} with its default regimes. */
    regimes,
    /** The original article's data: integers drawn uniformly like numpy's {@code randint(40, 70)}, i.e. 40..69. */
    uniform
}
