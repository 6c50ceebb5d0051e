package io.regimestream.model;

/**
 * The model's answer for one temperature.
 *
 * @param regime        the winning regime
 * @param confidence    its probability
 * @param probabilities the probability of each regime, indexed by regime
 */
public record RegimeScore(int regime, double confidence, double[] probabilities) {}
